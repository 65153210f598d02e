/** Open Referral UK schedules (v1 regular_schedules and HSDS 3 schedules) to weekly opening times. */
import type { OpeningTime } from '../DirectoryService';
import { dayIndex, parseClock } from '../matching/openingTimes';
import { objectsOf, text, type Json } from './values';

const BYDAY: Record<string, number> = { SU: 0, MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6 };

function daysOf(schedule: Json): number[] | undefined {
  const byday = text(schedule.byday);
  if (byday) {
    const codes = byday.toUpperCase().split(/[\s,]+/).filter(Boolean);
    // "1MO" (first Monday of the month) is not weekly.
    if (codes.some((c) => !(c in BYDAY))) return undefined;
    return codes.map((c) => BYDAY[c]);
  }
  const weekday = schedule.weekday;
  if (typeof weekday === 'number' && Number.isInteger(weekday) && weekday >= 1 && weekday <= 7) return [weekday % 7]; // ISO: 1 Monday .. 7 Sunday
  const named = text(weekday);
  if (named && /^\d$/.test(named)) return Number(named) >= 1 && Number(named) <= 7 ? [Number(named) % 7] : undefined;
  const day = named ? dayIndex(named) : undefined;
  return day === undefined ? undefined : [day];
}

/** Weekly times that could be read, and the words of those that could not (kept for people to read). */
export function readSchedules(...lists: unknown[]): { times: OpeningTime[]; text?: string; unreadable: number } {
  const times: OpeningTime[] = [];
  const words: string[] = [];
  let unreadable = 0;
  for (const schedule of lists.flatMap(objectsOf)) {
    const freq = text(schedule.freq)?.toLowerCase();
    const weekly = freq === undefined || freq === 'weekly' || freq === 'week';
    const days = weekly ? daysOf(schedule) : undefined;
    const opens = parseClock(text(schedule.opens_at) ?? '');
    const closes = parseClock(text(schedule.closes_at) ?? '');
    if (days && days.length > 0 && opens && closes && closes > opens) {
      times.push({ days: [...new Set(days)].sort((a, b) => a - b), opens, closes });
      continue;
    }
    unreadable += 1;
    const description = text(schedule.description);
    if (description) words.push(description);
  }
  return { times, ...(words.length > 0 ? { text: [...new Set(words)].join(' ') } : {}), unreadable };
}
