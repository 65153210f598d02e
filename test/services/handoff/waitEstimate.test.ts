/** What a newly handed-off patient is told: place and rough wait, or when someone will reply. */
import { MESSAGES } from '../../../src/services/content/messages';
import { parseOpeningHours } from '../../../src/services/handoff/openingHours';
import { clockTime, describeWhen, estimateWait, placeInQueue } from '../../../src/services/handoff/waitEstimate';
import type { Handoff } from '../../../src/services/handoff/Handoff';

const hours = parseOpeningHours('Mon-Fri 09:00-17:00 Europe/London');
const at = (iso: string) => new Date(iso);

describe('estimateWait', () => {
  it('while open: about 10 minutes per person ahead, rounded up to 5, at least 5', () => {
    expect(estimateWait({ position: 1, hours, now: at('2025-01-06T10:00:00Z') })).toEqual({ kind: 'soon', position: 1, minutes: 10 });
    expect(estimateWait({ position: 3, hours, now: at('2025-01-06T10:00:00Z') })).toEqual({ kind: 'soon', position: 3, minutes: 30 });
    expect(estimateWait({ position: 1, hours, now: at('2025-01-06T10:00:00Z'), minutesPerPerson: 2 })).toEqual({ kind: 'soon', position: 1, minutes: 5 });
    expect(estimateWait({ position: 2, hours, now: at('2025-01-06T10:00:00Z'), minutesPerPerson: 7 })).toEqual({ kind: 'soon', position: 2, minutes: 15 });
  });

  it('when the wait would run past closing: the next opening instead', () => {
    expect(estimateWait({ position: 4, hours, now: at('2025-01-06T16:30:00Z') })).toEqual({ kind: 'later', position: 4, at: at('2025-01-07T09:00:00Z') });
  });

  it('out of hours: the next opening', () => {
    expect(estimateWait({ position: 1, hours, now: at('2025-01-10T18:00:00Z') })).toEqual({ kind: 'later', position: 1, at: at('2025-01-13T09:00:00Z') });
  });
});

describe('placeInQueue', () => {
  it('counts from 1 in queue order, and puts an unknown id at the back', async () => {
    const queue = { list: async () => [{ id: 'a' }, { id: 'b' }, { id: 'c' }] as Handoff[] };
    expect(await placeInQueue(queue, 'a')).toBe(1);
    expect(await placeInQueue(queue, 'c')).toBe(3);
    expect(await placeInQueue(queue, 'z')).toBe(4);
  });
});

describe('describing when', () => {
  it('writes clock times the way people say them, in the zone', () => {
    expect(clockTime(at('2025-01-06T09:00:00Z'), 'Europe/London')).toBe('9am');
    expect(clockTime(at('2025-07-07T08:30:00Z'), 'Europe/London')).toBe('9:30am');
    expect(clockTime(at('2025-01-06T12:00:00Z'), 'Europe/London')).toBe('12pm');
    expect(clockTime(at('2025-01-06T17:05:00Z'), 'Europe/London')).toBe('5:05pm');
    expect(clockTime(at('2025-01-06T00:00:00Z'), 'Europe/London')).toBe('12am');
  });

  it('says today, tomorrow or the day, by the local calendar', () => {
    expect(describeWhen(at('2025-01-06T09:00:00Z'), at('2025-01-06T07:00:00Z'), hours)).toBe('today at 9am');
    expect(describeWhen(at('2025-01-07T09:00:00Z'), at('2025-01-06T18:00:00Z'), hours)).toBe('tomorrow at 9am');
    expect(describeWhen(at('2025-01-13T09:00:00Z'), at('2025-01-10T18:00:00Z'), hours)).toBe('on Monday at 9am');
    // 23:30 UTC on 30 June is 00:30 on 1 July in London: 09:00 that day is "today".
    expect(describeWhen(at('2025-07-01T08:00:00Z'), at('2025-06-30T23:30:00Z'), hours)).toBe('today at 9am');
  });

  it('uses words from the content module, GSM-7 friendly', () => {
    for (const id of ['handoff.when.today', 'handoff.when.tomorrow', 'handoff.when.day'] as const) expect(MESSAGES[id]).toMatch(/^[\x20-\x7e]+$/);
  });
});
