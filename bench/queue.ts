/**
 * `queue`: the link-worker queue on the embedded store with 10 000 handoffs waiting (BENCH_QUEUE_WAITING), as a busy
 * service might have after an outage. Each claimNext (the next by urgency, then age, marked active for the worker,
 * written to disk before it answers) is timed on its own, and after each one a new handoff joins the queue (untimed),
 * so every claim is made with the full number waiting. Beside it, in the same run, over the same 10 000 records in a
 * plain in-memory nedb with the same index:
 * - the same claim done by hand: the sorted find of the next waiting, then an update marking it active, a new record
 *   inserted after each (untimed), with no lock, no mapping of records and no disk;
 * - findOne of any waiting handoff: the least a lookup can cost (no order, no write).
 * Records are written straight into the data file (one bulk insert) before the store opens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import type { NewHandoff } from '../src/services/handoff/Handoff';
import { QUEUE_SORT } from '../src/storage/shared/handoffOrder';
import { newHandoffRecord, type HandoffRecord } from '../src/storage/shared/handoffRecords';
import { openEmbeddedStores } from '../src/storage/embedded/openEmbeddedStores';
import { NEDB_DATA_FILES as DATA_FILES } from '../src/storage/embedded/importNedb';
import { percentile, type Bench, type BenchFigure } from './types';

const WAITING = Number(process.env.BENCH_QUEUE_WAITING ?? 10_000);
const CLAIMS = Number(process.env.BENCH_QUEUE_CLAIMS ?? 500);
const START = Date.UTC(2026, 0, 5, 9);

/** One in ten urgent; arrivals a minute apart, the same every run. */
function waitingHandoff(i: number): NewHandoff {
  const conversationId = `bench-queue-${i}`;
  return {
    personId: `person-${i}`,
    channel: i % 3 === 0 ? 'sms' : 'directline',
    conversationId,
    conversationReference: { channelId: 'directline', conversation: { id: conversationId } as never, serviceUrl: 'http://127.0.0.1:1' },
    priority: i % 10 === 0 ? 'urgent' : 'normal',
    summary: 'Asked to talk to a person. Needs: loneliness, money.',
    transcript: [{ from: 'patient', text: 'I would like to talk to someone about my rent', at: new Date(START + i * 60_000) }],
  };
}

function record(i: number): HandoffRecord {
  return newHandoffRecord(waitingHandoff(i), new Date(START + i * 60_000));
}

async function timedEach(count: number, task: (i: number) => Promise<unknown>, between?: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = process.hrtime.bigint();
    await task(i);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    await between?.(i);
  }
  return times;
}

export const queueBench: Bench = {
  name: 'queue',
  description: `embedded link-worker queue: claimNext with ${WAITING} waiting (${CLAIMS} claims), beside plain nedb lookups over the same records`,
  async run(): Promise<BenchFigure[]> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signpost-bench-queue-'));
    try {
      const records = Array.from({ length: WAITING }, (_, i) => record(i));
      const file = new Datastore<HandoffRecord & Record<string, unknown>>({ filename: path.join(dataDir, DATA_FILES.handoffs) });
      await file.loadDatabaseAsync();
      await file.insertAsync(records as never);

      const stores = await openEmbeddedStores({ dataDir, retentionDays: 3650 });
      let claimTimes: number[];
      try {
        if ((await stores.handoffs.stats()).waiting !== WAITING) throw new Error('the queue did not hold every handoff');
        await stores.handoffs.claimNext('warm-up');
        await stores.handoffs.enqueue(waitingHandoff(WAITING));
        claimTimes = await timedEach(CLAIMS, async (i) => {
          if (!(await stores.handoffs.claimNext(`worker-${i % 20}`))) throw new Error('nobody was waiting');
        }, (i) => stores.handoffs.enqueue(waitingHandoff(WAITING + 1 + i)));
      } finally {
        await stores.close();
      }

      const plain = new Datastore<HandoffRecord & Record<string, unknown>>();
      await plain.ensureIndexAsync({ fieldName: 'status' });
      await plain.insertAsync(records.map((r) => ({ ...r })) as never);
      const findOneTimes = await timedEach(CLAIMS, () => plain.findOneAsync({ status: 'waiting' }));
      const plainClaimTimes = await timedEach(CLAIMS, async () => {
        const [next] = await plain.findAsync({ status: 'waiting' }).sort(QUEUE_SORT).limit(1);
        await plain.updateAsync({ _id: next._id }, { $set: { status: 'active', claimedBy: 'worker', claimedAt: new Date() } });
      }, (i) => plain.insertAsync(record(WAITING + 1 + i) as never));

      const ms = (label: string, times: number[], p: number) => ({ label, value: percentile(times, p), unit: 'ms' });
      return [
        { key: 'queueClaimNextP50Ms', label: `claimNext p50, ${WAITING} waiting`, value: percentile(claimTimes, 50), unit: 'ms', baseline: ms('the same claim on plain nedb in memory, p50', plainClaimTimes, 50) },
        { key: 'queueClaimNextP99Ms', label: `claimNext p99, ${WAITING} waiting`, value: percentile(claimTimes, 99), unit: 'ms', baseline: ms('the same claim on plain nedb in memory, p99', plainClaimTimes, 99) },
        { key: 'queuePlainClaimP50Ms', label: `the same claim on plain nedb in memory, p50`, value: percentile(plainClaimTimes, 50), unit: 'ms', baseline: ms('plain nedb findOne p50', findOneTimes, 50) },
      ];
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
