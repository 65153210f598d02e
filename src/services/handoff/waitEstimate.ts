/**
 * What to tell a patient who has just been handed to a link worker: their place in the queue and a rough wait while
 * link workers are at work, or when someone will reply out of hours. The wait is an estimate (each person ahead is
 * taken to need about `minutesPerPerson` of a link worker's time), so words built on it should say "about".
 */
import { say } from '../content/messages';
import type { HandoffQueue } from './HandoffQueue';
import { closesAt, localDate, nextOpening, nextOpeningAfter, type OpeningHours } from './openingHours';

export const DEFAULT_MINUTES_PER_PERSON = 10;

export type WaitEstimate =
  /** Open now, and the estimate ends before closing time. */
  | { kind: 'soon'; position: number; minutes: number }
  /** Closed now, or the queue will not be reached before closing: someone replies from `at`. */
  | { kind: 'later'; position: number; at: Date };

/** 1 for the first in line. Urgent handoffs count ahead of normal ones (the queue's own order). */
export async function placeInQueue(queue: Pick<HandoffQueue, 'list'>, handoffId: string): Promise<number> {
  const waiting = await queue.list('waiting');
  const index = waiting.findIndex((h) => h.id === handoffId);
  return index < 0 ? waiting.length + 1 : index + 1;
}

export function estimateWait(input: { position: number; hours: OpeningHours; now: Date; minutesPerPerson?: number }): WaitEstimate {
  const { position, hours, now } = input;
  const perPerson = input.minutesPerPerson ?? DEFAULT_MINUTES_PER_PERSON;
  const closing = closesAt(hours, now);
  if (!closing) return { kind: 'later', position, at: nextOpening(hours, now) };
  // Rounded up to 5 minutes: "about 10 minutes", never "about 7".
  const minutes = Math.max(5, Math.ceil((Math.max(1, position) * perPerson) / 5) * 5);
  if (now.getTime() + minutes * 60_000 <= closing.getTime()) return { kind: 'soon', position, minutes };
  return { kind: 'later', position, at: nextOpeningAfter(hours, closing) };
}

/** "9am", "9:30am", "12pm", in the opening hours' time zone. */
export function clockTime(instant: Date, timeZone: string): string {
  const { minutes } = localDate(instant, timeZone);
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}${minute === 0 ? '' : `:${String(minute).padStart(2, '0')}`}${hour < 12 ? 'am' : 'pm'}`;
}

/** "today at 9am", "tomorrow at 9am" or "on Monday at 9am", as the patient's clock would say it. */
export function describeWhen(at: Date, now: Date, hours: Pick<OpeningHours, 'timeZone'>): string {
  const time = clockTime(at, hours.timeZone);
  const a = localDate(at, hours.timeZone);
  const n = localDate(now, hours.timeZone);
  const days = Math.round((Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(n.year, n.month - 1, n.day)) / 86_400_000);
  if (days <= 0) return say('handoff.when.today', { time });
  if (days === 1) return say('handoff.when.tomorrow', { time });
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: hours.timeZone }).format(at);
  return say('handoff.when.day', { day, time });
}
