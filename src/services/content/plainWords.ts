/** Numbers and lists as people say them, built from the words in messages.ts. */
import { say } from './messages';

/** 730 -> "2 years", 365 -> "1 year", 180 -> "6 months", 45 -> "45 days". */
export function periodInWords(days: number): string {
  if (days >= 365 && days % 365 === 0) return days === 365 ? say('period.year') : say('period.years', { count: days / 365 });
  if (days >= 60 && days % 30 === 0) return say('period.months', { count: days / 30 });
  if (days === 30) return say('period.month');
  return days === 1 ? say('period.day') : say('period.days', { count: days });
}

/** ["a", "b", "c"] -> "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return say('list.and', { rest: items.slice(0, -1).join(', '), last: items[items.length - 1] });
}
