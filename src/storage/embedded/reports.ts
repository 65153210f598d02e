/**
 * Outcome reports in the embedded store. nedb has no aggregation, and it keeps every document in memory: a find copies
 * each whole matching document (transcripts and all) before projecting it, which costs seconds for a year of a busy
 * practice. So each figure takes the documents whose date falls in the period from nedb's index on that date (a range
 * lookup, like MongoDB's), reads them in place without changing them, and keeps only the fields it needs; the
 * counting is done here in the same way as the MongoDB pipeline (src/storage/mongo/reports.ts), and the conformance
 * suite holds both to the same answers. `npm run bench -- reports` measures it.
 */
import type Datastore from '@seald-io/nedb';
import type { HandoffRecord } from '../shared/handoffRecords';
import type { ReferralDocument } from '../shared/documents';
import { deidentify, type DeidentifiedReferral } from '../../services/reporting/deidentify';
import {
  nearestRankIndex,
  NO_NEED,
  ONS4_MEASURES,
  type FirstContactFigures,
  type OutcomeCount,
  type OutcomeReports,
  type ReferralCounts,
  type ReportRange,
  type SatisfactionCount,
  type WellbeingPairs,
  type WeeklyCount,
} from '../../services/reporting/OutcomeReports';
import { weekStartOf } from '../../services/reporting/weeks';

type ReferralDb = Datastore<ReferralDocument & Record<string, unknown>>;
type HandoffDb = Datastore<HandoffRecord & Record<string, unknown>>;

/** A document as nedb holds it: read, never changed. */
type Stored = Readonly<Record<string, unknown>>;

/** The value at a dotted path ("followUp.answeredAt"). */
function valueAt(doc: Stored, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Stored)[key];
  }
  return value;
}

/**
 * The dates figures are counted by, indexed (createdAt on referrals is indexed already). Not sparse: nedb 4.1's sparse
 * indexes answer range queries with nothing.
 */
export const REPORT_INDEXES = {
  referrals: ['followUp.answeredAt'],
  handoffs: ['createdAt', 'closedAt', 'satisfaction.at'],
};

/** What reports use of a nedb index: its range lookup (nedb's `indexes` map is not in its typings: checked at run time). */
interface RangeIndex {
  getBetweenBounds(query: { $gte: Date; $lt: Date }): Stored[];
}

function rangeIndex(db: Datastore<Record<string, unknown>>, path: string): RangeIndex | undefined {
  const index = (db as unknown as { indexes?: Record<string, Partial<RangeIndex>> }).indexes?.[path];
  return typeof index?.getBetweenBounds === 'function' ? (index as RangeIndex) : undefined;
}

/** The stored documents whose date at `path` falls in [from, to): from the index, or every document without one. */
function inPeriod<T>(db: Datastore<Record<string, unknown>>, path: string, range: ReportRange): Readonly<T>[] {
  const from = range.from.getTime();
  const to = range.to.getTime();
  const candidates = rangeIndex(db, path)?.getBetweenBounds({ $gte: range.from, $lt: range.to }) ?? db.getAllData();
  return candidates.filter((doc) => {
    const at = valueAt(doc, path);
    return at instanceof Date && at.getTime() >= from && at.getTime() < to;
  }) as unknown as Readonly<T>[];
}

function countBy(counts: Map<string, WeeklyCount>, weekStart: string, key: string): void {
  const id = `${weekStart}|${key}`;
  const found = counts.get(id);
  if (found) found.count += 1;
  else counts.set(id, { weekStart, key, count: 1 });
}

/** Plain code-unit order, as MongoDB's $sort orders strings. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortCounts = (counts: Map<string, WeeklyCount>) => [...counts.values()].sort((a, b) => compare(a.weekStart, b.weekStart) || compare(a.key, b.key));

export class EmbeddedOutcomeReports implements OutcomeReports {
  private constructor(
    private readonly referrals: Datastore<Record<string, unknown>>,
    private readonly handoffs: Datastore<Record<string, unknown>>,
  ) {}

  /** Makes sure the dates it counts by are indexed. */
  static async open(referrals: ReferralDb, handoffs: HandoffDb): Promise<EmbeddedOutcomeReports> {
    for (const fieldName of REPORT_INDEXES.referrals) await referrals.ensureIndexAsync({ fieldName });
    for (const fieldName of REPORT_INDEXES.handoffs) await handoffs.ensureIndexAsync({ fieldName });
    return new EmbeddedOutcomeReports(referrals as unknown as Datastore<Record<string, unknown>>, handoffs as unknown as Datastore<Record<string, unknown>>);
  }

  async referralCounts(range: ReportRange): Promise<ReferralCounts> {
    const docs = inPeriod<ReferralDocument>(this.referrals, 'createdAt', range);
    const byChannel = new Map<string, WeeklyCount>();
    const byNeed = new Map<string, WeeklyCount>();
    for (const doc of docs) {
      const week = weekStartOf(doc.createdAt);
      countBy(byChannel, week, doc.channel);
      const needs = doc.needs?.length ? doc.needs : [NO_NEED];
      for (const need of needs) countBy(byNeed, week, need);
    }
    return { total: docs.length, byWeekAndChannel: sortCounts(byChannel), byWeekAndNeed: sortCounts(byNeed) };
  }

  async firstContact(range: ReportRange): Promise<FirstContactFigures> {
    const docs = inPeriod<HandoffRecord>(this.handoffs, 'createdAt', range);
    const waits: number[] = [];
    let waiting = 0;
    let closedWithoutContact = 0;
    for (const doc of docs) {
      if (doc.firstClaimedAt) waits.push(doc.firstClaimedAt.getTime() - doc.createdAt.getTime());
      else if (doc.status === 'closed') closedWithoutContact += 1;
      else waiting += 1;
    }
    waits.sort((a, b) => a - b);
    const percentile = (p: number) => (waits.length ? waits[nearestRankIndex(p, waits.length)] : null);
    return { handoffs: docs.length, contacted: waits.length, waiting, closedWithoutContact, p50Ms: percentile(50), p90Ms: percentile(90) };
  }

  async handoffOutcomes(range: ReportRange): Promise<OutcomeCount[]> {
    const docs = inPeriod<HandoffRecord>(this.handoffs, 'closedAt', range);
    const counts = new Map<string, number>();
    for (const doc of docs) {
      const type = doc.outcome?.type;
      if (type) counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    return [...counts].map(([type, count]) => ({ type, count })).sort((a, b) => compare(a.type, b.type));
  }

  async wellbeingChange(range: ReportRange): Promise<WellbeingPairs[]> {
    const docs = inPeriod<ReferralDocument>(this.referrals, 'followUp.answeredAt', range);
    return ONS4_MEASURES.map((measure) => {
      const figures: WellbeingPairs = { measure, pairs: 0, intakeSum: 0, followUpSum: 0 };
      for (const doc of docs) {
        const before = doc.wellbeingAtIntake?.[measure];
        const after = doc.followUp?.wellbeing?.[measure];
        if (typeof before !== 'number' || typeof after !== 'number') continue;
        figures.pairs += 1;
        figures.intakeSum += before;
        figures.followUpSum += after;
      }
      return figures;
    });
  }

  async satisfaction(range: ReportRange): Promise<SatisfactionCount[]> {
    const docs = inPeriod<HandoffRecord>(this.handoffs, 'satisfaction.at', range);
    const counts = new Map<number, number>();
    for (const doc of docs) {
      const score = doc.satisfaction?.score;
      if (typeof score === 'number') counts.set(score, (counts.get(score) ?? 0) + 1);
    }
    return [...counts].map(([score, count]) => ({ score, count })).sort((a, b) => a.score - b.score);
  }

  async deidentifiedReferrals(range: ReportRange): Promise<DeidentifiedReferral[]> {
    const docs = inPeriod<ReferralDocument>(this.referrals, 'createdAt', range);
    docs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compare(a._id, b._id));
    return docs.map((doc) => deidentify(doc));
  }
}
