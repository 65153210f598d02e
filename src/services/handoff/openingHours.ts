/**
 * Link workers' opening hours (OPENING_HOURS, e.g. "Mon-Fri 09:00-17:00 Europe/London"): parsed once, then asked
 * "open now?" and "when next?". Times are wall-clock times in an IANA time zone, so British Summer Time and other
 * daylight-saving changes are followed (through Intl, no tables of our own). A period may run past midnight
 * ("Fri-Sat 22:00-02:00"): it belongs to the day it starts on.
 */

export interface OpeningHours {
  /** Days a period starts on: 0 Sunday .. 6 Saturday. */
  days: ReadonlySet<number>;
  /** Minutes after local midnight. */
  opens: number;
  /** Minutes after local midnight (1440 for 24:00); at or before `opens` means the next day. */
  closes: number;
  timeZone: string;
  /** As configured. */
  text: string;
}

export class OpeningHoursError extends Error {
  constructor(text: string, problem: string) {
    super(`Opening hours "${text}" ${problem}. Write them like "Mon-Fri 09:00-17:00 Europe/London".`);
    this.name = 'OpeningHoursError';
  }
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_MS = 24 * 60 * 60 * 1000;

function parseDay(name: string, text: string): number {
  const day = DAY_NAMES.indexOf(name.toLowerCase());
  if (day < 0) throw new OpeningHoursError(text, `has an unknown day "${name}" (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)`);
  return day;
}

function parseDays(spec: string, text: string): Set<number> {
  const days = new Set<number>();
  for (const part of spec.split(',')) {
    const [from, to, extra] = part.split('-');
    if (extra !== undefined || !from) throw new OpeningHoursError(text, `has a day range "${part}" that is not like Mon-Fri`);
    const start = parseDay(from, text);
    const end = to === undefined ? start : parseDay(to, text);
    // Ranges may wrap round the week: Fri-Mon is Fri, Sat, Sun, Mon.
    for (let d = start; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === end) break;
    }
  }
  return days;
}

function parseTime(value: string, text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60) throw new OpeningHoursError(text, `has a time "${value}" that is not HH:MM between 00:00 and 24:00`);
  return minutes;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function parseOpeningHours(text: string): OpeningHours {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 3) throw new OpeningHoursError(text, 'should have three parts: days, hours and a time zone');
  const [daySpec, timeSpec, timeZone] = parts;
  const days = parseDays(daySpec, text);
  const times = timeSpec.split('-');
  if (times.length !== 2) throw new OpeningHoursError(text, `has hours "${timeSpec}" that are not like 09:00-17:00`);
  const opens = parseTime(times[0], text);
  const closes = parseTime(times[1], text);
  if (opens === closes) throw new OpeningHoursError(text, 'opens and closes at the same time');
  if (opens >= 24 * 60) throw new OpeningHoursError(text, 'cannot open at 24:00');
  if (!isValidTimeZone(timeZone)) throw new OpeningHoursError(text, `has an unknown time zone "${timeZone}" (use an IANA name such as Europe/London)`);
  return { days, opens, closes, timeZone, text };
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
  weekday: number;
  /** Minutes after local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): LocalDate {
  const parts: Record<string, string> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(instant)) parts[type] = value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: DAY_NAMES.indexOf(parts.weekday.toLowerCase()),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** How far a zone's wall clock is ahead of UTC at an instant, in ms (zones offset by whole minutes). */
function offsetAt(instantMs: number, timeZone: string): number {
  const minute = Math.floor(instantMs / 60_000) * 60_000;
  const local = localDate(new Date(minute), timeZone);
  return Date.UTC(local.year, local.month - 1, local.day, 0, local.minutes) - minute;
}

/**
 * The instant a wall-clock time happens in a zone. A time skipped by a spring-forward change is taken as the same
 * distance after the change (01:30 on the morning clocks go forward reads as 02:30); a time that happens twice in the
 * autumn is taken the second time.
 */
export function zonedTime(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const asIfUtc = Date.UTC(year, month - 1, day, 0, minutes);
  const first = asIfUtc - offsetAt(asIfUtc, timeZone);
  const second = asIfUtc - offsetAt(first, timeZone);
  return new Date(second);
}

interface Period {
  start: Date;
  end: Date;
}

/** The period starting on the local date `daysAhead` days after the local date of `from`, if the hours include that day. */
function periodOn(hours: OpeningHours, from: LocalDate, daysAhead: number): Period | undefined {
  const date = new Date(Date.UTC(from.year, from.month - 1, from.day) + daysAhead * DAY_MS);
  if (!hours.days.has(date.getUTCDay())) return undefined;
  const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  const start = zonedTime(y, m, d, hours.opens, hours.timeZone);
  const closesNextDay = hours.closes <= hours.opens;
  const endDate = new Date(date.getTime() + (closesNextDay ? DAY_MS : 0));
  const end = zonedTime(endDate.getUTCFullYear(), endDate.getUTCMonth() + 1, endDate.getUTCDate(), hours.closes, hours.timeZone);
  return { start, end };
}

/** The opening period `now` falls in, if any. */
export function currentPeriod(hours: OpeningHours, now: Date): Period | undefined {
  const today = localDate(now, hours.timeZone);
  for (const daysAhead of [0, -1]) {
    const period = periodOn(hours, today, daysAhead);
    if (period && period.start <= now && now < period.end) return period;
  }
  return undefined;
}

export function isOpen(hours: OpeningHours, now: Date): boolean {
  return currentPeriod(hours, now) !== undefined;
}

/** When link workers next start work: `now` itself when open now. */
export function nextOpening(hours: OpeningHours, now: Date): Date {
  if (isOpen(hours, now)) return now;
  return nextOpeningAfter(hours, now);
}

/** The start of the first opening period strictly after `instant`. */
export function nextOpeningAfter(hours: OpeningHours, instant: Date): Date {
  const today = localDate(instant, hours.timeZone);
  for (let daysAhead = 0; daysAhead <= 8; daysAhead += 1) {
    const period = periodOn(hours, today, daysAhead);
    if (period && period.start > instant) return period.start;
  }
  throw new Error('Opening hours have no day in the week'); // unreachable: parsing insists on at least one day
}

/** When the current period ends; undefined when closed. */
export function closesAt(hours: OpeningHours, now: Date): Date | undefined {
  return currentPeriod(hours, now)?.end;
}
