/**
 * Calendar arithmetic for reports: London dates, weeks that start on Monday (Europe/London, so a referral at 00:30
 * on a Monday in British Summer Time belongs to that Monday's week), and ISO 8601 week labels ("2025-W10").
 */
import { localDate, zonedTime } from '../handoff/openingHours';

export const REPORT_TIME_ZONE = 'Europe/London';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export interface Week {
  /** The Monday, as a London date. */
  weekStart: string;
  /** ISO 8601 week: "2025-W10". */
  isoWeek: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A calendar date (no time) as a Date at UTC midnight, for day arithmetic. */
const utcDay = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day));
const isoDate = (day: Date) => `${pad(day.getUTCFullYear(), 4)}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;

/** "YYYY-MM-DD" -> its parts, or undefined when it is not a real date. */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  const date = utcDay(year, month, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/**
 * London's offset from UTC only changes on the hour, so the date of every instant in one UTC hour is the same: dates
 * are remembered by the hour (Intl is slow for the tens of thousands of records a report can count).
 */
const datesByHour = new Map<number, string>();
const REMEMBERED_HOURS = 100_000;

/** The London calendar date of an instant: "2025-03-31". */
export function londonDate(instant: Date): string {
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  let date = datesByHour.get(hour);
  if (date === undefined) {
    const { year, month, day } = localDate(instant, REPORT_TIME_ZONE);
    date = isoDate(utcDay(year, month, day));
    if (datesByHour.size >= REMEMBERED_HOURS) datesByHour.clear();
    datesByHour.set(hour, date);
  }
  return date;
}

/** The instant a London date begins (00:00 London time). */
export function startOfLondonDay(date: string): Date {
  const parts = parseIsoDate(date);
  if (!parts) throw new Error(`Not a date: ${date}`);
  return zonedTime(parts.year, parts.month, parts.day, 0, REPORT_TIME_ZONE);
}

/** The Monday of the week a London date falls in. */
export function mondayOf(date: string): string {
  const parts = parseIsoDate(date);
  if (!parts) throw new Error(`Not a date: ${date}`);
  const day = utcDay(parts.year, parts.month, parts.day);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return isoDate(new Date(day.getTime() - sinceMonday * DAY_MS));
}

/** The ISO 8601 week of a date: the week-numbering year is the year of that week's Thursday. */
export function isoWeekOf(date: string): string {
  const monday = parseIsoDate(mondayOf(date))!;
  const thursday = new Date(utcDay(monday.year, monday.month, monday.day).getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${pad(week)}`;
}

export function weekOf(date: string): Week {
  return { weekStart: mondayOf(date), isoWeek: isoWeekOf(date) };
}

/** The Monday (London) of an instant's week. */
export function weekStartOf(instant: Date): string {
  return mondayOf(londonDate(instant));
}

/** Every week that overlaps [from, to), oldest first. */
export function weeksBetween(from: Date, to: Date): Week[] {
  const weeks: Week[] = [];
  if (to.getTime() <= from.getTime()) return weeks;
  const last = weekStartOf(new Date(to.getTime() - 1));
  let monday = weekStartOf(from);
  for (;;) {
    weeks.push(weekOf(monday));
    if (monday >= last) return weeks;
    const parts = parseIsoDate(monday)!;
    monday = isoDate(new Date(utcDay(parts.year, parts.month, parts.day).getTime() + 7 * DAY_MS));
  }
}
