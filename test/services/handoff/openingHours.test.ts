/** Opening hours across time zones, daylight-saving changes, overnight periods and week wrap-round. */
import { closesAt, isOpen, localDate, nextOpening, OpeningHoursError, parseOpeningHours, zonedTime } from '../../../src/services/handoff/openingHours';
import { VARIABLES } from '../../../src/config';

const at = (iso: string) => new Date(iso);

describe('parseOpeningHours', () => {
  it('reads days, hours and the zone', () => {
    const hours = parseOpeningHours('Mon-Fri 09:00-17:00 Europe/London');
    expect([...hours.days].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(hours).toMatchObject({ opens: 540, closes: 1020, timeZone: 'Europe/London' });
  });

  it('reads the default in config', () => {
    expect(() => parseOpeningHours(VARIABLES.OPENING_HOURS.default)).not.toThrow();
  });

  it('reads lists, single days, ranges that wrap round the week, any case, 24:00', () => {
    expect([...parseOpeningHours('mon,WED,Fri 10:00-12:00 Europe/London').days].sort()).toEqual([1, 3, 5]);
    expect([...parseOpeningHours('Fri-Mon 10:00-12:00 Europe/London').days].sort()).toEqual([0, 1, 5, 6]);
    expect([...parseOpeningHours('Sat 10:00-24:00 Europe/London').days]).toEqual([6]);
    expect(parseOpeningHours('Sat 10:00-24:00 Europe/London').closes).toBe(1440);
  });

  it.each([
    ['Mon-Fri 09:00-17:00', /three parts/],
    ['Mon-Fun 09:00-17:00 Europe/London', /unknown day "Fun"/],
    ['Mon-Fri 9:00-17:00 Europe/London', /HH:MM/],
    ['Mon-Fri 09:00-25:00 Europe/London', /HH:MM/],
    ['Mon-Fri 09:60-17:00 Europe/London', /HH:MM/],
    ['Mon-Fri 09:00-09:00 Europe/London', /same time/],
    ['Mon-Fri 09:00 Europe/London', /09:00-17:00/],
    ['Mon-Fri 09:00-17:00 Europe/Atlantis', /unknown time zone "Europe\/Atlantis"/],
    ['Mon-Tue-Wed 09:00-17:00 Europe/London', /day range/],
  ])('refuses %s clearly', (text, message) => {
    expect(() => parseOpeningHours(text)).toThrow(OpeningHoursError);
    expect(() => parseOpeningHours(text)).toThrow(message);
  });
});

describe('Mon-Fri 09:00-17:00 Europe/London', () => {
  const hours = parseOpeningHours('Mon-Fri 09:00-17:00 Europe/London');

  it('follows GMT in winter', () => {
    expect(isOpen(hours, at('2025-01-06T08:59:59Z'))).toBe(false);
    expect(isOpen(hours, at('2025-01-06T09:00:00Z'))).toBe(true);
    expect(isOpen(hours, at('2025-01-06T16:59:59Z'))).toBe(true);
    expect(isOpen(hours, at('2025-01-06T17:00:00Z'))).toBe(false);
    expect(closesAt(hours, at('2025-01-06T12:00:00Z'))).toEqual(at('2025-01-06T17:00:00Z'));
  });

  it('follows British Summer Time in summer (an hour ahead of UTC)', () => {
    expect(isOpen(hours, at('2025-07-07T07:59:59Z'))).toBe(false);
    expect(isOpen(hours, at('2025-07-07T08:00:00Z'))).toBe(true);
    expect(isOpen(hours, at('2025-07-07T15:59:59Z'))).toBe(true);
    expect(isOpen(hours, at('2025-07-07T16:00:00Z'))).toBe(false);
  });

  it('is closed at weekends, and opens next on Monday', () => {
    expect(isOpen(hours, at('2025-01-11T12:00:00Z'))).toBe(false);
    expect(nextOpening(hours, at('2025-01-10T17:30:00Z'))).toEqual(at('2025-01-13T09:00:00Z'));
  });

  it('opens next across the spring change: Friday evening in GMT, Monday morning in BST', () => {
    // Clocks went forward on Sunday 30 March 2025.
    expect(nextOpening(hours, at('2025-03-28T17:00:00Z'))).toEqual(at('2025-03-31T08:00:00Z'));
  });

  it('opens next across the autumn change: Friday evening in BST, Monday morning in GMT', () => {
    // Clocks went back on Sunday 26 October 2025.
    expect(nextOpening(hours, at('2025-10-24T16:00:00Z'))).toEqual(at('2025-10-27T09:00:00Z'));
  });

  it('says "now" when open, and the same day when early', () => {
    expect(nextOpening(hours, at('2025-01-06T10:00:00Z'))).toEqual(at('2025-01-06T10:00:00Z'));
    expect(nextOpening(hours, at('2025-01-06T06:00:00Z'))).toEqual(at('2025-01-06T09:00:00Z'));
  });
});

describe('other zones', () => {
  it('America/New_York: 09:00 EST is 14:00 UTC in January, 13:00 UTC in July (EDT)', () => {
    const hours = parseOpeningHours('Mon-Fri 09:00-17:00 America/New_York');
    expect(nextOpening(hours, at('2025-01-06T05:00:00Z'))).toEqual(at('2025-01-06T14:00:00Z'));
    expect(nextOpening(hours, at('2025-07-07T05:00:00Z'))).toEqual(at('2025-07-07T13:00:00Z'));
  });

  it('Australia/Sydney: southern daylight saving ends in April (AEDT +11 to AEST +10)', () => {
    const hours = parseOpeningHours('Sat,Sun 10:00-12:00 Australia/Sydney');
    // Saturday 5 April 2025 10:00 AEDT = Friday 23:00 UTC; Sunday 6 April 10:00 AEST = Sunday 00:00 UTC.
    expect(nextOpening(hours, at('2025-04-04T12:00:00Z'))).toEqual(at('2025-04-04T23:00:00Z'));
    expect(nextOpening(hours, at('2025-04-05T02:00:00Z'))).toEqual(at('2025-04-06T00:00:00Z'));
  });

  it('Asia/Kolkata: a half-hour offset', () => {
    const hours = parseOpeningHours('Mon-Fri 09:00-17:00 Asia/Kolkata');
    expect(nextOpening(hours, at('2025-01-06T00:00:00Z'))).toEqual(at('2025-01-06T03:30:00Z'));
  });
});

describe('overnight periods', () => {
  const hours = parseOpeningHours('Fri-Sat 22:00-02:00 Europe/London');

  it('belong to the day they start on', () => {
    expect(isOpen(hours, at('2025-01-10T21:59:00Z'))).toBe(false); // Friday 21:59
    expect(isOpen(hours, at('2025-01-10T22:00:00Z'))).toBe(true); // Friday 22:00
    expect(isOpen(hours, at('2025-01-11T01:30:00Z'))).toBe(true); // Saturday 01:30, Friday's period
    expect(isOpen(hours, at('2025-01-12T01:30:00Z'))).toBe(true); // Sunday 01:30, Saturday's period
    expect(isOpen(hours, at('2025-01-13T01:30:00Z'))).toBe(false); // Monday 01:30: Sunday is not a day
    expect(closesAt(hours, at('2025-01-11T01:30:00Z'))).toEqual(at('2025-01-11T02:00:00Z'));
    expect(nextOpening(hours, at('2025-01-12T03:00:00Z'))).toEqual(at('2025-01-17T22:00:00Z'));
  });
});

describe('wall-clock times', () => {
  it('reads an instant as local date, weekday and minutes', () => {
    expect(localDate(at('2025-07-07T23:30:00Z'), 'Europe/London')).toEqual({ year: 2025, month: 7, day: 8, weekday: 2, minutes: 30 });
  });

  it('takes a time skipped in spring as that far after the change, and a repeated autumn time the second time', () => {
    expect(zonedTime(2025, 3, 30, 90, 'Europe/London')).toEqual(at('2025-03-30T01:30:00Z')); // 01:30 -> 02:30 BST
    expect(zonedTime(2025, 10, 26, 90, 'Europe/London')).toEqual(at('2025-10-26T01:30:00Z')); // 01:30 GMT, the second one
    expect(zonedTime(2025, 7, 1, 0, 'Europe/London')).toEqual(at('2025-06-30T23:00:00Z'));
  });
});
