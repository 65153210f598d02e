/* Times, dates and durations in plain British English, on the clock of the UK (Europe/London) whatever this computer's. */

const ZONE = 'Europe/London';

function plural(n, word) {
  return n + ' ' + word + (n === 1 ? '' : 's');
}

/** "under a minute", "5 minutes", "1 hour 5 minutes", "2 days 3 hours". */
export function duration(ms) {
  const minutes = Math.floor(Math.max(0, ms) / 60000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return plural(hours, 'hour') + (minutes % 60 ? ' ' + plural(minutes % 60, 'minute') : '');
  const days = Math.floor(hours / 24);
  return plural(days, 'day') + (hours % 24 ? ' ' + plural(hours % 24, 'hour') : '');
}

const timeOnly = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: ZONE });
const dayAndTime = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: ZONE });
const dayOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: ZONE });
const dateOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "14:05" today (in the UK), "Mon 3 Jun, 14:05" another day. */
export function when(iso, now) {
  const date = new Date(iso);
  return dayOnly.format(date) === dayOnly.format(now ? new Date(now) : new Date()) ? timeOnly.format(date) : dayAndTime.format(date);
}

/** A calendar date as stored ("1958-03-12") in words: "12 March 1958" (no time zone can move it). */
export function calendarDate(isoDate) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(isoDate || ''))) return isoDate;
  return dateOnly.format(new Date(isoDate + 'T00:00:00Z'));
}

/** The server's clock minus ours, so waiting times are right even when this computer's clock is not. */
export function clockOffset(serverNowIso) {
  return new Date(serverNowIso).getTime() - Date.now();
}

/** A count for a report: 1 to 4 shown as "fewer than 5", so nobody can be picked out of a small group. */
export const SMALL = 5;
export function count(n) {
  return n > 0 && n < SMALL ? 'fewer than ' + SMALL : String(n);
}

/** A count for a chart: small counts are not drawn (null), as the table does not show them. */
export const chartCount = (n) => (n > 0 && n < SMALL ? null : n);

const tenths = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
/** A wait in a report, never rounded down: "1.9 minutes", "2 hours", "3.5 days" (rounded up to a tenth). */
export function waitFigure(ms) {
  const up = (value) => Math.ceil(value * 10 - 1e-9) / 10;
  const minutes = Math.max(0, ms) / 60000;
  if (minutes < 1) return up(minutes * 60) + ' seconds';
  if (minutes < 60) return tenths.format(up(minutes)) + (up(minutes) === 1 ? ' minute' : ' minutes');
  const hours = minutes / 60;
  if (hours < 48) return tenths.format(up(hours)) + (up(hours) === 1 ? ' hour' : ' hours');
  return tenths.format(up(hours / 24)) + ' days';
}
