/**
 * Upgrading: a data folder written by the nedb embedded store of the release before SQLite
 * (fixtures/nedb-release, made by fixtures/makeNedbRelease.js through that release's own ports and left as a killed
 * server leaves it) is imported on first start, and the ports read back exactly what that release's ports read
 * (fixtures/nedb-release.expected.json).
 */
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { NEDB_DATA_FILES, NEDB_LOCK_FILE } from '../../src/storage/embedded/importNedb';
import { DATABASE_FILE, openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { tempDataDir } from '../helpers/tempDir';

const FIXTURE = path.join(__dirname, 'fixtures', 'nedb-release');
const EXPECTED = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'nedb-release.expected.json'), 'utf8')) as Record<string, unknown>;

/** What the fixture script's `expected` reads, through the same ports. */
function withoutLastActivity<T extends { lastActivityAt?: Date; createdAt: Date }>({ lastActivityAt, ...rest }: T): Omit<T, 'lastActivityAt'> {
  // What the import sets it to: the conversation's last activity, never before it began.
  expect(lastActivityAt!.getTime()).toBeGreaterThanOrEqual(rest.createdAt.getTime());
  return rest;
}

async function readAll(s: Stores): Promise<Record<string, unknown>> {
  return {
    referrals: (await s.referrals.list({ limit: 500 })).items,
    handoffs: [...(await s.handoffs.list('waiting')), ...(await s.handoffs.list('active')), ...(await s.handoffs.list('closed'))],
    directory: await s.directory.search({}),
    audit: await s.audit.listByRecord('referral', 'SP-FIX1'),
    consoleUsers: await s.consoleUsers.list(),
    consoleSession: await s.consoleSessions.get('session-hash-1'),
    // lastActivityAt came after that release (conversations' absolute lifetime): compared as it read them, without it.
    directLine: { conversations: [await s.directLine.getConversation('dl-1'), await s.directLine.getConversation('dl-2')].map((c) => c && withoutLastActivity(c)), activities: await s.directLine.activitiesAfter('dl-1', 0, 100) },
    smsOutbox: [...(await s.smsOutbox.listByConversation('sms-conv-1')), ...(await s.smsOutbox.listByConversation('sms-conv-2'))],
    smsContacts: [await s.smsContacts.byPhone('+447700900123'), await s.smsContacts.byPhone('+447700900456')],
    botState: await s.botState.read(['directline/conversations/conv-1/', 'directline/users/u1/', 'directline/conversations/gone/']),
    queueStats: { waiting: (await s.handoffs.stats()).waiting, pending: await s.smsOutbox.pendingCount() },
  };
}

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('importing a nedb data folder on first start', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDataDir('signpost-import-');
    cpSync(FIXTURE, dataDir, { recursive: true });
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('imports everything the release held, reads it back as that release did, and moves the nedb files aside', async () => {
    const imported: unknown[] = [];
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 36_500, imported: (counts) => imported.push(counts) });
    try {
      expect(asJson(await readAll(stores))).toEqual(EXPECTED);
      expect(imported).toEqual([expect.objectContaining({ referrals: 4, handoffs: 4, directory: 3, audit: 3, consoleUsers: 2, smsOutbox: 3, smsContacts: 2, botState: 2 })]);
      // Still works as a queue and an outbox after the import.
      expect(await stores.handoffs.claimNext('worker-3')).toMatchObject({ priority: 'urgent', status: 'active' });
      expect(await stores.smsOutbox.claimDue(new Date(), 10, 60_000)).toHaveLength(2);
    } finally {
      await stores.close();
    }
    const left = readdirSync(dataDir);
    for (const file of Object.values(NEDB_DATA_FILES)) expect(left).not.toContain(file);
    expect(left).not.toContain(NEDB_LOCK_FILE);
    const aside = left.find((name) => name.startsWith('nedb-imported-'));
    expect(aside).toBeDefined();
    expect(readdirSync(path.join(dataDir, aside!)).sort()).toEqual(Object.values(NEDB_DATA_FILES).sort());

    // Opened again: nothing imported twice, the data as it was left.
    const again = await openEmbeddedStores({ dataDir, retentionDays: 36_500, imported: (counts) => imported.push(counts) });
    try {
      expect(imported).toHaveLength(1);
      expect((await again.handoffs.list('active')).length).toBe(2);
    } finally {
      await again.close();
    }
  });

  it('drops a torn last line (a write never acknowledged), as the release did', async () => {
    appendFileSync(path.join(dataDir, NEDB_DATA_FILES.referrals), '{"_id":"SP-TORN","personId":"p","whatMatt');
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 36_500 });
    try {
      expect(await stores.referrals.get('SP-TORN')).toBeNull();
      expect((await stores.referrals.list()).total).toBe(4);
    } finally {
      await stores.close();
    }
  });

  it('refuses a badly corrupted file with an error naming it, importing nothing and leaving the files as they were', async () => {
    const file = path.join(dataDir, NEDB_DATA_FILES.referrals);
    writeFileSync(file, 'not json\nnor this\n');
    await expect(openEmbeddedStores({ dataDir, retentionDays: 36_500 })).rejects.toThrow(new RegExp(`${NEDB_DATA_FILES.referrals} could not be imported`));
    expect(readFileSync(file, 'utf8')).toBe('not json\nnor this\n');
    expect(existsSync(path.join(dataDir, NEDB_DATA_FILES.handoffs))).toBe(true);
  });

  it('refuses a folder a running nedb Signpost still holds, saying to stop it first', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(dataDir, NEDB_LOCK_FILE), `${other.pid}\n`);
      await expect(openEmbeddedStores({ dataDir, retentionDays: 36_500 })).rejects.toThrow(new RegExp(`in use by process ${other.pid}.*stop it`));
      expect(existsSync(path.join(dataDir, NEDB_DATA_FILES.referrals))).toBe(true);
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 36_500 });
    expect((await stores.referrals.list()).total).toBe(4);
    await stores.close();
    expect(existsSync(path.join(dataDir, DATABASE_FILE))).toBe(true);
  });
});
