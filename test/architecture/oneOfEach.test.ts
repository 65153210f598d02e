/**
 * One of each: the modules that were once written twice and disagreed (a GSM-7 encoder that dropped what another wrote
 * as "?", two `isSkip` with different words, two sliding-window limiters, two `registerConsole`) stay single.
 */
import { readFileSync } from 'node:fs';
import { sourceFiles } from './sourceFiles';
import { join, relative } from 'node:path';
import { DIALOG_IDS } from '../../src/dialogs/dialogIds';

const SRC = join(__dirname, '../../src');

const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

function exporters(name: string): string[] {
  const pattern = new RegExp(`^export (async )?(function|class|const) ${name}\\b`, 'm');
  return files.filter((f) => pattern.test(f.text)).map((f) => f.path);
}

describe('one of each', () => {
  it.each(['toGsm7', 'isGsm7', 'isSkip', 'registerConsole', 'parseOpeningHours'])('%s is defined once', (name) => {
    expect(exporters(name)).toHaveLength(1);
  });

  it('declares dialog ids one way: in DIALOG_IDS, each once; no dialog names its own id in a literal', () => {
    const literal = files.filter((f) => /^export const \w+_DIALOG = '/m.test(f.text)).map((f) => f.path);
    expect(literal).toEqual([]);
    const ids = Object.values(DIALOG_IDS);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps sliding-window timestamps in one limiter', () => {
    const windows = files.filter((f) => /Map<string, number\[\]>/.test(f.text)).map((f) => f.path);
    expect(windows).toEqual(['services/sms/RateLimiter.ts']);
  });
});
