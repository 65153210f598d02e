/**
 * The reporting port: aggregate figures over a period for commissioners (referrals, time to first contact, outcomes,
 * wellbeing change, satisfaction) and de-identified referral rows. Every storage adapter answers these with its own
 * queries (MongoDB's aggregation pipeline; the embedded store's projected finds) and passes the same conformance
 * suite (test/storage/conformance.reports.test.ts) against fixtures with known answers.
 *
 * Adapters return counts and sums (integers), never means, so every adapter's answers are exactly equal; the service
 * (report.ts) turns them into means, fills empty weeks and adds labels.
 *
 * What falls in a period [from, to): referrals by when they were made; handoffs for time to first contact by when the
 * person asked for a person; outcomes by when the handoff closed; wellbeing by when the follow-up was answered;
 * satisfaction by when it was given.
 */
import type { DeidentifiedReferral } from './deidentify';

export interface ReportRange {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** The need key of a referral with no need recorded. */
export const NO_NEED = 'none';

/** How many referrals in one week (Monday to Sunday, Europe/London) had one channel, or one need. */
export interface WeeklyCount {
  /** The week's Monday, as a London date: "2025-03-03". */
  weekStart: string;
  /** A channel id, or a need id (NO_NEED for a referral with no need recorded). */
  key: string;
  count: number;
}

export interface ReferralCounts {
  total: number;
  byWeekAndChannel: WeeklyCount[];
  /** A referral counts once for each of its needs. */
  byWeekAndNeed: WeeklyCount[];
}

/** Percentiles by the nearest-rank method: the smallest wait that at least p% of waits are no longer than. */
export interface FirstContactFigures {
  /** Handoffs asked for in the period. */
  handoffs: number;
  /** Of those, picked up by a link worker (firstClaimedAt set). */
  contacted: number;
  /** Not picked up yet and still open. */
  waiting: number;
  /** Closed without ever being picked up. */
  closedWithoutContact: number;
  /** Milliseconds from asking to first pick-up; null when nobody was contacted. */
  p50Ms: number | null;
  p90Ms: number | null;
}

/**
 * Time to first reply by a person: from asking for a person to a link worker's first message (firstReplyAt), for the
 * handoffs asked for in the period. Percentiles by nearest rank over those replied to.
 */
export interface FirstReplyFigures {
  /** Handoffs asked for in the period. */
  handoffs: number;
  /** Of those, answered by a link worker. */
  replied: number;
  /** Of those, answered within the target (a wait equal to the target counts as within). */
  withinTarget: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

export const ONS4_MEASURES = ['lifeSatisfaction', 'worthwhile', 'happiness', 'anxiety'] as const;
export type Ons4Measure = (typeof ONS4_MEASURES)[number];

/** One ONS4 measure over the follow-ups answered in the period that have an answer both at intake and at follow-up. */
export interface WellbeingPairs {
  measure: Ons4Measure;
  pairs: number;
  intakeSum: number;
  followUpSum: number;
}

export interface OutcomeCount {
  type: string;
  count: number;
}

export interface SatisfactionCount {
  score: number;
  count: number;
}

/** A comment given with a satisfaction score (free text: admins only). */
export interface SatisfactionComment {
  score: number;
  comment: string;
  at: Date;
}

export interface OutcomeReports {
  referralCounts(range: ReportRange): Promise<ReferralCounts>;
  firstContact(range: ReportRange): Promise<FirstContactFigures>;
  /** Time to first reply by a person, and how many were answered within targetMs. */
  firstReply(range: ReportRange, targetMs: number): Promise<FirstReplyFigures>;
  /** Outcome types that occurred (no zero rows). */
  handoffOutcomes(range: ReportRange): Promise<OutcomeCount[]>;
  /** One entry per ONS4 measure, in ONS4_MEASURES order. */
  wellbeingChange(range: ReportRange): Promise<WellbeingPairs[]>;
  /** Scores given (no zero rows), lowest first. */
  satisfaction(range: ReportRange): Promise<SatisfactionCount[]>;
  /** Comments given with satisfaction scores in the period, oldest first (free text, for admins). */
  satisfactionComments(range: ReportRange): Promise<SatisfactionComment[]>;
  /** Referrals made in the period, oldest first, without anything that identifies the person. */
  deidentifiedReferrals(range: ReportRange): Promise<DeidentifiedReferral[]>;
}

/** Nearest rank of percentile p (an integer 1-100) among n sorted values, 0-based. Integer arithmetic, so exact. */
export function nearestRankIndex(p: number, n: number): number {
  return Math.ceil((p * n) / 100) - 1;
}
