/**
 * Outcome reports in the embedded store. nedb has no aggregation, so each figure is one find over the period, using
 * an index on the date it is counted by and reading only the fields it needs; the counting is done here in the same
 * way as the MongoDB pipeline (src/storage/mongo/reports.ts), and the conformance suite holds both to the same
 * answers.
 */
import type Datastore from '@seald-io/nedb';
import type { HandoffRecord } from '../shared/handoffRecords';
import type { ReferralDocument } from '../shared/documents';
import { deidentify, ROW_SOURCE_PROJECTION, type DeidentifiedReferral, type RowSource } from '../../services/reporting/deidentify';
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
import { weekStartCache } from '../../services/reporting/weeks';
import type { Ons4Scores } from '../../services/referrals/Referral';

type ReferralDb = Datastore<ReferralDocument & Record<string, unknown>>;
type HandoffDb = Datastore<HandoffRecord & Record<string, unknown>>;

/**
 * Indexes on the dates figures are counted by (createdAt on referrals is indexed already). Not sparse: nedb 4.1's
 * sparse indexes answer range queries ($gte/$lt) with nothing.
 */
export const REPORT_INDEXES = {
  referrals: [{ fieldName: 'followUp.answeredAt' }],
  handoffs: [{ fieldName: 'createdAt' }, { fieldName: 'closedAt' }, { fieldName: 'satisfaction.at' }],
};

const within = (range: ReportRange) => ({ $gte: range.from, $lt: range.to });

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
    private readonly referrals: ReferralDb,
    private readonly handoffs: HandoffDb,
  ) {}

  static async open(referrals: ReferralDb, handoffs: HandoffDb): Promise<EmbeddedOutcomeReports> {
    for (const index of REPORT_INDEXES.referrals) await referrals.ensureIndexAsync(index);
    for (const index of REPORT_INDEXES.handoffs) await handoffs.ensureIndexAsync(index);
    return new EmbeddedOutcomeReports(referrals, handoffs);
  }

  async referralCounts(range: ReportRange): Promise<ReferralCounts> {
    const docs = (await this.referrals.findAsync({ createdAt: within(range) }, { _id: 0, createdAt: 1, channel: 1, needs: 1 })) as Pick<ReferralDocument, 'createdAt' | 'channel' | 'needs'>[];
    const weekOf = weekStartCache();
    const byChannel = new Map<string, WeeklyCount>();
    const byNeed = new Map<string, WeeklyCount>();
    for (const doc of docs) {
      const week = weekOf(doc.createdAt);
      countBy(byChannel, week, doc.channel);
      const needs = doc.needs?.length ? doc.needs : [NO_NEED];
      for (const need of needs) countBy(byNeed, week, need);
    }
    return { total: docs.length, byWeekAndChannel: sortCounts(byChannel), byWeekAndNeed: sortCounts(byNeed) };
  }

  async firstContact(range: ReportRange): Promise<FirstContactFigures> {
    const docs = (await this.handoffs.findAsync({ createdAt: within(range) }, { _id: 0, createdAt: 1, firstClaimedAt: 1, status: 1 })) as Pick<HandoffRecord, 'createdAt' | 'firstClaimedAt' | 'status'>[];
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
    const docs = (await this.handoffs.findAsync({ closedAt: within(range) }, { _id: 0, 'outcome.type': 1 })) as Pick<HandoffRecord, 'outcome'>[];
    const counts = new Map<string, number>();
    for (const doc of docs) {
      const type = doc.outcome?.type;
      if (type) counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    return [...counts].map(([type, count]) => ({ type, count })).sort((a, b) => compare(a.type, b.type));
  }

  async wellbeingChange(range: ReportRange): Promise<WellbeingPairs[]> {
    const docs = (await this.referrals.findAsync(
      { 'followUp.answeredAt': within(range), 'followUp.wellbeing': { $exists: true } },
      { _id: 0, wellbeingAtIntake: 1, 'followUp.wellbeing': 1 },
    )) as { wellbeingAtIntake?: Ons4Scores; followUp?: { wellbeing?: Ons4Scores } }[];
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
    const docs = (await this.handoffs.findAsync({ 'satisfaction.at': within(range) }, { _id: 0, 'satisfaction.score': 1 })) as Pick<HandoffRecord, 'satisfaction'>[];
    const counts = new Map<number, number>();
    for (const doc of docs) {
      const score = doc.satisfaction?.score;
      if (typeof score === 'number') counts.set(score, (counts.get(score) ?? 0) + 1);
    }
    return [...counts].map(([score, count]) => ({ score, count })).sort((a, b) => a.score - b.score);
  }

  async deidentifiedReferrals(range: ReportRange): Promise<DeidentifiedReferral[]> {
    const docs = await this.referrals.findAsync({ createdAt: within(range) }, ROW_SOURCE_PROJECTION).sort({ createdAt: 1, _id: 1 });
    return (docs as unknown as RowSource[]).map(deidentify);
  }
}
