/**
 * Weekly opening times: read from the words directories use ("Tuesday 11.00 - 13.00 / Friday 11.00 - 13.00",
 * "Monday to Friday 9.00 - 12.00"), described back in plain words ("Tuesday and Friday, 11am to 1pm",
 * "Monday to Friday mornings"), and checked against a moment in UK time.
 */
import type { OpeningTime } from '../DirectoryService';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
/** The week as people in the UK read it: Monday first. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

const DAY_WORDS: ReadonlyMap<string, number> = new Map(
  DAY_NAMES.flatMap((name, index) => {
    const n = name.toLowerCase();
    return [n, `${n}s`, n.slice(0, 3)].map((w) => [w, index] as [string, number]);
  }).concat([['tues', 2], ['weds', 3], ['thur', 4], ['thurs', 4]]),
);

/** Day index (0 Sunday .. 6 Saturday) of a day name or abbreviation ("Tue", "Tues", "Tuesdays"), or undefined. */
export function dayIndex(word: string): number | undefined {
  return DAY_WORDS.get(word.trim().toLowerCase().replace(/\.$/, ''));
}

/** "9", "9.30", "09:30", "10am", "1:30pm", "12 noon" -> "HH:MM", or undefined. */
export function parseClock(text: string): string | undefined {
  const m = /^(\d{1,2})(?:[.:](\d{2}))?(?::\d{2})?\s*(am|pm|noon)?$/i.exec(text.trim());
  if (!m) return undefined;
  let hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  const suffix = m[3]?.toLowerCase();
  if (suffix === 'pm' && hours < 12) hours += 12;
  if (suffix === 'am' && hours === 12) hours = 0;
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes !== 0) || (suffix !== undefined && Number(m[1]) > 12)) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

const DAY_WORD = '([A-Za-z]{3,10}\\.?)';
const CLOCK = '(\\d{1,2}(?:[.:]\\d{2})?(?::\\d{2})?\\s*(?:am|pm|noon)?)';
const SEGMENT = new RegExp(`^${DAY_WORD}(?:\\s*(?:to|-|and|&)\\s*${DAY_WORD})?[\\s,:]+${CLOCK}\\s*(?:-|to|until|till)\\s*${CLOCK}$`, 'i');

export interface ParsedOpening {
  times: OpeningTime[];
  /** True when every part of the text was understood. */
  complete: boolean;
}

/** Reads free-text weekly opening times; the parts it cannot read make it incomplete (never guessed). */
export function parseOpeningText(text: string): ParsedOpening {
  const segments = text
    .replace(/[\u2012-\u2015\u2212]/g, '-')
    .split(/\s*(?:\/|;|\r?\n|,(?=\s*[A-Za-z]{3,}\s))\s*/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s !== '');
  if (segments.length === 0) return { times: [], complete: true };
  const times: OpeningTime[] = [];
  let complete = true;
  for (const segment of segments) {
    const m = SEGMENT.exec(segment);
    const first = m ? dayIndex(m[1]) : undefined;
    const last = m?.[2] !== undefined ? dayIndex(m[2]) : first;
    const opens = m ? parseClock(m[3]) : undefined;
    const closes = m ? parseClock(m[4]) : undefined;
    if (!m || first === undefined || last === undefined || !opens || !closes || minutesOf(closes) <= minutesOf(opens)) {
      complete = false;
      continue;
    }
    const joiner = segment.slice(m[1].length).trimStart().toLowerCase();
    const isRange = m[2] !== undefined && !/^(and|&)/.test(joiner);
    times.push({ days: isRange ? dayRange(first, last) : unique([first, last]), opens, closes });
  }
  return { times, complete };
}

function dayRange(first: number, last: number): number[] {
  const days: number[] = [];
  for (let d = first; ; d = (d + 1) % 7) {
    days.push(d);
    if (d === last || days.length === 7) break;
  }
  return days.sort((a, b) => a - b);
}

const unique = (days: number[]): number[] => [...new Set(days)].sort((a, b) => a - b);

/** "9am", "12:30pm", "midday", "midnight". */
export function spokenClock(clock: string): string {
  const minutes = minutesOf(clock) % (24 * 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (m === 0 && h === 12) return 'midday';
  if (m === 0 && h === 0) return 'midnight';
  const twelve = h % 12 === 0 ? 12 : h % 12;
  return `${twelve}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`}${h < 12 ? 'am' : 'pm'}`;
}

/** "Monday to Friday", "Tuesday and Friday", "Monday, Wednesday and Friday", "every day". */
export function spokenDays(days: number[]): string {
  const set = new Set(days);
  if (set.size === 7) return 'every day';
  // Runs of consecutive days in Monday-first order, joined across Sunday -> Monday.
  const ordered = WEEK_ORDER.filter((d) => set.has(d));
  const runs: number[][] = [];
  for (const d of ordered) {
    const run = runs[runs.length - 1];
    if (run && WEEK_ORDER.indexOf(d) === WEEK_ORDER.indexOf(run[run.length - 1]) + 1) run.push(d);
    else runs.push([d]);
  }
  if (runs.length > 1 && runs[0][0] === 1 && runs[runs.length - 1].at(-1) === 0) {
    const tail = runs.pop() as number[];
    runs[0] = [...tail, ...runs[0]];
  }
  const parts = runs.flatMap((run) => (run.length >= 3 ? [`${DAY_NAMES[run[0]]} to ${DAY_NAMES[run[run.length - 1]]}`] : run.map((d) => DAY_NAMES[d])));
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

type Period = 'mornings' | 'afternoons' | 'evenings';

/** Mornings, afternoons or evenings, for a span of two hours or more (shorter ones read better as exact times). */
function periodOf(opens: string, closes: string): Period | undefined {
  const o = minutesOf(opens);
  const c = minutesOf(closes);
  if (c - o < 120) return undefined;
  if (o >= 6 * 60 && c <= 12 * 60 + 30 && o < 12 * 60) return 'mornings';
  if (o >= 12 * 60 && c <= 17 * 60 + 30) return 'afternoons';
  if (o >= 17 * 60) return 'evenings';
  return undefined;
}

/**
 * Opening times in a few words: "Tuesday mornings", "Tuesday and Friday, 11am to 1pm",
 * "Tuesday 9am to 2pm; Wednesday to Friday 9am to 3pm". Undefined when there are none.
 */
export function describeOpening(times: OpeningTime[], maxGroups = 3): string | undefined {
  const groups = new Map<string, { opens: string; closes: string; days: Set<number> }>();
  for (const t of times) {
    const key = `${t.opens}-${t.closes}`;
    const group = groups.get(key) ?? { opens: t.opens, closes: t.closes, days: new Set<number>() };
    t.days.forEach((d) => group.days.add(d));
    groups.set(key, group);
  }
  const list = [...groups.values()].filter((g) => g.days.size > 0);
  if (list.length === 0) return undefined;
  const firstDay = (g: { days: Set<number> }): number => Math.min(...[...g.days].map((d) => WEEK_ORDER.indexOf(d)));
  list.sort((a, b) => firstDay(a) - firstDay(b) || a.opens.localeCompare(b.opens));
  if (list.length === 1) {
    const [g] = list;
    const period = periodOf(g.opens, g.closes);
    const days = spokenDays([...g.days]);
    if (period && days !== 'every day') return `${days} ${period}`;
    return `${days}, ${spokenClock(g.opens)} to ${spokenClock(g.closes)}`;
  }
  const shown = list.slice(0, maxGroups).map((g) => `${spokenDays([...g.days])} ${spokenClock(g.opens)} to ${spokenClock(g.closes)}`);
  return list.length > maxGroups ? `${shown.join('; ')} and other times` : shown.join('; ');
}

const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Day (0 Sunday .. 6 Saturday) and minutes since midnight of a moment, in UK time. */
export function ukWeekTime(at: Date): { day: number; minutes: number } {
  const parts = Object.fromEntries(LONDON.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: DAY_NAMES.indexOf(parts.weekday as (typeof DAY_NAMES)[number]), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** True when the times say it is open at that moment (UK time). */
export function isOpenAt(times: OpeningTime[], at: Date): boolean {
  return isOpenDuring(times, ukWeekTime(at));
}

/** As isOpenAt, for a moment already turned into UK day and minutes (work it out once for many services). */
export function isOpenDuring(times: OpeningTime[], { day, minutes }: { day: number; minutes: number }): boolean {
  return times.some((t) => t.days.includes(day) && minutes >= minutesOf(t.opens) && minutes < minutesOf(t.closes));
}

/** True when the times have an opening on that UK day that has not yet closed. */
export function opensLaterToday(times: OpeningTime[], at: Date): boolean {
  const { day, minutes } = ukWeekTime(at);
  return times.some((t) => t.days.includes(day) && minutes < minutesOf(t.opens));
}
