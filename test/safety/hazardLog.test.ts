/**
 * The hazard log is tied to the tests: every test it names as verifying a control exists, so a control cannot lose
 * its evidence silently; and every hazard has its parts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { projectPath } from '../../src/paths';

const LOG = projectPath('docs', 'clinical-safety', 'hazard-log.md');

/** `file.test.ts` "name" pairs in the log (the name may be the start of the test's own name). */
export function namedTests(markdown: string): { file: string; name: string }[] {
  const out: { file: string; name: string }[] = [];
  for (const match of markdown.matchAll(/`(test\/[\w./-]+\.test\.ts)`\s+"((?:[^"\\]|\\.)+)"/g)) out.push({ file: match[1], name: match[2].replace(/\\"/g, '"') });
  return out;
}

function missing(markdown: string): string[] {
  return namedTests(markdown)
    .filter(({ file, name }) => {
      const path = projectPath(...file.split('/'));
      return !existsSync(path) || !readFileSync(path, 'utf8').replace(/\\'/g, "'").includes(name);
    })
    .map(({ file, name }) => `${file} "${name}"`);
}

describe('the hazard log', () => {
  const markdown = readFileSync(LOG, 'utf8');
  const hazards = markdown.split(/^### /m).slice(1);

  it('covers the hazards the safety issue lists, each with cause, effect, initial and residual risk, controls and tests', () => {
    const titles = hazards.map((h) => h.split('\n')[0]);
    for (const needed of ['Missed risk', 'False alarm', 'Wrong help', 'Lost or unanswered handoff', 'Wrong service', 'Personal data disclosed', 'Out-of-hours silence']) {
      expect(titles.some((t) => t.includes(needed))).toBe(true);
    }
    for (const hazard of hazards) {
      for (const part of ['**Hazard**', '**Cause**', '**Effect**', '**Initial**', '**Controls**', '**Verified by**', '**Residual**']) expect([hazard.split('\n')[0], hazard.includes(part)]).toEqual([hazard.split('\n')[0], true]);
      expect(namedTests(hazard).length).toBeGreaterThan(0);
    }
  });

  it('names only tests that exist', () => {
    expect(namedTests(markdown).length).toBeGreaterThanOrEqual(20);
    expect(missing(markdown)).toEqual([]);
  });

  it('would fail if a named test went away', () => {
    expect(missing('`test/safety/safety.test.ts` "a test nobody wrote"')).toEqual(['test/safety/safety.test.ts "a test nobody wrote"']);
    expect(missing('`test/safety/nothing.test.ts` "anything"')).toEqual(['test/safety/nothing.test.ts "anything"']);
  });
});
