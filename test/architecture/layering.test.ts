/**
 * Dependencies point one way (README "Architecture in brief", ARCHITECTURE.md "Seams"): channels and console -> bots
 * -> dialogs -> services <- storage. Every import in src (static, `export ... from`, dynamic `import()` and
 * `require`, type-only too) is read with TypeScript's own pre-processor and checked against the rules below.
 */
import { readFileSync } from 'node:fs';
import { sourceFiles } from './sourceFiles';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const SRC = resolve(__dirname, '../../src');

/** The top-level part of src a file belongs to: a folder ("storage") or a file at the top ("app" for app.ts; "cli" is both). */
type Part = string;

/** What each part must not import, and why. */
const RULES: Record<Part, { forbidden: Part[]; why: string }> = {
  storage: { forbidden: ['channels', 'dialogs', 'bots', 'console', 'cli', 'app', 'server'], why: 'adapters implement the ports services define; they never import a channel, dialog, bot or the console' },
  services: { forbidden: ['storage', 'channels', 'dialogs', 'bots', 'console', 'cli', 'app', 'server'], why: 'services import no adapter, dialog or channel: app.ts wires them' },
  dialogs: { forbidden: ['channels', 'storage', 'bots', 'console', 'cli', 'app', 'server'], why: 'dialogs import no channel or storage' },
  bots: { forbidden: ['storage', 'channels', 'console', 'cli', 'app', 'server'], why: 'bots reach storage only through services; channels call bots, not the other way' },
  console: { forbidden: ['storage', 'cli', 'app'], why: 'the console reaches storage only through services' },
  channels: { forbidden: ['storage', 'console', 'cli', 'app'], why: 'channels are transports: they reach storage only through services' },
};

export interface Import {
  file: string;
  from: Part;
  to: Part;
  specifier: string;
}

function partOf(path: string): Part | undefined {
  const rel = relative(SRC, path);
  if (rel.startsWith('..')) return undefined;
  return rel.split(/[\\/]/)[0].replace(/\.(ts|js)$/, '');
}

/** Every import in src that crosses from one part to another. */
export function importsOf(text: string, file: string): Import[] {
  const from = partOf(file);
  if (!from) return [];
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles
    .filter((f) => f.fileName.startsWith('.'))
    .map((f) => ({ file: relative(SRC, file), from, to: partOf(resolve(dirname(file), f.fileName)) ?? '(outside src)', specifier: f.fileName }))
    .filter((i) => i.to !== from);
}

export function broken(imports: Import[]): string[] {
  return imports
    .filter((i) => RULES[i.from]?.forbidden.includes(i.to))
    .map((i) => `${i.file} imports ${i.specifier} (${i.from} -> ${i.to}): ${RULES[i.from].why}`);
}

const all = sourceFiles(SRC).flatMap((file) => importsOf(readFileSync(file, 'utf8'), file));

describe('dependencies point one way', () => {
  it('reads the import graph (type-only, re-exports, dynamic imports and require included)', () => {
    const seen = (from: Part, to: Part) => all.some((i) => i.from === from && i.to === to);
    expect(seen('dialogs', 'services')).toBe(true);
    expect(seen('storage', 'services')).toBe(true);
    expect(seen('app', 'storage')).toBe(true);
    const file = join(SRC, 'storage/embedded/Example.ts');
    const samples = [
      "import type { X } from '../../channels/directline/x';",
      "export { X } from '../../channels/directline/x';",
      "const x = await import('../../dialogs/x');",
      "const y = require('../../bots/y');",
      "import '../../console/z';",
    ];
    for (const sample of samples) expect(broken(importsOf(sample, file))).toHaveLength(1);
    expect(broken(importsOf("import { Y } from '../../services/y';", file))).toEqual([]);
  });

  it('breaks no rule', () => {
    expect(broken(all)).toEqual([]);
  });
});
