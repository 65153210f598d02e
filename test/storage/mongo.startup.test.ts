/**
 * Issue 19, items 1, 4 and 6 (web chat), without a server: what the MongoDB stores do when they open, on the recording
 * fake driver (test/fakes/fakeMongo.ts). Indexes: missing ones are created, TTLs changed in place with collMod, an
 * index that is not ours is never dropped, and two instances starting together both start. Retention: the sweep runs
 * at start and on its timer by itself (nobody calls purgeExpired here), SMS texts and numbers included. Web chat:
 * no TTL index takes a conversation's activities one by one; the sweep removes a conversation whole.
 */
import { FakeMongo, type FakeIndex } from '../fakes/fakeMongo';
import { storesOnConnection, type StoresOnConnectionOptions } from '../../src/storage/mongo/openMongoStores';
import type { PurgeReport, Stores } from '../../src/storage/Stores';

const DAY_MS = 24 * 60 * 60 * 1000;
const TTL_730 = 730 * 24 * 60 * 60;

describe('MongoDB stores at start-up (fake driver)', () => {
  let fake: FakeMongo;
  const opened: Stores[] = [];
  const open = async (options: Partial<StoresOnConnectionOptions> = {}) => {
    const stores = await storesOnConnection(fake.connection, { retentionDays: 730, ...options });
    opened.push(stores);
    return stores;
  };
  const indexNamed = (collection: string, name: string): FakeIndex | undefined => fake.indexList(collection).find((i) => i.name === name);

  beforeEach(() => {
    fake = new FakeMongo();
  });
  afterEach(async () => {
    for (const stores of opened.splice(0)) await stores.close();
    await fake.connection.close();
  });

  describe('indexes', () => {
    it('creates each declared index on a new database, with the exact specification, and drops nothing', async () => {
      await open();
      expect(fake.callsTo('referrals', 'createIndex').map((c) => c.args)).toEqual([
        [{ createdAt: 1 }, { expireAfterSeconds: TTL_730 }],
        [{ personId: 1 }, {}],
        [{ status: 1, createdAt: -1 }, {}],
        [{ conversationId: 1, createdAt: -1 }, {}],
        [{ 'followUp.dueAt': 1 }, { sparse: true }],
        [{ 'followUp.answeredAt': 1 }, { sparse: true }],
        [{ 'person.contactValue': 1 }, { sparse: true }],
      ]);
      expect(fake.callsTo('handoffs', 'createIndex').map((c) => c.args[0])).toContainEqual({ status: 1, priorityRank: 1, createdAt: 1, seq: 1 });
      expect(fake.callsTo('consoleSessions', 'createIndex').map((c) => c.args)).toContainEqual([{ expiresAt: 1 }, { expireAfterSeconds: 0 }]);
      expect(fake.calls.filter((c) => c.method === 'dropIndex' || c.method === 'dropIndexes' || c.method === 'syncIndexes')).toEqual([]);
    });

    it('leaves alone an index that is not ours (an operator’s, or Atlas’s)', async () => {
      fake.seed('referrals', []);
      fake.indexList('referrals').push({ name: 'ops_byChannel', key: { channel: 1, createdAt: 1 }, v: 2 });
      fake.indexList('referrals').push({ name: 'atlas_search_helper', key: { updatedAt: -1 }, v: 2 });
      fake.indexList('referrals').push({ name: 'followUp.dueAt_1', key: { 'followUp.dueAt': 1 }, v: 2 });
      const indexed: { differing: string[] }[] = [];
      await open({ events: { indexed: (report) => indexed.push(report) } });
      expect(indexNamed('referrals', 'ops_byChannel')).toBeDefined();
      expect(indexNamed('referrals', 'atlas_search_helper')).toBeDefined();
      expect(fake.calls.filter((c) => c.method === 'dropIndex')).toEqual([]);
      // An index of ours with other options than declared (here: not sparse) is reported, not rebuilt.
      expect(indexNamed('referrals', 'followUp.dueAt_1')).toEqual({ name: 'followUp.dueAt_1', key: { 'followUp.dueAt': 1 }, v: 2 });
      expect(indexed[0].differing).toEqual(['referrals.followUp.dueAt_1']);
    });

    it('changes a TTL in place with collMod when RETENTION_DAYS changes (no drop, no rebuild)', async () => {
      await (await open()).close();
      opened.length = 0;
      fake.calls.length = 0;
      await open({ retentionDays: 365 });
      const ttl365 = 365 * 24 * 60 * 60;
      expect(fake.calls.filter((c) => c.method === 'collMod').map((c) => c.args[0])).toEqual(
        expect.arrayContaining([
          { collMod: 'referrals', index: { keyPattern: { createdAt: 1 }, expireAfterSeconds: ttl365 } },
          { collMod: 'handoffs', index: { keyPattern: { closedAt: 1 }, expireAfterSeconds: ttl365 } },
          { collMod: 'botState', index: { keyPattern: { updatedAt: 1 }, expireAfterSeconds: ttl365 } },
        ]),
      );
      expect(indexNamed('referrals', 'createdAt_1')?.expireAfterSeconds).toBe(ttl365);
      expect(fake.calls.filter((c) => c.method === 'dropIndex' || c.method === 'createIndex')).toEqual([]);
    });

    it('starts when another instance creates or drops the same indexes at the same moment, even with another RETENTION_DAYS', async () => {
      // The other instance creates referrals' TTL index (at 365 days) between our look and our create.
      let raced = false;
      fake.before = (call) => {
        if (!raced && call.collection === 'referrals' && call.method === 'createIndex') {
          raced = true;
          fake.indexList('referrals').push({ v: 2, name: 'createdAt_1', key: { createdAt: 1 }, expireAfterSeconds: 365 * 24 * 60 * 60 });
        }
      };
      await open();
      expect(indexNamed('referrals', 'createdAt_1')?.expireAfterSeconds).toBe(TTL_730);
      // Another instance drops an index (an old TTL, or a retired one) just before we do: no crash.
      const third = new FakeMongo();
      third.seed('referrals', []);
      third.indexList('referrals').push({ v: 2, name: 'createdAt_1', key: { createdAt: 1 }, expireAfterSeconds: 365 * 24 * 60 * 60 });
      third.seed('directLineActivities', []);
      third.indexList('directLineActivities').push({ v: 2, name: 'createdAt_1', key: { createdAt: 1 }, expireAfterSeconds: TTL_730 });
      third.before = (call) => {
        if (call.method !== 'dropIndex') return;
        const list = third.indexList(call.collection);
        const at = list.findIndex((i) => i.name === call.args[0]);
        if (at >= 0) list.splice(at, 1);
      };
      const survived = await storesOnConnection(third.connection, { retentionDays: 730 });
      expect(third.indexList('referrals').find((i) => i.name === 'createdAt_1')?.expireAfterSeconds).toBe(TTL_730);
      await survived.close();
      await third.connection.close();
      // And two whole start-ups at once on one database.
      fake.before = undefined;
      const other = new FakeMongo();
      const both = await Promise.all([storesOnConnection(other.connection, { retentionDays: 730 }), storesOnConnection(other.connection, { retentionDays: 730 })]);
      for (const stores of both) await stores.close();
      await other.connection.close();
    });
  });

  describe('retention runs by itself', () => {
    const old = new Date(Date.now() - 800 * DAY_MS);

    it('sweeps at start: old SMS texts and numbers go, pending texts and opt-outs stay, and nobody called purgeExpired', async () => {
      fake.seed('smsOutbox', [
        { _id: 'sent-old', to: '+447700900001', conversationId: 'c1', status: 'sent', seq: 1, attempts: 1, createdAt: old, nextAttemptAt: old, text: 'hello' },
        { _id: 'queued-old', to: '+447700900001', conversationId: 'c1', status: 'queued', seq: 2, attempts: 0, createdAt: old, nextAttemptAt: old, text: 'still to go' },
      ]);
      fake.seed('smsContacts', [
        { _id: '+447700900001', conversationId: 'c1', optedOut: false, choicesJson: '[]', firstSeenAt: old, lastSeenAt: old },
        { _id: '+447700900002', conversationId: 'c2', optedOut: true, optedOutAt: old, choicesJson: '[]', firstSeenAt: old, lastSeenAt: old },
      ]);
      const swept: PurgeReport[] = [];
      await open({ events: { swept: (report) => swept.push(report) } });
      expect(fake.docs('smsOutbox').map((d) => d._id)).toEqual(['queued-old']);
      expect(fake.docs('smsContacts').map((d) => d._id)).toEqual(['+447700900002']);
      expect(swept).toEqual([expect.objectContaining({ smsMessages: 1, smsContacts: 1 })]);
      // The filters the sweep sent (the exact operators: a typo here would delete the wrong texts).
      expect(fake.callsTo('smsOutbox', 'deleteMany')[0].args[0]).toEqual({ createdAt: { $lt: expect.any(Date) }, status: { $nin: ['queued', 'sending'] } });
      expect(fake.callsTo('smsContacts', 'deleteMany')[0].args[0]).toEqual({ lastSeenAt: { $lt: expect.any(Date) }, optedOut: false });
    });

    it('sweeps again on its timer, and stops when closed', async () => {
      let now = new Date();
      const swept: PurgeReport[] = [];
      const stores = await open({ sweepEveryMs: 40, now: () => now, events: { swept: (report) => swept.push(report) } });
      fake.seed('smsOutbox', [{ _id: 'm1', to: '+447700900003', conversationId: 'c3', status: 'failed', seq: 3, attempts: 3, createdAt: new Date(), nextAttemptAt: new Date(), text: 'x' }]);
      now = new Date(Date.now() + 731 * DAY_MS);
      await waitFor(() => fake.docs('smsOutbox').length === 0);
      expect(swept.some((r) => r.smsMessages === 1)).toBe(true);
      await stores.close();
      const sweepsAtClose = fake.callsTo('smsOutbox', 'deleteMany').length;
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(fake.callsTo('smsOutbox', 'deleteMany').length).toBe(sweepsAtClose);
    });

    it('starts even when the first sweep fails (a big first purge may outlast the operation timeout), and says so', async () => {
      const failures: string[] = [];
      fake.before = (call) => {
        if (call.method === 'deleteMany') throw new Error('connection timed out');
      };
      await open({ events: { failed: (task) => failures.push(task) } });
      expect(failures).toContain('retention');
      fake.before = undefined;
    });

    it('reports a failed sweep to events.failed and keeps running', async () => {
      const failures: string[] = [];
      const stores = await open({ sweepEveryMs: 30, events: { failed: (task) => failures.push(task) } });
      fake.before = (call) => {
        if (call.method === 'deleteMany') throw new Error('primary stepped down');
      };
      await waitFor(() => failures.length > 0);
      expect(failures[0]).toBe('retention');
      await stores.close();
    });
  });

  describe('web chat transcripts expire per conversation', () => {
    it('has no TTL index on activities (an old version’s is dropped: it was ours), so an active conversation keeps its start', async () => {
      fake.seed('directLineActivities', []);
      fake.indexList('directLineActivities').push({ v: 2, name: 'createdAt_1', key: { createdAt: 1 }, expireAfterSeconds: TTL_730 });
      fake.seed('directLineConversations', []);
      fake.indexList('directLineConversations').push({ v: 2, name: 'lastActivityAt_1', key: { lastActivityAt: 1 }, expireAfterSeconds: TTL_730 });
      const stores = await open();
      expect(fake.indexList('directLineActivities').filter((i) => i.expireAfterSeconds !== undefined)).toEqual([]);
      expect(fake.indexList('directLineConversations').filter((i) => i.expireAfterSeconds !== undefined)).toEqual([]);
      expect(indexNamed('directLineConversations', 'lastActivityAt_1')).toMatchObject({ key: { lastActivityAt: 1 } });

      // A conversation started long ago and active today: MongoDB's TTL monitor leaves its first activity alone.
      await stores.directLine.createConversation({ id: 'long', userId: 'u', createdAt: new Date() });
      await stores.directLine.appendActivity('long', { type: 'message', text: 'first' });
      await stores.directLine.appendActivity('long', { type: 'message', text: 'today' });
      fake.docs('directLineActivities')[0].createdAt = new Date(Date.now() - 800 * DAY_MS);
      fake.runTtlMonitor();
      expect((await stores.directLine.activitiesAfter('long', 0, 10)).map((a) => a.activity.text)).toEqual(['first', 'today']);

      // Idle past retention, it goes whole: the conversation and every activity.
      await stores.purgeExpired(new Date(Date.now() + 731 * DAY_MS));
      expect(fake.docs('directLineConversations')).toEqual([]);
      expect(fake.docs('directLineActivities')).toEqual([]);
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
