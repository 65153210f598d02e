/**
 * Outcome reports in MongoDB, each figure one aggregation pipeline over the period: weeks by $dateTrunc (Monday
 * start, Europe/London), counts by $group, percentiles by nearest rank from the waits, which the pipeline gathers
 * ($push) and this code sorts (an order $push might keep from an earlier $sort is not relied on), sums for the
 * service to turn into means. Indexes on the dates they count by are
 * declared with the models (models.ts). The embedded store answers the same questions (src/storage/embedded/reports.ts).
 */
import type { Model, PipelineStage } from 'mongoose';
import type { HandoffRecord } from '../shared/handoffRecords';
import type { ReferralDocument } from '../shared/documents';
import { deidentify, ROW_SOURCE_PROJECTION, type DeidentifiedReferral, type RowSource } from '../../services/reporting/deidentify';
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
import { REPORT_TIME_ZONE } from '../../services/reporting/weeks';

const within = (range: ReportRange) => ({ $gte: range.from, $lt: range.to });

/** The London date of the Monday of the week an instant falls in. */
const weekStart = (field: string) => ({
  $dateToString: { format: '%Y-%m-%d', timezone: REPORT_TIME_ZONE, date: { $dateTrunc: { date: field, unit: 'week', startOfWeek: 'monday', timezone: REPORT_TIME_ZONE } } },
});

const isMissing = (field: string) => ({ $eq: [{ $ifNull: [field, null] }, null] });

interface GroupedCount {
  _id: { week: string; key: string };
  count: number;
}

const weekly = (rows: GroupedCount[]): WeeklyCount[] => rows.map(({ _id, count }) => ({ weekStart: _id.week, key: _id.key, count }));

export class MongoOutcomeReports implements OutcomeReports {
  constructor(
    private readonly referrals: Model<ReferralDocument>,
    private readonly handoffs: Model<HandoffRecord>,
  ) {}

  async referralCounts(range: ReportRange): Promise<ReferralCounts> {
    const byWeekAnd = (key: string): PipelineStage.FacetPipelineStage[] => [
      { $group: { _id: { week: '$week', key }, count: { $sum: 1 } } },
      { $sort: { '_id.week': 1, '_id.key': 1 } },
    ];
    const [result] = await this.referrals.aggregate<{ total: { n: number }[]; byChannel: GroupedCount[]; byNeed: GroupedCount[] }>([
      { $match: { createdAt: within(range) } },
      {
        $project: {
          _id: 0,
          week: weekStart('$createdAt'),
          channel: 1,
          needs: { $cond: [{ $gt: [{ $size: { $ifNull: ['$needs', []] } }, 0] }, '$needs', [NO_NEED]] },
        },
      },
      { $facet: { total: [{ $count: 'n' }], byChannel: byWeekAnd('$channel'), byNeed: [{ $unwind: '$needs' }, ...byWeekAnd('$needs')] } },
    ] as PipelineStage[]);
    return { total: result.total[0]?.n ?? 0, byWeekAndChannel: weekly(result.byChannel), byWeekAndNeed: weekly(result.byNeed) };
  }

  async firstContact(range: ReportRange): Promise<FirstContactFigures> {
    const [result] = await this.handoffs.aggregate<{
      counts: { handoffs: number; waiting: number; closedWithoutContact: number }[];
      waits: { waits: number[] }[];
    }>([
      { $match: { createdAt: within(range) } },
      {
        $facet: {
          counts: [
            {
              $group: {
                _id: null,
                handoffs: { $sum: 1 },
                waiting: { $sum: { $cond: [{ $and: [isMissing('$firstClaimedAt'), { $ne: ['$status', 'closed'] }] }, 1, 0] } },
                closedWithoutContact: { $sum: { $cond: [{ $and: [isMissing('$firstClaimedAt'), { $eq: ['$status', 'closed'] }] }, 1, 0] } },
              },
            },
          ],
          waits: [
            { $match: { firstClaimedAt: { $type: 'date' } } },
            { $group: { _id: null, waits: { $push: { $subtract: ['$firstClaimedAt', '$createdAt'] } } } },
          ],
        },
      },
    ] as PipelineStage[]);
    const counts = result.counts[0] ?? { handoffs: 0, waiting: 0, closedWithoutContact: 0 };
    // Sorted here: the pipeline gathers the waits in no promised order.
    const waits = (result.waits[0]?.waits ?? []).map(Number).sort((a, b) => a - b);
    const percentile = (p: number) => (waits.length ? waits[nearestRankIndex(p, waits.length)] : null);
    return {
      handoffs: counts.handoffs,
      contacted: waits.length,
      waiting: counts.waiting,
      closedWithoutContact: counts.closedWithoutContact,
      p50Ms: percentile(50),
      p90Ms: percentile(90),
    };
  }

  async firstReply(range: ReportRange, targetMs: number): Promise<FirstReplyFigures> {
    const [result] = await this.handoffs.aggregate<{ counts: { handoffs: number }[]; waits: { waits: number[] }[] }>([
      { $match: { createdAt: within(range) } },
      {
        $facet: {
          counts: [{ $group: { _id: null, handoffs: { $sum: 1 } } }],
          waits: [
            { $match: { firstReplyAt: { $type: 'date' } } },
            { $group: { _id: null, waits: { $push: { $subtract: ['$firstReplyAt', '$createdAt'] } } } },
          ],
        },
      },
    ] as PipelineStage[]);
    // Sorted here: the pipeline gathers the waits in no promised order.
    const waits = (result.waits[0]?.waits ?? []).map(Number).sort((a, b) => a - b);
    const percentile = (p: number) => (waits.length ? waits[nearestRankIndex(p, waits.length)] : null);
    return { handoffs: result.counts[0]?.handoffs ?? 0, replied: waits.length, withinTarget: waits.filter((w) => w <= targetMs).length, p50Ms: percentile(50), p90Ms: percentile(90) };
  }

  async handoffOutcomes(range: ReportRange): Promise<OutcomeCount[]> {
    const rows = await this.handoffs.aggregate<{ _id: string; count: number }>([
      { $match: { closedAt: within(range), 'outcome.type': { $type: 'string' } } },
      { $group: { _id: '$outcome.type', count: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    return rows.map(({ _id, count }) => ({ type: _id, count }));
  }

  async wellbeingChange(range: ReportRange): Promise<WellbeingPairs[]> {
    const sums: Record<string, unknown> = { _id: null };
    for (const m of ONS4_MEASURES) {
      const before = `$wellbeingAtIntake.${m}`;
      const after = `$followUp.wellbeing.${m}`;
      const paired = { $and: [{ $isNumber: before }, { $isNumber: after }] };
      sums[`${m}_pairs`] = { $sum: { $cond: [paired, 1, 0] } };
      sums[`${m}_intake`] = { $sum: { $cond: [paired, before, 0] } };
      sums[`${m}_followUp`] = { $sum: { $cond: [paired, after, 0] } };
    }
    const [result] = await this.referrals.aggregate<Record<string, number>>([
      { $match: { 'followUp.answeredAt': within(range), 'followUp.wellbeing': { $exists: true } } },
      { $group: sums },
    ] as PipelineStage[]);
    return ONS4_MEASURES.map((measure) => ({
      measure,
      pairs: result?.[`${measure}_pairs`] ?? 0,
      intakeSum: result?.[`${measure}_intake`] ?? 0,
      followUpSum: result?.[`${measure}_followUp`] ?? 0,
    }));
  }

  async satisfaction(range: ReportRange): Promise<SatisfactionCount[]> {
    const rows = await this.handoffs.aggregate<{ _id: number; count: number }>([
      { $match: { 'satisfaction.at': within(range), 'satisfaction.score': { $type: 'number' } } },
      { $group: { _id: '$satisfaction.score', count: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    return rows.map(({ _id, count }) => ({ score: _id, count }));
  }

  async satisfactionComments(range: ReportRange): Promise<SatisfactionComment[]> {
    const docs = await this.handoffs
      .find({ 'satisfaction.at': within(range), 'satisfaction.comment': { $type: 'string' } }, { _id: 0, satisfaction: 1 })
      .sort({ 'satisfaction.at': 1, 'satisfaction.comment': 1 })
      .lean<{ satisfaction: SatisfactionComment }[]>();
    return docs.map(({ satisfaction: { score, comment, at } }) => ({ score, comment, at }));
  }

  async deidentifiedReferrals(range: ReportRange): Promise<DeidentifiedReferral[]> {
    const docs = await this.referrals.find({ createdAt: within(range) }, ROW_SOURCE_PROJECTION).sort({ createdAt: 1, _id: 1 }).lean<RowSource[]>();
    return docs.map(deidentify);
  }
}
