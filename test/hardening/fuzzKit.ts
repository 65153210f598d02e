/**
 * Shared parts of the fuzz tests: how many payloads (FUZZ_RUNS, 10 000 by default) and which seed (FUZZ_SEED), sent
 * in concurrent batches so 10 000 requests take well under a minute; odd text that people and attackers send; and a
 * light HTTP client for the load.
 */
import { Agent, request } from 'node:http';
import fc from 'fast-check';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** Requests in flight at once: each fast-check run is one batch of this many payloads, sent together. */
export const FUZZ_BATCH = 25;

/**
 * Generates FUZZ_RUNS payloads with fast-check (seeded: FUZZ_SEED replays a run) and sends them in concurrent batches
 * of FUZZ_BATCH, one batch per fast-check run. `send` returns a reason when the answer is wrong, undefined when it is
 * fine. Throws with the seed, the first bad payload (shortened) and the reason.
 */
export async function checkBatches<T>(payload: fc.Arbitrary<T>, send: (item: T) => Promise<string | undefined>, total = FUZZ_RUNS, batch = FUZZ_BATCH): Promise<void> {
  const property = fc.asyncProperty(fc.array(payload, { minLength: batch, maxLength: batch }), async (items) => {
    const reasons = await Promise.all(items.map(send));
    const bad = reasons.findIndex((r) => r !== undefined);
    if (bad >= 0) throw new Error(`${reasons[bad]}\npayload: ${shortened(items[bad])}`);
  });
  const result = await fc.check(property, { numRuns: Math.max(1, Math.ceil(total / batch)), seed: FUZZ_SEED, endOnFailure: true });
  if (result.failed) {
    const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    throw new Error(`fuzz failed (replay with FUZZ_SEED=${result.seed}) after ${result.numRuns} batches: ${cause}`);
  }
}

function shortened(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : typeof v === 'string' && v.length > 300 ? `${v.slice(0, 300)}...(${v.length} chars)` : v));
  return text.length > 3000 ? `${text.slice(0, 3000)}...` : text;
}

/** A stack trace leaking into a response body. */
export const STACK_TRACE = /\bat .+\.(js|ts):\d+/;

/** Text that breaks naive code: direction overrides, zero widths, combining marks, lone surrogates, NUL, emoji, other digits. */
export const ODD_SNIPPETS = [
  '\u202Eevil\u202C', '\u200B\u200C\u200D', '\uFEFF', 'e\u0301'.repeat(300), '\uD800', '\uDFFF', 'a\u0000b', '\r\n\r\n',
  '👨‍👩‍👧‍👦', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '０７７００ ９００１２３', '٠٧٧٠٠٩٠٠١٢٣', 'ﷺ', 'İstanbul', 'ß', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '"\'<>&;', '<script>alert(1)</script>',
  '${{7*7}}', '%s%n%x', '../../etc/passwd', '\\u0000', 'null', 'undefined', '[object Object]', '__proto__', 'constructor',
  'NaN', '-1', '1e309', '99999999999999999999999', '  ', '',
];

/** Any text, weighted towards short strings, with odd unicode mixed in. */
export const oddText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_SNIPPETS) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...ODD_SNIPPETS), fc.string({ maxLength: 20 }), fc.constantFrom(...ODD_SNIPPETS)).map((parts) => parts.join('')) },
);

/** Text far over any limit: the server must cut or refuse it, not choke on it. */
export const hugeText: fc.Arbitrary<string> = fc.constantFrom('x'.repeat(2_000), 'ü'.repeat(1_700), '😀'.repeat(900), 'word '.repeat(20_000), 'y'.repeat(300_000));

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** Closes the kept-alive connections (call when the run is over, so nothing holds the test process open). */
export function closeConnections(): void {
  agent.destroy();
}

/**
 * One HTTP request over a keep-alive connection (node:http: lighter than fetch, so the load generator costs the
 * machine less than the server it is testing). Headers and body go as given; the body is read as UTF-8.
 */
export function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
    const req = request(url, { method: options.method ?? 'GET', agent, headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
