/**
 * What only several instances can break, with MONGODB_URI (a real server): separate processes, each with its own
 * stores on one database (started at the same moment, so their start-ups race on collections and indexes too), take
 * work at the same time. Every handoff is claimed once, every SMS text is leased and sent once, every follow-up is
 * marked sent once, and nothing is left. Without MONGODB_URI it is skipped with a line saying how to run it.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { dropMongoDatabase } from '../../src/storage/mongo/connection';
import { openMongoStores } from '../../src/storage/mongo/openMongoStores';
import { freshMongoUri } from './storeHarness';
import { newHandoff, newReferral } from './records';

const run = promisify(execFile);
const WORKER = path.join(__dirname, 'workers', 'mongoRacer.js');
const PROCESSES = 3;
const ITEMS = 40;
export const CROSS_PROCESS_SKIP = 'MongoDB cross-process test skipped: set MONGODB_URI=mongodb://localhost:27017/signpost-test to run it';

const describeWithMongo = process.env.MONGODB_URI ? describe : describe.skip;
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

  function exactlyOnce(taken: string[][], expected: string[]): void {
    const all = taken.flat();
    expect(new Set(all).size).toBe(all.length); // nothing twice
    expect([...all].sort()).toEqual([...expected].sort()); // nothing left
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
    const queued = await stores.smsOutbox.enqueue(Array.from({ length: ITEMS }, (_, i) => ({ to: `+4477009${String(i).padStart(5, '0')}`, conversationId: `c${i}`, body: 'hello' }) as never));
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

if (!process.env.MONGODB_URI) {
  describe('MongoDB across processes', () => {
    it.skip(CROSS_PROCESS_SKIP, () => undefined);
  });
}
