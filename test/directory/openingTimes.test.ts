import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describeOpening, isOpenAt, opensLaterToday, parseClock, parseOpeningText, spokenClock, spokenDays } from '../../src/services/directory/matching/openingTimes';
import { projectPath } from '../../src/paths';

describe('reading opening times', () => {
  it.each([
    ['Tuesday 11.00 \u2013 13.00\nFriday 11.00 \u2013 13.00', [{ days: [2], opens: '11:00', closes: '13:00' }, { days: [5], opens: '11:00', closes: '13:00' }]],
    ['Monday to Friday 9.00 - 12.00', [{ days: [1, 2, 3, 4, 5], opens: '09:00', closes: '12:00' }]],
    ['Sunday to Tuesday 11.00 - 14.00\nWednesday to Saturday 11.00 - 15.00', [{ days: [0, 1, 2], opens: '11:00', closes: '14:00' }, { days: [3, 4, 5, 6], opens: '11:00', closes: '15:00' }]],
    ['Tuesday         12.00 \u2013 15.30', [{ days: [2], opens: '12:00', closes: '15:30' }]],
    ['Mon-Fri 9am-5pm', [{ days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00' }]],
    ['Tues and Thurs 10:30 to 12 noon', [{ days: [2, 4], opens: '10:30', closes: '12:00' }]],
    ['Saturday 10am - 1:30pm; Sunday 2pm-4pm', [{ days: [6], opens: '10:00', closes: '13:30' }, { days: [0], opens: '14:00', closes: '16:00' }]],
  ])('reads %j', (text, times) => {
    expect(parseOpeningText(text)).toEqual({ times, complete: true });
  });

  it.each(['Wednesday 12.30', 'Tuesday 18.30', 'term time only', 'Monday 14.00 - 12.00', 'Funday 9-5'])('never guesses: %j is incomplete', (text) => {
    expect(parseOpeningText(text).complete).toBe(false);
  });

  it('keeps the parts it understood when another part is not', () => {
    expect(parseOpeningText('Tuesday 09.00 - 14.00\nWednesday to Friday 09.00 ')).toEqual({ times: [{ days: [2], opens: '09:00', closes: '14:00' }], complete: false });
  });

  it('reads clock times in the ways directories write them', () => {
    expect(parseClock('9')).toBe('09:00');
    expect(parseClock('9.30')).toBe('09:30');
    expect(parseClock('10:00:00')).toBe('10:00');
    expect(parseClock('1pm')).toBe('13:00');
    expect(parseClock('12am')).toBe('00:00');
    expect(parseClock('13pm')).toBeUndefined();
    expect(parseClock('25:00')).toBeUndefined();
  });

  it('reads every opening time in the bundled Sheffield data, or keeps its words', () => {
    const rows = parse(readFileSync(projectPath('data', 'directory', 'sheffield_food', 'sheffield_food_support_with_coords.csv'), 'utf8'), { columns: true }) as { opening: string }[];
    const parsed = rows.map((r) => parseOpeningText(r.opening));
    expect(parsed.filter((p) => p.complete).length).toBeGreaterThanOrEqual(33);
    expect(parsed.filter((p) => p.complete).every((p) => p.times.length > 0)).toBe(true);
  });
});

describe('describing opening times', () => {
  it.each([
    [[{ days: [2], opens: '09:00', closes: '12:00' }], 'Tuesday mornings'],
    [[{ days: [1, 2, 3, 4, 5], opens: '09:00', closes: '12:00' }], 'Monday to Friday mornings'],
    [[{ days: [2], opens: '11:00', closes: '13:00' }, { days: [5], opens: '11:00', closes: '13:00' }], 'Tuesday and Friday, 11am to 1pm'],
    [[{ days: [3], opens: '18:00', closes: '20:30' }], 'Wednesday evenings'],
    [[{ days: [3], opens: '18:00', closes: '19:00' }], 'Wednesday, 6pm to 7pm'],
    [[{ days: [1], opens: '12:00', closes: '13:00' }], 'Monday, midday to 1pm'],
    [[{ days: [2], opens: '12:00', closes: '15:30' }], 'Tuesday afternoons'],
    [[{ days: [0, 1, 2, 3, 4, 5, 6], opens: '08:00', closes: '20:00' }], 'every day, 8am to 8pm'],
    [[{ days: [0, 1, 2], opens: '11:00', closes: '14:00' }, { days: [3, 4, 5, 6], opens: '11:00', closes: '15:00' }], 'Sunday to Tuesday 11am to 2pm; Wednesday to Saturday 11am to 3pm'],
    [[{ days: [1, 3, 5], opens: '10:30', closes: '14:30' }], 'Monday, Wednesday and Friday, 10:30am to 2:30pm'],
  ])('%j reads as %j', (times, words) => {
    expect(describeOpening(times)).toBe(words);
  });

  it('says nothing when there are no times, and cuts long lists', () => {
    expect(describeOpening([])).toBeUndefined();
    const many = [0, 1, 2, 3, 4].map((d) => ({ days: [d], opens: `0${d + 1}:00`, closes: '12:00' }));
    expect(describeOpening(many)).toMatch(/and other times$/);
  });

  it('speaks clocks and days plainly', () => {
    expect(spokenClock('12:00')).toBe('midday');
    expect(spokenClock('00:00')).toBe('midnight');
    expect(spokenClock('13:05')).toBe('1:05pm');
    expect(spokenDays([6, 0])).toBe('Saturday and Sunday');
    expect(spokenDays([5, 6, 0, 1])).toBe('Friday to Monday');
  });
});

describe('open at a moment (UK time)', () => {
  const tuesdayLateMorning = [{ days: [2], opens: '11:00', closes: '13:00' }];

  it('uses British Summer Time in summer', () => {
    expect(isOpenAt(tuesdayLateMorning, new Date('2024-07-02T10:30:00Z'))).toBe(true); // 11:30 BST
    expect(isOpenAt(tuesdayLateMorning, new Date('2024-07-02T12:00:00Z'))).toBe(false); // 13:00 BST: closed
  });

  it('uses Greenwich Mean Time in winter', () => {
    expect(isOpenAt(tuesdayLateMorning, new Date('2024-01-02T10:30:00Z'))).toBe(false); // 10:30 GMT
    expect(isOpenAt(tuesdayLateMorning, new Date('2024-01-02T11:30:00Z'))).toBe(true);
  });

  it('knows when something opens later today', () => {
    expect(opensLaterToday(tuesdayLateMorning, new Date('2024-01-02T09:00:00Z'))).toBe(true);
    expect(opensLaterToday(tuesdayLateMorning, new Date('2024-01-03T09:00:00Z'))).toBe(false);
  });
});
