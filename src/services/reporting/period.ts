/**
 * The period a report covers, as people choose it: two London dates, both included ("from 3 March to 16 March").
 * Stores are asked for [start of `from`, start of the day after `to`).
 */
import type { ReportRange } from './OutcomeReports';
import { parseIsoDate, startOfLondonDay } from './weeks';

/** Three years, leap day included: longer periods are refused (a report is for a commissioning period). */
export const MAX_REPORT_DAYS = 3 * 365 + 1;

export interface ReportPeriod extends ReportRange {
  /** The first day, "2025-03-03". */
  fromDate: string;
  /** The last day, included: "2025-03-16". */
  toDate: string;
}

export class ReportPeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportPeriodError';
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const EXAMPLE = 'like from=2025-03-01&to=2025-03-31';

function dayNumber(name: 'from' | 'to', text: string | undefined): number {
  if (text === undefined || text.trim() === '') throw new ReportPeriodError(`Give both from and to as dates, ${EXAMPLE}.`);
  const parts = parseIsoDate(text.trim());
  if (!parts) throw new ReportPeriodError(`${name} must be a real date written YYYY-MM-DD, ${EXAMPLE}.`);
  if (parts.year < 2000 || parts.year > 2999) throw new ReportPeriodError(`${name} must be a date in the years 2000 to 2999.`);
  return Date.UTC(parts.year, parts.month - 1, parts.day) / DAY_MS;
}

export function parseReportPeriod(from: string | undefined, to: string | undefined): ReportPeriod {
  const first = dayNumber('from', from);
  const last = dayNumber('to', to);
  if (last < first) throw new ReportPeriodError('to must be the same day as from or later.');
  if (last - first + 1 > MAX_REPORT_DAYS) throw new ReportPeriodError('Choose a period of at most 3 years.');
  const fromDate = from!.trim();
  const toDate = to!.trim();
  const dayAfter = new Date((last + 1) * DAY_MS).toISOString().slice(0, 10);
  return { fromDate, toDate, from: startOfLondonDay(fromDate), to: startOfLondonDay(dayAfter) };
}
