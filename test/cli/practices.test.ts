/** The real `signpost practices import` against an embedded store on disk, read back through the store. */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { openStores } from '../../src/storage';
import { tempDataDir } from '../helpers/testApp';
import { runCli } from '../nlu/runCli';

jest.setTimeout(120_000);

const SAMPLE = path.join(__dirname, '..', 'fixtures', 'epraccur-sample.csv');

describe('signpost practices import', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = tempDataDir();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('imports the practices of an ODS epraccur file and says what it left out', async () => {
    const run = await runCli(['practices', 'import', SAMPLE], { env: { SIGNPOST_DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('imported 4 GP practices; left out 1 closed or proposed');
    expect(run.stdout).toContain('line 6: no organisation code or name');
    const stores = await openStores(loadConfig({ NODE_ENV: 'test', SIGNPOST_DATA_DIR: dataDir }));
    try {
      expect(await stores.practices.get('L81004')).toEqual({ odsCode: 'L81004', name: 'FISHPONDS FAMILY PRACTICE', postcode: 'BS16 3TD' });
      expect(await stores.practices.count()).toBe(4);
    } finally {
      await stores.close();
    }
  });

  it('refuses a file that holds no practices, says why, and keeps the list it had', async () => {
    const bad = path.join(dataDir, 'not-practices.csv');
    writeFileSync(bad, 'name,phone\nLunch club,0117\n');
    const run = await runCli(['practices', 'import', bad, '--json'], { env: { SIGNPOST_DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('holds no GP practices in the NHS ODS epraccur layout');
    expect(run.stderr).toContain('The list was not changed.');
    const missing = await runCli(['practices', 'import', path.join(dataDir, 'nope.csv')], { env: { SIGNPOST_DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Could not read');
    const stores = await openStores(loadConfig({ NODE_ENV: 'test', SIGNPOST_DATA_DIR: dataDir }));
    try {
      expect(await stores.practices.count()).toBe(4);
    } finally {
      await stores.close();
    }
  });
});
