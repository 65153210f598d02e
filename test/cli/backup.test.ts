/**
 * `signpost backup <file>` (the built CLI) while the store is open and being written, as a running server's is: the
 * copy opens as a data folder holding what was written before it, is 0600, and an existing file is never overwritten.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE, openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { tempDataDir } from '../helpers/tempDir';
import { runCli } from '../nlu/runCli';
import { newReferral } from '../storage/records';

jest.setTimeout(120_000);

describe('signpost backup', () => {
  let dataDir: string;
  let stores: Stores;
  beforeEach(async () => {
    dataDir = tempDataDir('signpost-backup-');
    stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies the open store while it is written to, into a file that opens as a data folder', async () => {
    const before = [];
    for (let i = 0; i < 20; i += 1) before.push(await stores.referrals.create(newReferral()));
    const file = path.join(dataDir, 'copies', 'backup.db');
    mkdirSync(path.dirname(file));
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await stores.referrals.create(newReferral());
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const result = await runCli(['backup', file, '--json'], { env: { SIGNPOST_DATA_DIR: dataDir } });
    writing = false;
    await writer;
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(JSON.parse(result.stdout)).toMatchObject({ file, bytes: statSync(file).size });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file))).toEqual(['backup.db']);

    const restored = path.join(dataDir, 'restored');
    mkdirSync(restored);
    copyFileSync(file, path.join(restored, DATABASE_FILE));
    const copy = await openEmbeddedStores({ dataDir: restored, retentionDays: 730 });
    try {
      for (const referral of before) expect(await copy.referrals.get(referral.reference)).toEqual(referral);
    } finally {
      await copy.close();
    }
  });

  it('never overwrites an existing file', async () => {
    const file = path.join(dataDir, 'there.db');
    writeFileSync(file, 'mine');
    const result = await runCli(['backup', file], { env: { SIGNPOST_DATA_DIR: dataDir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/exists already/);
  });
});
