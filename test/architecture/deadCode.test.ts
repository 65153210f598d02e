/**
 * No dead code: every name src exports is used somewhere (in its own file, elsewhere in src, in a test or a bench).
 * A name used nowhere is either dead (delete it) or untested (test it).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sourceFiles } from './sourceFiles';

const ROOT = join(__dirname, '../..');

describe('dead code', () => {
  it('src exports nothing that nothing uses', () => {
    const all = ['src', 'test', 'bench'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
    const text = new Map(all.map((file) => [file, readFileSync(file, 'utf8')]));
    const unused: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      const own = text.get(file) ?? '';
      for (const match of own.matchAll(/^export (?:async )?(?:function|class|const|let|type|interface|enum) ([A-Za-z0-9_$]+)/gm)) {
        const name = match[1];
        const pattern = `\\b${name.replace(/\$/g, '\\$')}\\b`;
        const word = new RegExp(pattern);
        const usedHere = (own.match(new RegExp(pattern, 'g')) ?? []).length > 1;
        if (!usedHere && !all.some((other) => other !== file && word.test(text.get(other) ?? ''))) unused.push(`${relative(ROOT, file)}: ${name}`);
      }
    }
    expect(unused).toEqual([]);
  });
});
