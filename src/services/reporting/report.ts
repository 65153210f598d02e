/**
 * The outcome report for a period: the adapter's counts and sums turned into the figures people read (means, every
 * week of the period even when empty, every outcome type even when none, labels), in one JSON shape the console's
 * API, its charts and the CSV all use.
 */
import { OUTCOMES } from '../handoff/outcomes';
import { isNeedId, NEED_IDS, needLabel } from '../needs/taxonomy';
import { NO_NEED, ONS4_MEASURES, type FirstContactFigures, type FirstReplyFigures, type Ons4Measure, type OutcomeReports, type WeeklyCount } from './OutcomeReports';
import type { ReportPeriod } from './period';
import { REPORT_TIME_ZONE, londonDate, startOfLondonDay, weeksBetween } from './weeks';
import type { DeidentifiedReferral } from './deidentify';
import { contactDueBy } from '../referrals/contactPromise';
import { REFERRAL_OUTCOMES } from '../referrals/ReferralWorklist';

export interface Labelled {
  id: string;
  label: string;
  count: number;
}

export interface ReferralWeek {
  weekStart: string;
  isoWeek: string;
  total: number;
  /** Every channel of the period, zero when none that week. */
  byChannel: Record<string, number>;
  /** Every need of the period, zero when none that week. */
  byNeed: Record<string, number>;
}

export interface WellbeingChange {
  measure: Ons4Measure;
  label: string;
  /** Anxiety is better when lower; the other three when higher. */
  betterWhen: 'higher' | 'lower';
  /** Follow-ups answered in the period with this measure answered both at intake and at follow-up. */
  pairs: number;
  meanAtIntake: number | null;
  meanAtFollowUp: number | null;
  /** Follow-up mean minus intake mean. */
  meanChange: number | null;
}

/** Referrals made in the period measured against the contact promise (REFERRAL_CONTACT_DAYS working days). */
export interface ContactAgainstPromise {
  promiseWorkingDays: number;
  referrals: number;
  /** First reached on or before the promise's last working day. */
  withinPromise: number;
  /** First reached after it. */
  late: number;
  /** Not reached yet, and the promise has not run out. */
  waitingInTime: number;
  /** Not reached yet, and the promise has run out. */
  waitingLate: number;
}

/** Wellbeing when people referred themselves: each measure's mean over those who answered it. */
export interface IntakeWellbeing {
  measure: Ons4Measure;
  label: string;
  answered: number;
  mean: number | null;
}

export interface OutcomeReport {
  period: { from: string; to: string; timeZone: string; start: Date; end: Date };
  generatedAt: Date;
  referrals: {
    total: number;
    channels: Labelled[];
    needs: Labelled[];
    weeks: ReferralWeek[];
  };
  /** What a commissioner reads first. */
  headline: {
    referrals: number;
    contact: ContactAgainstPromise;
    /** How the referrals made in the period ended (the episode's outcome, chat or worklist), and how many are still open. */
    referralOutcomes: Labelled[];
    stillOpen: number;
  };
  intakeWellbeing: IntakeWellbeing[];
  firstContact: FirstContactFigures;
  /** Time to first reply by a person, against the team's target (HANDOFF_FIRST_REPLY_TARGET_MINUTES). */
  firstReply: FirstReplyFigures & { targetMs: number; shareWithinTarget: number | null };
  outcomes: Labelled[];
  wellbeing: WellbeingChange[];
  satisfaction: { count: number; mean: number | null; distribution: { score: number; count: number }[] };
  /** Free text: only admins see reports. */
  satisfactionComments: { score: number; comment: string; date: string }[];
}

export interface ReportOptions {
  /** REFERRAL_CONTACT_DAYS (5 when not given). */
  contactWorkingDays?: number;
  /** HANDOFF_FIRST_REPLY_TARGET_MINUTES in milliseconds (15 minutes when not given). */
  firstReplyTargetMs?: number;
}

/** Channels as people know them: a test tool (the Bot Framework Emulator) is web chat to a reader. */
const CHANNEL_LABELS: Record<string, string> = {
  directline: 'Web chat',
  webchat: 'Web chat',
  emulator: 'Web chat (testing)',
  test: 'Web chat (testing)',
  sms: 'Text message',
  msteams: 'Microsoft Teams',
};

export const OUTCOME_LABELS: Record<string, string> = {
  signposted: 'Signposted to services',
  referred: 'Referred to a named service',
  'no-contact': 'No contact',
  'not-eligible': 'Not eligible',
  'safeguarding-escalated': 'Safeguarding escalated',
  'handed-back': 'Handed back to the bot',
  declined: 'Social prescribing declined',
  erased: 'Closed: the person asked for their data to be deleted',
};

export const ONS4_LABELS: Record<Ons4Measure, string> = {
  lifeSatisfaction: 'Life satisfaction',
  worthwhile: 'Things done are worthwhile',
  happiness: 'Happiness yesterday',
  anxiety: 'Anxiety yesterday',
};

export const channelLabel = (id: string): string => CHANNEL_LABELS[id] ?? 'Other channel';
export const needName = (id: string): string => (id === NO_NEED ? 'No need recorded' : isNeedId(id) ? needLabel(id) : id);

/** Keys ordered: needs in taxonomy order ("none" last), channels by how many, then by name. */
function totals(counts: WeeklyCount[], order: (a: Labelled, b: Labelled) => number, label: (id: string) => string): Labelled[] {
  const byKey = new Map<string, number>();
  for (const { key, count } of counts) byKey.set(key, (byKey.get(key) ?? 0) + count);
  return [...byKey].map(([id, count]) => ({ id, label: label(id), count })).sort(order);
}

const needRank = (id: string) => (id === NO_NEED ? NEED_IDS.length + 1 : isNeedId(id) ? NEED_IDS.indexOf(id) : NEED_IDS.length);
const byNeedOrder = (a: Labelled, b: Labelled) => needRank(a.id) - needRank(b.id) || a.id.localeCompare(b.id);
const byCountThenName = (a: Labelled, b: Labelled) => b.count - a.count || a.id.localeCompare(b.id);

function grid(weekStart: string, counts: WeeklyCount[], keys: Labelled[]): Record<string, number> {
  const row = Object.fromEntries(keys.map((k) => [k.id, 0]));
  for (const c of counts) if (c.weekStart === weekStart) row[c.key] = (row[c.key] ?? 0) + c.count;
  return row;
}

/** The contact promise against each referral's first contact (London dates: the promise ends with a London day). */
function contactAgainstPromise(rows: DeidentifiedReferral[], workingDays: number, now: Date): ContactAgainstPromise {
  const figures: ContactAgainstPromise = { promiseWorkingDays: workingDays, referrals: rows.length, withinPromise: 0, late: 0, waitingInTime: 0, waitingLate: 0 };
  const today = londonDate(now);
  for (const row of rows) {
    const lastDay = londonDate(new Date(contactDueBy(startOfLondonDay(row.createdDate), workingDays).getTime() - 1));
    if (row.firstContactDate) figures[row.firstContactDate <= lastDay ? 'withinPromise' : 'late'] += 1;
    else if (row.status !== 'closed') figures[today <= lastDay ? 'waitingInTime' : 'waitingLate'] += 1;
  }
  return figures;
}

function intakeWellbeing(rows: DeidentifiedReferral[]): IntakeWellbeing[] {
  return ONS4_MEASURES.map((measure) => {
    const answers = rows.map((r) => r.wellbeingAtIntake[measure]).filter((v): v is number => typeof v === 'number');
    return { measure, label: ONS4_LABELS[measure], answered: answers.length, mean: answers.length ? answers.reduce((a, b) => a + b, 0) / answers.length : null };
  });
}

/** The first-reply target when none is given (HANDOFF_FIRST_REPLY_TARGET_MINUTES' default). */
export const DEFAULT_FIRST_REPLY_TARGET_MS = 15 * 60_000;

export async function buildOutcomeReport(reports: OutcomeReports, period: ReportPeriod, now = new Date(), options: ReportOptions = {}): Promise<OutcomeReport> {
  const firstReplyTargetMs = options.firstReplyTargetMs ?? DEFAULT_FIRST_REPLY_TARGET_MS;
  const [referrals, firstContact, firstReply, outcomes, wellbeing, satisfaction, rows, comments] = await Promise.all([
    reports.referralCounts(period),
    reports.firstContact(period),
    reports.firstReply(period, firstReplyTargetMs),
    reports.handoffOutcomes(period),
    reports.wellbeingChange(period),
    reports.satisfaction(period),
    reports.deidentifiedReferrals(period),
    reports.satisfactionComments(period),
  ]);
  const referralOutcomeCounts = new Map<string, number>();
  for (const row of rows) if (row.outcome) referralOutcomeCounts.set(row.outcome, (referralOutcomeCounts.get(row.outcome) ?? 0) + 1);
  const referralOutcomeTypes = [...REFERRAL_OUTCOMES, ...[...referralOutcomeCounts.keys()].filter((t) => !(REFERRAL_OUTCOMES as readonly string[]).includes(t)).sort()];

  const channels = totals(referrals.byWeekAndChannel, byCountThenName, channelLabel);
  const needs = totals(referrals.byWeekAndNeed, byNeedOrder, needName);
  const weeks = weeksBetween(period.from, period.to).map((week) => {
    const byChannel = grid(week.weekStart, referrals.byWeekAndChannel, channels);
    return { ...week, total: Object.values(byChannel).reduce((a, b) => a + b, 0), byChannel, byNeed: grid(week.weekStart, referrals.byWeekAndNeed, needs) };
  });

  const outcomeCounts = new Map(outcomes.map((o) => [o.type, o.count]));
  const outcomeTypes = [...OUTCOMES, ...[...outcomeCounts.keys()].filter((t) => !(OUTCOMES as readonly string[]).includes(t)).sort()];

  const scoreCounts = new Map(satisfaction.map((s) => [s.score, s.count]));
  const distribution = [1, 2, 3, 4, 5].map((score) => ({ score, count: scoreCounts.get(score) ?? 0 }));
  const answered = distribution.reduce((n, d) => n + d.count, 0);

  return {
    period: { from: period.fromDate, to: period.toDate, timeZone: REPORT_TIME_ZONE, start: period.from, end: period.to },
    generatedAt: now,
    referrals: { total: referrals.total, channels, needs, weeks },
    headline: {
      referrals: referrals.total,
      contact: contactAgainstPromise(rows, options.contactWorkingDays ?? 5, now),
      referralOutcomes: referralOutcomeTypes.map((type) => ({ id: type, label: OUTCOME_LABELS[type] ?? type, count: referralOutcomeCounts.get(type) ?? 0 })),
      stillOpen: rows.filter((r) => r.status !== 'closed').length,
    },
    intakeWellbeing: intakeWellbeing(rows),
    firstContact,
    // The share of everyone who asked for a person in the period (those never answered count as not within).
    firstReply: { ...firstReply, targetMs: firstReplyTargetMs, shareWithinTarget: firstReply.handoffs ? firstReply.withinTarget / firstReply.handoffs : null },
    outcomes: outcomeTypes.map((type) => ({ id: type, label: OUTCOME_LABELS[type] ?? type, count: outcomeCounts.get(type) ?? 0 })),
    wellbeing: ONS4_MEASURES.map((measure) => {
      const w = wellbeing.find((x) => x.measure === measure) ?? { pairs: 0, intakeSum: 0, followUpSum: 0 };
      const meanAtIntake = w.pairs ? w.intakeSum / w.pairs : null;
      const meanAtFollowUp = w.pairs ? w.followUpSum / w.pairs : null;
      return {
        measure,
        label: ONS4_LABELS[measure],
        betterWhen: measure === 'anxiety' ? 'lower' : 'higher',
        pairs: w.pairs,
        meanAtIntake,
        meanAtFollowUp,
        meanChange: w.pairs ? (w.followUpSum - w.intakeSum) / w.pairs : null,
      };
    }),
    satisfaction: {
      count: answered,
      mean: answered ? distribution.reduce((sum, d) => sum + d.score * d.count, 0) / answered : null,
      distribution,
    },
    satisfactionComments: comments.map((c) => ({ score: c.score, comment: c.comment, date: londonDate(c.at) })),
  };
}
