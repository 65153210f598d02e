/** London weeks, ISO week labels and report periods chosen as two dates. */
import { MAX_REPORT_DAYS, parseReportPeriod, ReportPeriodError } from '../../../src/services/reporting/period';
import { isoWeekOf, londonDate, mondayOf, weeksBetween, weekStartOf } from '../../../src/services/reporting/weeks';

describe('London weeks', () => {
  it.each([
    ['2025-03-03', '2025-03-03', '2025-W10'], // a Monday
    ['2025-03-09', '2025-03-03', '2025-W10'], // the Sunday after
    ['2024-12-30', '2024-12-30', '2025-W01'], // ISO week 1 of 2025 starts in 2024
    ['2021-01-03', '2020-12-28', '2020-W53'], // 2020 had 53 ISO weeks
    ['2024-02-29', '2024-02-26', '2024-W09'],
  ])('%s is in the week of Monday %s, %s', (date, monday, isoWeek) => {
    expect(mondayOf(date)).toBe(monday);
    expect(isoWeekOf(date)).toBe(isoWeek);
  });

  it('reads instants in London time, summer and winter', () => {
    expect(londonDate(new Date('2025-03-30T22:59:59Z'))).toBe('2025-03-30'); // 23:59:59 BST
    expect(londonDate(new Date('2025-03-30T23:00:00Z'))).toBe('2025-03-31');
    expect(weekStartOf(new Date('2025-03-30T23:00:00Z'))).toBe('2025-03-31');
    expect(weekStartOf(new Date('2025-01-05T23:59:59Z'))).toBe('2024-12-30'); // GMT: still Sunday
  });

  it('remembers dates by the hour and still gets the change of day right', () => {
    for (let round = 0; round < 2; round += 1) {
      expect(weekStartOf(new Date('2025-03-30T22:10:00Z'))).toBe('2025-03-24');
      expect(weekStartOf(new Date('2025-03-30T22:59:59.999Z'))).toBe('2025-03-24');
      expect(weekStartOf(new Date('2025-03-30T23:00:00Z'))).toBe('2025-03-31');
      expect(londonDate(new Date('2025-10-25T23:30:00Z'))).toBe('2025-10-26'); // 00:30 BST
      expect(londonDate(new Date('2025-10-26T23:30:00Z'))).toBe('2025-10-26'); // 23:30 GMT
    }
  });

  it('lists every week that overlaps a period', () => {
    const period = parseReportPeriod('2025-03-05', '2025-03-17');
    expect(weeksBetween(period.from, period.to)).toEqual([
      { weekStart: '2025-03-03', isoWeek: '2025-W10' },
      { weekStart: '2025-03-10', isoWeek: '2025-W11' },
      { weekStart: '2025-03-17', isoWeek: '2025-W12' },
    ]);
    expect(weeksBetween(period.to, period.from)).toEqual([]);
  });
});

describe('report periods', () => {
  it('takes two London dates, both included: from London midnight to the midnight after the last day', () => {
    expect(parseReportPeriod('2025-01-01', '2025-01-31')).toEqual({
      fromDate: '2025-01-01',
      toDate: '2025-01-31',
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2025-02-01T00:00:00Z'),
    });
    const summer = parseReportPeriod('2025-06-01', '2025-06-30');
    expect(summer.from.toISOString()).toBe('2025-05-31T23:00:00.000Z');
    expect(summer.to.toISOString()).toBe('2025-06-30T23:00:00.000Z');
    // The day the clocks go forward is 23 hours long.
    const short = parseReportPeriod('2025-03-30', '2025-03-30');
    expect(short.to.getTime() - short.from.getTime()).toBe(23 * 3600_000);
  });

  it.each([
    [undefined, '2025-01-31', /Give both from and to/],
    ['2025-01-01', '', /Give both from and to/],
    ['1/3/2025', '2025-03-31', /from must be a real date written YYYY-MM-DD/],
    ['2025-02-29', '2025-03-31', /from must be a real date/],
    ['2025-01-01', '2025-13-01', /to must be a real date/],
    ['2025-01-01T00:00:00Z', '2025-03-31', /from must be a real date/],
    ['1999-12-31', '2000-01-31', /from must be a date in the years 2000 to 2999/],
    ['2025-03-31', '2025-03-01', /to must be the same day as from or later/],
    ['2020-01-01', '2023-01-01', /at most 3 years/],
  ])('refuses from=%s to=%s with a clear message', (from, to, message) => {
    const attempt = () => parseReportPeriod(from, to);
    expect(attempt).toThrow(ReportPeriodError);
    expect(attempt).toThrow(message);
  });

  it('allows exactly three years', () => {
    const longest = parseReportPeriod('2020-01-01', '2022-12-31');
    expect(Math.round((longest.to.getTime() - longest.from.getTime()) / 86_400_000)).toBe(MAX_REPORT_DAYS);
  });
});
