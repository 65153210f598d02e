import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEFAULT_DISTRICTS_FILE, DEFAULT_FULL_POSTCODES_FILE } from '../../src/services/geography/Geography';
import { readPlainTable } from '../../src/services/geography/plainTable';

describe('the bundled geography tables, read by splitting', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'plain-table-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads each bundled table exactly as a CSV parser does', () => {
    for (const file of [DEFAULT_DISTRICTS_FILE, DEFAULT_FULL_POSTCODES_FILE]) {
      const parsed = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
      expect(readPlainTable(file)).toEqual(parsed);
    }
  });

  it('takes Windows line ends, a byte order mark, blank lines and short rows', () => {
    const file = path.join(dir, 'windows.csv');
    writeFileSync(file, '\uFEFFdistrict,latitude,longitude,area\r\nS6,53.4,-1.5,Sheffield\r\n\r\nBS16,51.48\r\n');
    expect(readPlainTable(file)).toEqual([
      { district: 'S6', latitude: '53.4', longitude: '-1.5', area: 'Sheffield' },
      { district: 'BS16', latitude: '51.48', longitude: '', area: '' },
    ]);
  });

  it('refuses a table with quotes, naming the file', () => {
    const file = path.join(dir, 'quoted.csv');
    writeFileSync(file, 'district,area\nS6,"Sheffield, South Yorkshire"\n');
    expect(() => readPlainTable(file)).toThrow(/quoted\.csv is not a plain table/);
  });
});
