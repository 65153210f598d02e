/** The embedded store's own duties: one process per folder, retention sweeps, periodic compaction, ping. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { DataDirInUseError, LOCK_FILE } from '../../src/storage/embedded/dataDirLock';
import { DATA_FILES, openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import { tempDataDir } from '../helpers/testApp';
import { DAY_MS, newReferral } from './records';

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

/** Puts a referral created long ago straight into the data file, as an old install would hold it. */
async function writeOldReferral(dataDir: string, reference: string, ageDays: number): Promise<void> {
  const db = new Datastore({ filename: path.join(dataDir, DATA_FILES.referrals) });
  await db.loadDatabaseAsync();
  const createdAt = new Date(Date.now() - ageDays * DAY_MS);
  const { reference: _ignored, ...rest } = newReferral();
  await db.insertAsync({ ...rest, _id: reference, createdAt, updatedAt: createdAt });
}

describe('embedded store', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDataDir('signpost-embedded-');
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates its data folder and files under SIGNPOST_DATA_DIR', async () => {
    const nested = path.join(dataDir, 'a', 'b');
    const stores = await openEmbeddedStores({ dataDir: nested, retentionDays: 730 });
    await stores.referrals.create(newReferral());
    for (const file of Object.values(DATA_FILES)) expect(existsSync(path.join(nested, file))).toBe(true);
    await stores.close();
  });

  it('sweeps personal data past retention when it opens', async () => {
    await writeOldReferral(dataDir, 'SP-OLD', 40);
    await writeOldReferral(dataDir, 'SP-RECENT', 20);
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 30 });
    expect(await stores.referrals.get('SP-OLD')).toBeNull();
    expect(await stores.referrals.get('SP-RECENT')).not.toBeNull();
    await stores.close();
  });

  it('sweeps again on its timer while it runs', async () => {
    let now = new Date();
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 30, sweepEveryMs: 20, now: () => now });
    const created = await stores.referrals.create(newReferral());
    await new Promise((r) => setTimeout(r, 60));
    expect(await stores.referrals.get(created.reference)).not.toBeNull();
    now = new Date(Date.now() + 31 * DAY_MS);
    for (let i = 0; i < 100 && (await stores.referrals.get(created.reference)); i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(await stores.referrals.get(created.reference)).toBeNull();
    await stores.close();
  });

  it('compacts its data files periodically', async () => {
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 730, compactEveryMs: 50 });
    const created = await stores.referrals.create(newReferral());
    for (let i = 0; i < 20; i += 1) await stores.referrals.update(created.reference, { needs: [`need-${i}`] });
    const file = path.join(dataDir, DATA_FILES.referrals);
    for (let i = 0; i < 100 && lines(file) > 10; i += 1) await new Promise((r) => setTimeout(r, 20));
    // One document plus nedb's index records: far fewer lines than the 21 writes.
    expect(lines(file)).toBeLessThanOrEqual(10);
    expect((await stores.referrals.get(created.reference))?.needs).toEqual(['need-19']);
    await stores.close();
  });

  it('refuses a second opening of the same folder, in this process or another live one, with a clear error', async () => {
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    await expect(openEmbeddedStores({ dataDir, retentionDays: 730 })).rejects.toBeInstanceOf(DataDirInUseError);
    await stores.close();

    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(dataDir, LOCK_FILE), `${other.pid}\n`);
      await expect(openEmbeddedStores({ dataDir, retentionDays: 730 })).rejects.toThrow(new RegExp(`in use by process ${other.pid}`));
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
    // Its owner is gone now: the stale lock is taken over.
    const reopened = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    await reopened.close();
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('pings true while open and false once closed; close is idempotent', async () => {
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    expect(await stores.ping()).toBe(true);
    await stores.close();
    await stores.close();
    expect(await stores.ping()).toBe(false);
  });
});
