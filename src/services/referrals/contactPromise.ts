/**
 * The contact promise: "a link worker aims to contact you within REFERRAL_CONTACT_DAYS working days" (the bot says it
 * with the same setting, ReferralDialog). Working days are Monday to Friday in London, counted from the day after the
 * referral; the promise runs to the end (London midnight) of the last of them. Bank holidays are not known here, so they
 * count as working days: the promise shown is never later than the one people were given.
 */
import { localDate } from '../handoff/openingHours';
import { REPORT_TIME_ZONE, startOfLondonDay } from '../reporting/weeks';

const DAY_MS = 24 * 60 * 60 * 1000;

/** When the contact promise for a referral made at `createdAt` runs out. */
export function contactDueBy(createdAt: Date, workingDays: number): Date {
  const { year, month, day } = localDate(createdAt, REPORT_TIME_ZONE);
  let date = new Date(Date.UTC(year, month - 1, day));
  let counted = 0;
  while (counted < workingDays) {
    date = new Date(date.getTime() + DAY_MS);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) counted += 1;
  }
  const next = new Date(date.getTime() + DAY_MS);
  return startOfLondonDay(next.toISOString().slice(0, 10));
}

/** Whether first contact (or, without one yet, now) came within the promise. */
export function withinPromise(createdAt: Date, firstContactAt: Date | undefined, workingDays: number, now: Date): boolean {
  return (firstContactAt ?? now).getTime() <= contactDueBy(createdAt, workingDays).getTime();
}
