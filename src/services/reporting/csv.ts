/**
 * CSV (RFC 4180: commas, double quotes doubled, CRLF line ends) of a report's figures and of de-identified referral
 * rows. Safe to open in a spreadsheet: a text cell that starts with = + - @ (or a tab or carriage return) could run
 * as a formula, so it gets a leading apostrophe. Numbers are written as numbers (a negative change stays -1.5).
 */
import type { DeidentifiedReferral } from './deidentify';
import { ONS4_MEASURES } from './OutcomeReports';
import type { OutcomeReport } from './report';

export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Rounded for people (2 decimal places); null stays empty. */
const round = (value: number | null, places = 2): number | null => (value === null ? null : Math.round(value * 10 ** places) / 10 ** places);
const minutes = (ms: number | null): number | null => (ms === null ? null : round(ms / 60_000, 1));

export const FIGURES_HEADER = ['from', 'to', 'figure', 'week_start', 'iso_week', 'category', 'measure', 'value'];

/** Every figure of the report, one per row ("long" form: filter and pivot it in a spreadsheet). */
export function figuresCsv(report: OutcomeReport): string {
  const { from, to } = report.period;
  const rows: Cell[][] = [];
  const add = (figure: string, category: string, measure: string, value: number | null, week?: { weekStart: string; isoWeek: string }) =>
    rows.push([from, to, figure, week?.weekStart ?? '', week?.isoWeek ?? '', category, measure, value]);

  add('referrals', 'all', 'count', report.referrals.total);
  for (const week of report.referrals.weeks) {
    for (const [channel, count] of Object.entries(week.byChannel)) add('referrals_per_week_by_channel', channel, 'count', count, week);
  }
  for (const week of report.referrals.weeks) {
    for (const [need, count] of Object.entries(week.byNeed)) add('referrals_per_week_by_need', need, 'count', count, week);
  }
  const promise = report.headline.contact;
  add('contact_against_promise', 'all', 'promise_working_days', promise.promiseWorkingDays);
  add('contact_against_promise', 'all', 'within_promise', promise.withinPromise);
  add('contact_against_promise', 'all', 'late', promise.late);
  add('contact_against_promise', 'all', 'waiting_in_time', promise.waitingInTime);
  add('contact_against_promise', 'all', 'waiting_late', promise.waitingLate);
  for (const outcome of report.headline.referralOutcomes) add('referral_outcomes', outcome.id, 'count', outcome.count);
  add('referral_outcomes', 'still-open', 'count', report.headline.stillOpen);
  for (const w of report.intakeWellbeing) {
    add('wellbeing_at_intake', w.measure, 'answered', w.answered);
    add('wellbeing_at_intake', w.measure, 'mean', round(w.mean));
  }
  const fc = report.firstContact;
  add('time_to_first_contact', 'all', 'handoffs', fc.handoffs);
  add('time_to_first_contact', 'all', 'contacted', fc.contacted);
  add('time_to_first_contact', 'all', 'still_waiting', fc.waiting);
  add('time_to_first_contact', 'all', 'closed_without_contact', fc.closedWithoutContact);
  add('time_to_first_contact', 'all', 'p50_minutes', minutes(fc.p50Ms));
  add('time_to_first_contact', 'all', 'p90_minutes', minutes(fc.p90Ms));
  const fr = report.firstReply;
  add('time_to_first_reply', 'all', 'handoffs', fr.handoffs);
  add('time_to_first_reply', 'all', 'replied', fr.replied);
  add('time_to_first_reply', 'all', 'target_minutes', minutes(fr.targetMs));
  add('time_to_first_reply', 'all', 'within_target', fr.withinTarget);
  add('time_to_first_reply', 'all', 'share_within_target', round(fr.shareWithinTarget));
  add('time_to_first_reply', 'all', 'p50_minutes', minutes(fr.p50Ms));
  add('time_to_first_reply', 'all', 'p90_minutes', minutes(fr.p90Ms));
  for (const outcome of report.outcomes) add('handoff_outcomes', outcome.id, 'count', outcome.count);
  for (const w of report.wellbeing) {
    add('wellbeing_change', w.measure, 'pairs', w.pairs);
    add('wellbeing_change', w.measure, 'mean_at_intake', round(w.meanAtIntake));
    add('wellbeing_change', w.measure, 'mean_at_follow_up', round(w.meanAtFollowUp));
    add('wellbeing_change', w.measure, 'mean_change', round(w.meanChange));
  }
  add('satisfaction', 'all', 'count', report.satisfaction.count);
  add('satisfaction', 'all', 'mean', round(report.satisfaction.mean));
  for (const d of report.satisfaction.distribution) add('satisfaction', String(d.score), 'count', d.count);
  return toCsv(FIGURES_HEADER, rows);
}

const snake = (measure: string) => measure.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const REFERRALS_HEADER = [
  'row',
  'created_date',
  'iso_week',
  'channel',
  'status',
  'urgent',
  'needs',
  'age_band',
  'postcode_district',
  'contact_method',
  'services_offered',
  'outcome',
  ...ONS4_MEASURES.map((m) => `intake_${snake(m)}`),
  'follow_up_consent',
  'follow_up_answered_date',
  ...ONS4_MEASURES.map((m) => `follow_up_${snake(m)}`),
  'first_contact_date',
];

/** One row per referral; needs joined with ";". */
export function referralsCsv(rows: DeidentifiedReferral[]): string {
  return toCsv(
    REFERRALS_HEADER,
    rows.map((r, i) => [
      i + 1,
      r.createdDate,
      r.isoWeek,
      r.channel,
      r.status,
      r.urgent,
      r.needs.join(';'),
      r.ageBand,
      r.postcodeDistrict,
      r.contactMethod,
      r.servicesOffered,
      r.outcome,
      ...ONS4_MEASURES.map((m) => r.wellbeingAtIntake[m]),
      r.followUpConsent,
      r.followUpAnsweredDate,
      ...ONS4_MEASURES.map((m) => r.wellbeingAtFollowUp[m]),
      r.firstContactDate,
    ]),
  );
}
