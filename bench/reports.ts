/**
 * `reports`: the embedded store's outcome reports over a year of a busy service (BENCH_REPORTS_RECORDS referrals and
 * as many handoffs, default 20 000 each, with transcripts), as an admin opening Reports sees them:
 * - the whole report for the year (five figures), beside one plain nedb find of the year's referrals (what a
 *   find-based report would pay just to read them: nedb copies every whole document it returns);
 * - the de-identified referral rows for the year (the referrals CSV);
 * - the report for one month of that year.
 * Records are written straight into the data files (one bulk insert each) before the store opens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import type { NeedId } from '../src/services/needs/taxonomy';
import { parseReportPeriod } from '../src/services/reporting/period';
import { buildOutcomeReport } from '../src/services/reporting/report';
import { referralToDocument } from '../src/storage/shared/documents';
import { newHandoffRecord } from '../src/storage/shared/handoffRecords';
import { openEmbeddedStores } from '../src/storage/embedded/openEmbeddedStores';
import { NEDB_DATA_FILES as DATA_FILES } from '../src/storage/embedded/importNedb';
import type { Bench, BenchFigure } from './types';

const RECORDS = Number(process.env.BENCH_REPORTS_RECORDS ?? 20_000);
const YEAR_START = Date.UTC(2025, 0, 1);
const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE = 60_000;
const NEEDS: NeedId[] = ['loneliness', 'money', 'housing', 'food', 'benefits', 'mental-wellbeing'];

/** Spread over 2025, the same every run. */
const instant = (i: number) => new Date(YEAR_START + ((i * 7919) % 365) * DAY_MS + ((i * 104_729) % DAY_MS));

function referralDocument(i: number) {
  const at = instant(i);
  const answered = i % 4 === 0 ? new Date(at.getTime() + 42 * DAY_MS) : undefined;
  return referralToDocument({
    reference: `SP-R${i}`, personId: `p-${i}`, channel: i % 3 === 0 ? 'sms' : 'directline', conversationId: `c-${i}`,
    createdAt: at, updatedAt: at, status: 'closed', urgent: i % 20 === 0, consent: { given: true, at },
    person: { preferredName: 'Sam', dateOfBirth: '1970-05-01', postcode: 'BS16 1QY', contactMethod: 'text', contactValue: '+447700900123' },
    whatMatters: 'Getting out of the house more and seeing people', needs: NEEDS.slice(i % 3, (i % 3) + 1 + (i % 2)), servicesOffered: ['svc-1', 'svc-2'],
    wellbeingAtIntake: { lifeSatisfaction: i % 11, worthwhile: 5, happiness: 4, anxiety: 7 },
    outcome: { type: 'signposted', at },
    ...(answered ? { followUp: { consentAt: at, dueAt: answered, sentAt: answered, answeredAt: answered, wellbeing: { lifeSatisfaction: 6, worthwhile: 6, happiness: 6, anxiety: 4 } } } : {}),
  });
}

function handoffDocument(i: number) {
  const at = instant(i);
  const record = newHandoffRecord({
    personId: `p-${i}`, channel: 'directline', conversationId: `c-${i}`, conversationReference: { conversation: { id: `c-${i}` } } as never,
    priority: 'normal', summary: 'Needs: money',
    transcript: Array.from({ length: 12 }, (_, n) => ({ from: n % 2 ? 'worker' as const : 'patient' as const, text: 'A message of an ordinary length, about what is going on.', at })),
  }, at);
  return {
    ...record, status: 'closed', firstClaimedAt: new Date(at.getTime() + ((i % 240) + 1) * MINUTE), closedAt: new Date(at.getTime() + DAY_MS),
    outcome: { type: 'signposted' }, satisfaction: { score: (i % 5) + 1, at: new Date(at.getTime() + DAY_MS) },
  };
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function writeFile(dataDir: string, name: string, docs: object[]): Promise<void> {
  const db = new Datastore({ filename: path.join(dataDir, name) });
  await db.loadDatabaseAsync();
  await db.insertAsync(docs as never);
}

export const reportsBench: Bench = {
  name: 'reports',
  description: `embedded store: outcome report and de-identified rows over a year of ${RECORDS} referrals and ${RECORDS} handoffs`,
  async run(): Promise<BenchFigure[]> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signpost-bench-reports-'));
    try {
      await writeFile(dataDir, DATA_FILES.referrals, Array.from({ length: RECORDS }, (_, i) => referralDocument(i)));
      await writeFile(dataDir, DATA_FILES.handoffs, Array.from({ length: RECORDS }, (_, i) => handoffDocument(i)));
      const stores = await openEmbeddedStores({ dataDir, retentionDays: 36_500 });
      const year = parseReportPeriod('2025-01-01', '2025-12-31');
      const month = parseReportPeriod('2025-03-01', '2025-03-31');
      try {
        await buildOutcomeReport(stores.reports, year); // warm up
        const yearMs = await timed(() => buildOutcomeReport(stores.reports, year));
        const plain = new Datastore({ filename: path.join(dataDir, DATA_FILES.referrals) });
        await plain.loadDatabaseAsync();
        const findMs = await timed(() => plain.findAsync({ createdAt: { $gte: year.from, $lt: year.to } }));
        const rowsMs = await timed(async () => {
          const rows = await stores.reports.deidentifiedReferrals(year);
          if (rows.length !== RECORDS) throw new Error(`expected ${RECORDS} rows, got ${rows.length}`);
        });
        const monthMs = await timed(() => buildOutcomeReport(stores.reports, month));
        return [
          {
            key: 'reportsYearMs', label: `report for a year (${RECORDS} referrals and handoffs)`, value: yearMs, unit: 'ms',
            baseline: { label: "one plain nedb find of the year's referrals", value: findMs, unit: 'ms' },
          },
          { key: 'reportsYearRowsMs', label: `de-identified rows for a year (${RECORDS})`, value: rowsMs, unit: 'ms' },
          { key: 'reportsMonthMs', label: 'report for one month of that year', value: monthMs, unit: 'ms' },
        ];
      } finally {
        await stores.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
