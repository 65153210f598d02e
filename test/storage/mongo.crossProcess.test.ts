/**
 * What only several instances can break, with MONGODB_URI (a real server): separate processes, each with its own
 * stores on one database (started at the same moment, so their start-ups race on collections and indexes too), take
 * work at the same time. Every handoff is claimed once, every SMS text is leased and sent once, every follow-up is
 * marked sent once, and nothing is left. Without MONGODB_URI it is skipped with a line saying how to run it; the
 * same races between several sets of stores on one fake database run everywhere (below).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { dropMongoDatabase } from '../../src/storage/mongo/connection';
import { openMongoStores, storesOnConnection } from '../../src/storage/mongo/openMongoStores';
import type { Stores } from '../../src/storage/Stores';
import { FakeMongo } from '../fakes/fakeMongo';
import { freshMongoUri } from './storeHarness';
import type { NewOutgoingSms } from '../../src/services/sms/SmsOutbox';
import { newHandoff, newReferral } from './records';

const run = promisify(execFile);
const WORKER = path.join(__dirname, 'workers', 'mongoRacer.js');
const PROCESSES = 3;
const ITEMS = 40;
export const CROSS_PROCESS_SKIP = 'MongoDB cross-process test skipped: set MONGODB_URI=mongodb://localhost:27017/signpost-test to run it';

const describeWithMongo = process.env.MONGODB_URI ? describe : describe.skip;

function exactlyOnce(taken: string[][], expected: string[]): void {
  const all = taken.flat();
  expect(new Set(all).size).toBe(all.length); // nothing twice
  expect([...all].sort()).toEqual([...expected].sort()); // nothing left
}
if (!process.env.MONGODB_URI) process.stderr.write(`${CROSS_PROCESS_SKIP}\n`);

describeWithMongo('MongoDB across processes (MONGODB_URI)', () => {
  let uri: string;
  beforeEach(() => {
    uri = freshMongoUri(process.env.MONGODB_URI ?? '', `signpost-race-${randomUUID().slice(0, 8)}`);
  });
  afterEach(async () => dropMongoDatabase(uri));

  async function race(task: 'claims' | 'outbox' | 'followups'): Promise<string[][]> {
    const startAt = String(Date.now() + 4000);
    const outputs = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) => run(process.execPath, [WORKER, uri, `worker-${i + 1}`, task, startAt], { timeout: 60_000 })),
    );
    return outputs.map(({ stdout }) => (JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { took: string[] }).took);
  }

  it('claims each handoff once', async () => {
    const stores = await openMongoStores({ uri, retentionDays: 730 });
    const ids: string[] = [];
    for (let i = 0; i < ITEMS; i += 1) ids.push((await stores.handoffs.enqueue(newHandoff())).id);
    await stores.close();
    exactlyOnce(await race('claims'), ids);
  }, 90_000);

  it('leases and sends each SMS text once', async () => {
    const stores = await openMongoStores({ uri, retentionDays: 730 });
    const queued = await stores.smsOutbox.enqueue(Array.from({ length: ITEMS }, (_, i): NewOutgoingSms => ({ to: `+4477009${String(i).padStart(5, '0')}`, conversationId: `c${i}`, body: 'hello', segments: 1, encoding: 'GSM-7' })));
    await stores.close();
    exactlyOnce(await race('outbox'), queued.map((m) => m.id));
  }, 90_000);

  it('marks each follow-up sent once', async () => {
    const stores = await openMongoStores({ uri, retentionDays: 730 });
    const due = new Date(Date.now() - 60_000);
    const references: string[] = [];
    for (let i = 0; i < ITEMS; i += 1) {
      const referral = await stores.referrals.create(newReferral({ followUp: { consentAt: due, dueAt: due } }));
      references.push(referral.reference);
    }
    await stores.close();
    exactlyOnce(await race('followups'), references);
  }, 90_000);
});

/**
 * The same races without a server: three sets of stores, each on its own connection to one fake database (the fake
 * driver interleaves them at every await). Not processes and not a server's concurrency, but the adapter's logic of
 * conditional updates is the same, and this runs everywhere.
 */
describe('MongoDB: several sets of stores on one (fake) database', () => {
  async function sets(n: number): Promise<{ all: Stores[]; close(): Promise<void> }> {
    const first = new FakeMongo();
    const fakes = [first, ...Array.from({ length: n - 1 }, () => new FakeMongo({ sharing: first }))];
    const all = await Promise.all(fakes.map((fake) => storesOnConnection(fake.connection, { retentionDays: 730 })));
    return {
      all,
      close: async () => {
        for (const stores of all) await stores.close();
        for (const fake of fakes) await fake.connection.close();
      },
    };
  }

  it('claims each handoff, leases each text and marks each follow-up once', async () => {
    const { all, close } = await sets(PROCESSES);
    try {
      const [seed] = all;
      const ids: string[] = [];
      for (let i = 0; i < ITEMS; i += 1) ids.push((await seed.handoffs.enqueue(newHandoff())).id);
      const texts = await seed.smsOutbox.enqueue(Array.from({ length: ITEMS }, (_, i): NewOutgoingSms => ({ to: `+4477009${String(i).padStart(5, '0')}`, conversationId: `c${i}`, body: 'hello', segments: 1, encoding: 'GSM-7' })));
      const due = new Date(Date.now() - 60_000);
      const references: string[] = [];
      for (let i = 0; i < ITEMS; i += 1) references.push((await seed.referrals.create(newReferral({ followUp: { consentAt: due, dueAt: due } }))).reference);

      const claims = await Promise.all(all.map(async (stores, w) => {
        const took: string[] = [];
        for (let h = await stores.handoffs.claimNext(`w${w}`); h; h = await stores.handoffs.claimNext(`w${w}`)) took.push(h.id);
        return took;
      }));
      exactlyOnce(claims, ids);

      const leases = await Promise.all(all.map(async (stores) => {
        const took: string[] = [];
        for (let batch = await stores.smsOutbox.claimDue(new Date(), 2, 60_000); batch.length > 0; batch = await stores.smsOutbox.claimDue(new Date(), 2, 60_000)) {
          for (const message of batch) {
            await stores.smsOutbox.markSent(message.id, 'SM', new Date());
            took.push(message.id);
          }
        }
        return took;
      }));
      exactlyOnce(leases, texts.map((m) => m.id));

      const followUps = await Promise.all(all.map(async (stores) => {
        const took: string[] = [];
        for (const referral of await stores.referrals.listFollowUpsDue(new Date(), 1000)) if (await stores.referrals.markFollowUpSent(referral.reference, new Date())) took.push(referral.reference);
        return took;
      }));
      exactlyOnce(followUps, references);
    } finally {
      await close();
    }
  });
});

if (!process.env.MONGODB_URI) {
  describe('MongoDB across processes', () => {
    it.skip(CROSS_PROCESS_SKIP, () => undefined);
  });
}
