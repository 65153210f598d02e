/**
 * Outcome reports in the embedded store. Each figure reads the rows whose date falls in the period through the index
 * on that date (a range lookup, like MongoDB's), decodes their documents, and counts here in the same way as the
 * MongoDB pipeline (src/storage/mongo/reports.ts); the conformance suite holds both to the same answers.
 * `npm run bench -- reports` measures it.
 */
import type { HandoffRecord } from '../shared/handoffRecords';
import type { ReferralDocument } from '../shared/documents';
import { deidentify, type DeidentifiedReferral } from '../../services/reporting/deidentify';
import {
  nearestRankIndex,
  NO_NEED,
  ONS4_MEASURES,
  type FirstContactFigures,
  type FirstReplyFigures,
  type OutcomeCount,
  type OutcomeReports,
  type ReferralCounts,
  type ReportRange,
  type SatisfactionComment,
  type SatisfactionCount,
  type WellbeingPairs,
  type WeeklyCount,
} from '../../services/reporting/OutcomeReports';
import { weekStartOf } from '../../services/reporting/weeks';
import type { Database } from './database';
import { fromJson } from './json';

/** The indexed date columns figures are counted by (migrations.ts). */
type DateColumn = 'referrals.created_at' | 'referrals.follow_up_answered_at' | 'handoffs.created_at' | 'handoffs.closed_at' | 'handoffs.satisfaction_at';

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
  constructor(private readonly database: Database) {}

  /** The documents whose date in `column` falls in [from, to), with their key as _id. */
  private inPeriod<T>(column: DateColumn, range: ReportRange): T[] {
    this.database.check();
    const [table, field] = column.split('.');
    const key = table === 'referrals' ? 'reference' : 'id';
    const rows = this.database.db.prepare<[number, number], { key: string; doc: string }>(`SELECT ${key} AS key, doc FROM ${table} WHERE ${field} >= ? AND ${field} < ?`).all(range.from.getTime(), range.to.getTime());
    return rows.map((row) => ({ ...fromJson<Record<string, unknown>>(row.doc), _id: row.key }) as T);
  }

  async referralCounts(range: ReportRange): Promise<ReferralCounts> {
    const docs = this.inPeriod<ReferralDocument>('referrals.created_at', range);
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
    const docs = this.inPeriod<HandoffRecord>('handoffs.created_at', range);
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

  async firstReply(range: ReportRange, targetMs: number): Promise<FirstReplyFigures> {
    const docs = this.inPeriod<HandoffRecord>('handoffs.created_at', range);
    const waits = docs.filter((doc) => doc.firstReplyAt).map((doc) => doc.firstReplyAt!.getTime() - doc.createdAt.getTime());
    waits.sort((a, b) => a - b);
    const percentile = (p: number) => (waits.length ? waits[nearestRankIndex(p, waits.length)] : null);
    return { handoffs: docs.length, replied: waits.length, withinTarget: waits.filter((w) => w <= targetMs).length, p50Ms: percentile(50), p90Ms: percentile(90) };
  }

  async handoffOutcomes(range: ReportRange): Promise<OutcomeCount[]> {
    const docs = this.inPeriod<HandoffRecord>('handoffs.closed_at', range);
    const counts = new Map<string, number>();
    for (const doc of docs) {
      const type = doc.outcome?.type;
      if (type) counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    return [...counts].map(([type, count]) => ({ type, count })).sort((a, b) => compare(a.type, b.type));
  }

  async wellbeingChange(range: ReportRange): Promise<WellbeingPairs[]> {
    const docs = this.inPeriod<ReferralDocument>('referrals.follow_up_answered_at', range);
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
    const docs = this.inPeriod<HandoffRecord>('handoffs.satisfaction_at', range);
    const counts = new Map<number, number>();
    for (const doc of docs) {
      const score = doc.satisfaction?.score;
      if (typeof score === 'number') counts.set(score, (counts.get(score) ?? 0) + 1);
    }
    return [...counts].map(([score, count]) => ({ score, count })).sort((a, b) => a.score - b.score);
  }

  async satisfactionComments(range: ReportRange): Promise<SatisfactionComment[]> {
    const docs = this.inPeriod<HandoffRecord>('handoffs.satisfaction_at', range);
    return docs
      .flatMap((doc) => (doc.satisfaction?.comment ? [{ score: doc.satisfaction.score, comment: doc.satisfaction.comment, at: doc.satisfaction.at }] : []))
      .sort((a, b) => a.at.getTime() - b.at.getTime() || compare(a.comment, b.comment));
  }

  async deidentifiedReferrals(range: ReportRange): Promise<DeidentifiedReferral[]> {
    const docs = this.inPeriod<ReferralDocument>('referrals.created_at', range);
    docs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compare(a._id, b._id));
    return docs.map((doc) => deidentify(doc));
  }
}
