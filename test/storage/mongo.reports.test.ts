/**
 * Issue 19, item 6 (reports), without a server: the MongoDB report pipelines run in memory (mingo, in the fake
 * driver) on the same fixture as the embedded reports (reportsFixture.ts, written through the real ports), and give
 * the same answers as the embedded store, including when the server does not keep a $sort's order into $group's
 * $push (percentiles are sorted in code).
 *
 * Stages and operators this runs through mingo: $match, $project, $facet, $group ($sum, $push), $sort, $unwind,
 * $count, $dateTrunc (week, Monday, Europe/London), $dateToString (with time zone), $cond, $size, $ifNull, $eq, $ne,
 * $and, $isNumber, $subtract, $type; and the SMS outbox claim's $replaceRoot, $first and $limit (conformance.sms
 * with SIGNPOST_FAKE_MONGO=1 or MONGODB_URI). Untested here: $dateTrunc with a time zone across a clock change (mingo
 * gets it wrong, so the conformance test of London weeks at the clock changes runs on a real server only), and how a
 * real server plans any of it (indexes, memory limits).
 */
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import { storesOnConnection } from '../../src/storage/mongo/openMongoStores';
import type { Stores } from '../../src/storage/Stores';
import { FakeMongo } from '../fakes/fakeMongo';
import { tempDataDir } from '../helpers/tempDir';
import { fakeClock, FIXTURE_PERIOD, MINUTE, seedReportsFixture } from './reportsFixture';
import { rmSync } from 'node:fs';

describe('MongoDB report pipelines in memory (mingo) against the embedded reports', () => {
  let fake: FakeMongo;
  let mongo: Stores;
  let embedded: Stores;
  let dataDir: string;

  beforeAll(async () => {
    fake = new FakeMongo();
    dataDir = tempDataDir('signpost-reports-');
    mongo = await storesOnConnection(fake.connection, { retentionDays: 730 });
    embedded = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    const clock = fakeClock();
    try {
      await seedReportsFixture(mongo, clock);
      await seedReportsFixture(embedded, clock);
    } finally {
      jest.useRealTimers();
    }
  });
  afterAll(async () => {
    await mongo.close();
    await embedded.close();
    await fake.connection.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const methods = ['referralCounts', 'firstContact', 'handoffOutcomes', 'wellbeingChange', 'satisfaction', 'deidentifiedReferrals'] as const;

  it.each(methods)('%s: the same answer from the pipeline as from the embedded store', async (method) => {
    const fromMongo = await mongo.reports[method](FIXTURE_PERIOD);
    expect(fromMongo).toEqual(await embedded.reports[method](FIXTURE_PERIOD));
  });

  it('gives the hand-worked percentiles even when $push does not keep the order of a $sort before it', async () => {
    fake.disorderGroups = true;
    try {
      expect(await mongo.reports.firstContact(FIXTURE_PERIOD)).toEqual({ handoffs: 12, contacted: 10, waiting: 1, closedWithoutContact: 1, p50Ms: 50 * MINUTE, p90Ms: 90 * MINUTE });
      expect(await mongo.reports.referralCounts(FIXTURE_PERIOD)).toEqual(await embedded.reports.referralCounts(FIXTURE_PERIOD));
    } finally {
      fake.disorderGroups = false;
    }
  });

  it('answers an empty period with zeros and nulls, as the embedded store does', async () => {
    const empty = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-02-01T00:00:00Z') };
    for (const method of methods) expect(await mongo.reports[method](empty)).toEqual(await embedded.reports[method](empty));
  });
});
