/** Reading NHS ODS's epraccur CSV and matching a practice a person names to one ODS code. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { matchPractice, practiceDisplayName, practiceNameKey, readEpraccur, type GpPractice, type PracticeList } from '../../src/services/dataset/practices';

const SAMPLE = readFileSync(path.join(__dirname, '..', 'fixtures', 'epraccur-sample.csv'), 'utf8');

/** The port over an array: enough to test matching (the adapters have their own conformance suite). */
function listOf(practices: GpPractice[]): PracticeList {
  return {
    replaceAll: async () => practices.length,
    count: async () => practices.length,
    get: async (code) => practices.find((p) => p.odsCode === code) ?? null,
    findByNameKey: async (key, limit = 10) => practices.filter((p) => practiceNameKey(p.name) === key).slice(0, limit),
  };
}

describe('epraccur', () => {
  it('reads code, name and postcode by position; keeps active and dormant practices; reports what it cannot read', () => {
    const report = readEpraccur(SAMPLE);
    expect(report.practices).toEqual([
      { odsCode: 'L81004', name: 'FISHPONDS FAMILY PRACTICE', postcode: 'BS16 3TD' },
      { odsCode: 'L81018', name: 'THE PARK SURGERY', postcode: 'BS15 1QU' },
      { odsCode: 'Y01234', name: 'PARK SURGERY', postcode: 'BS16 5HQ' },
      { odsCode: 'L81050', name: 'EASTON HEALTH CENTRE & MEDICAL PRACTICE', postcode: 'BS5 6XX' },
    ]);
    expect(report.skipped).toBe(1); // closed
    expect(report.problems).toEqual([{ line: 6, problem: 'no organisation code or name' }]);
  });

  it('reads a file with a header row by column name', () => {
    const report = readEpraccur('Organisation Code,Name,Postcode,Status Code\nL81004,FISHPONDS FAMILY PRACTICE,BS16 3TD,A\nL81999,OLD,BS1 1AA,C\n');
    expect(report.practices).toEqual([{ odsCode: 'L81004', name: 'FISHPONDS FAMILY PRACTICE', postcode: 'BS16 3TD' }]);
    expect(report.skipped).toBe(1);
  });

  it('finds nothing in a file that is not a practice list', () => {
    const report = readEpraccur('hello,world\n1,2\n');
    expect(report.practices).toEqual([]);
    expect(report.problems.length).toBe(2);
  });
});

describe('matching a practice a person names', () => {
  const list = listOf(readEpraccur(SAMPLE).practices);

  it('matches by the telling words of the name, whatever the case, punctuation or generic words', async () => {
    for (const text of ['Fishponds Family Practice', 'fishponds surgery', 'the Fishponds practice', 'FISHPONDS', 'L81004', 'l81004']) {
      expect((await matchPractice(list, text))?.odsCode).toBe('L81004');
    }
    expect((await matchPractice(list, 'Easton Health Centre and Medical Practice'))?.odsCode).toBe('L81050');
  });

  it('leaves an ambiguous or unknown practice as text (no match)', async () => {
    expect(await matchPractice(list, 'Park Surgery')).toBeUndefined(); // two practices: no guess
    expect(await matchPractice(list, 'Downend Surgery')).toBeUndefined();
    expect(await matchPractice(list, 'Z99999')).toBeUndefined();
    expect(await matchPractice(listOf([]), 'Fishponds')).toBeUndefined();
  });

  it('shows a matched name back in ordinary case', () => {
    expect(practiceDisplayName('FISHPONDS FAMILY PRACTICE')).toBe('Fishponds Family Practice');
    expect(practiceDisplayName('ST JOHNS GP & NHS CENTRE')).toBe('St Johns GP & NHS Centre');
  });
});
