/**
 * Dates of birth as people in the UK type them: 12/03/1961, 12-3-61, 12.03.1961, 12031961, 1961-03-12,
 * 12 March 1961, 12th of Mar 1961, March 12th, 1961. Day comes before month (UK order) unless the month is a word.
 */
import { normalise } from './text';

export type DateOfBirthResult =
  | { ok: true; iso: string; age: number }
  | { ok: false; problem: 'format' | 'noYear' | 'future' | 'tooOld' };

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const OLDEST_AGE = 120;

/** "March", "mar", "Mar.", "sept": a month name or its first three (or more) letters. */
function monthFromWord(word: string): number | undefined {
  const w = word.replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const index = MONTHS.findIndex((m) => m.startsWith(w) || (w === 'sept' && m === 'september'));
  return index >= 0 ? index + 1 : undefined;
}

/** Two-digit years: the most recent year that is not in the future ("61" -> 1961, "05" -> 2005). */
function fullYear(year: string, now: Date): number {
  if (year.length === 4) return Number(year);
  const yy = Number(year);
  const thisYear = now.getUTCFullYear();
  return 2000 + yy <= thisYear ? 2000 + yy : 1900 + yy;
}

function pieces(text: string): { day: string; month: number | string; year?: string } | undefined {
  const t = normalise(text).replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return { day: m[3], month: m[2], year: m[1] };
  m = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{2}|\d{4})$/.exec(t);
  if (m) return { day: m[1], month: m[2], year: m[3] };
  m = /^(\d{2})(\d{2})(\d{4})$/.exec(t);
  if (m) return { day: m[1], month: m[2], year: m[3] };
  m = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})$/.exec(t);
  if (m) return { day: m[1], month: m[2] };
  // 12 March 1961, 12th of March 61, 12-Mar-1961
  m = /^(\d{1,2})(?:st|nd|rd|th)?(?: of)?[ \-/]([a-z]+\.?)(?:[ \-/](\d{2}|\d{4}))?$/.exec(t);
  if (m) {
    const month = monthFromWord(m[2]);
    return month ? { day: m[1], month, year: m[3] } : undefined;
  }
  // March 12 1961, March 12th 1961
  m = /^([a-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?(?: (\d{2}|\d{4}))?$/.exec(t);
  if (m) {
    const month = monthFromWord(m[1]);
    return month ? { day: m[2], month, year: m[3] } : undefined;
  }
  return undefined;
}

/** Whole years between a date of birth (YYYY-MM-DD) and now. */
export function ageOn(iso: string, now: Date): number {
  const [year, month, day] = iso.split('-').map(Number);
  let age = now.getUTCFullYear() - year;
  const beforeBirthday = now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age;
}

export function parseDateOfBirth(text: string, now: Date): DateOfBirthResult {
  const parts = pieces(text);
  if (!parts) return { ok: false, problem: 'format' };
  if (!parts.year) return { ok: false, problem: 'noYear' };
  const day = Number(parts.day);
  const month = Number(parts.month);
  const year = fullYear(parts.year, now);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, problem: 'format' };
  }
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (date.getTime() > now.getTime()) return { ok: false, problem: 'future' };
  const age = ageOn(iso, now);
  if (age > OLDEST_AGE) return { ok: false, problem: 'tooOld' };
  return { ok: true, iso, age };
}

/** YYYY-MM-DD as the UK writes it: 12/03/1961. */
export function ukDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}
