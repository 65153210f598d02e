/**
 * restify 11 reads process.binding('http_parser'), so Node prints DEP0111 twice at every start. It is harmless (see
 * KNOWN-GOOD.md) and says nothing a person can act on, so that one warning, and only it, is dropped. Imported first by
 * the entry points, before restify loads.
 */
let installed = false;

export function silenceRestifyDeprecation(): void {
  if (installed) return;
  installed = true;
  const original = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const options = rest[0];
    const code = typeof options === 'object' && options !== null ? (options as { code?: string }).code : rest[1];
    const text = typeof warning === 'string' ? warning : warning.message;
    if ((code === 'DEP0111' || (warning as { code?: string }).code === 'DEP0111') && /http_parser/.test(text)) return;
    original(warning, ...rest);
  }) as typeof process.emitWarning;
}

silenceRestifyDeprecation();
