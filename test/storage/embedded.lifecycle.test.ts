/**
 * The embedded store's own duties: its folder and files private to the user (0700, 0600), several processes sharing
 * one folder, retention sweeps, WAL checkpoints and vacuum on a timer, schema versions, ping.
 */
import { statSync, rmSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS } from '../../src/storage/embedded/migrations';
import { DATABASE_FILE, openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import { tempDataDir } from '../helpers/tempDir';
import { DAY_MS, newReferral } from './records';

const mode = (file: string) => statSync(file).mode & 0o777;

describe('embedded store', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDataDir('signpost-embedded-');
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates its data folder (0700) and database files (0600) under SIGNPOST_DATA_DIR, and tightens looser ones', async () => {
    const nested = path.join(dataDir, 'a', 'b');
    const stores = await openEmbeddedStores({ dataDir: nested, retentionDays: 730 });
    await stores.referrals.create(newReferral());
    expect(mode(nested)).toBe(0o700);
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) expect([file, mode(path.join(nested, file))]).toEqual([file, 0o600]);
    await stores.close();

    const loose = path.join(dataDir, 'loose');
    mkdirSync(loose, { mode: 0o755 });
    writeFileSync(path.join(loose, DATABASE_FILE), '');
    chmodSync(path.join(loose, DATABASE_FILE), 0o644);
    const again = await openEmbeddedStores({ dataDir: loose, retentionDays: 730 });
    await again.close();
    expect(mode(loose)).toBe(0o700);
    expect(mode(path.join(loose, DATABASE_FILE))).toBe(0o600);
  });

  it('shares one folder between several openings at once (the server and the CLI): each sees what the other wrote', async () => {
    const server = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    const cli = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    try {
      const created = await server.referrals.create(newReferral());
      expect(await cli.referrals.get(created.reference)).toEqual(created);
      await cli.consoleUsers.create({ email: 'new@example.org', firstName: 'New', role: 'linkworker', passwordHash: 'h', mustChangePassword: true });
      expect(await server.consoleUsers.getByEmail('new@example.org')).toMatchObject({ firstName: 'New' });
    } finally {
      await cli.close();
      await server.close();
    }
  });

  it('sweeps personal data past retention when it opens', async () => {
    const first = await openEmbeddedStores({ dataDir, retentionDays: 30 });
    const created = await first.referrals.create(newReferral());
    await first.close();
    const later = await openEmbeddedStores({ dataDir, retentionDays: 30, now: () => new Date(Date.now() + 31 * DAY_MS) });
    expect(await later.referrals.get(created.reference)).toBeNull();
    await later.close();
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

  it('checkpoints its WAL into the database, and truncates it, on its timer', async () => {
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 730, compactEveryMs: 50 });
    const wal = path.join(dataDir, `${DATABASE_FILE}-wal`);
    for (let i = 0; i < 50; i += 1) await stores.referrals.create(newReferral({ whatMatters: 'x'.repeat(2000) }));
    expect(statSync(wal).size).toBeGreaterThan(100_000);
    for (let i = 0; i < 100 && statSync(wal).size > 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(statSync(wal).size).toBe(0);
    expect((await stores.referrals.list()).total).toBe(50);
    await stores.close();
  });

  it('records its schema version, and refuses a database from a newer Signpost with a clear error', async () => {
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    await stores.close();
    const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2); // incremental
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    await expect(openEmbeddedStores({ dataDir, retentionDays: 730 })).rejects.toThrow(/newer than this Signpost knows/);
  });

  it('pings true while open and false once closed or once its file is gone; close is idempotent', async () => {
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    expect(await stores.ping()).toBe(true);
    await stores.close();
    await stores.close();
    expect(await stores.ping()).toBe(false);

    const other = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    rmSync(path.join(dataDir, DATABASE_FILE));
    expect(await other.ping()).toBe(false);
    await expect(other.referrals.create(newReferral())).rejects.toThrow(/no longer there/);
    await other.close();
  });
});
