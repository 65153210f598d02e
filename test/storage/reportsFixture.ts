/**
 * The outcome reports fixture: records made through the real ports with the clock set to each moment (only Date is
 * faked; timers run), so the stores stamp them exactly as they would have at that time. The period is Monday 3 March
 * to Sunday 16 March 2025 (Greenwich Mean Time, so London time is UTC): ISO weeks 2025-W10 and 2025-W11. The answers,
 * worked out by hand, are beside the records and in test/storage/conformance.reports.test.ts; the console API and
 * browser tests use the same fixture.
 */
import type { Stores } from '../../src/storage/Stores';
import type { Handoff, HandoffOutcome } from '../../src/services/handoff/Handoff';
import type { Ons4Scores } from '../../src/services/referrals/Referral';
import { parseReportPeriod } from '../../src/services/reporting/period';
import { newHandoff, newReferral } from './records';

export const FIXTURE_PERIOD = parseReportPeriod('2025-03-03', '2025-03-16');
export const MINUTE = 60_000;

/** Fakes Date only: setTimeout and friends stay real, so the stores' own I/O runs normally. */
export function fakeClock(): (iso: string) => Date {
  jest.useFakeTimers({
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
  return (iso) => {
    const at = new Date(iso);
    jest.setSystemTime(at);
    return at;
  };
}

interface HandoffPlan {
  createdAt: string;
  /** Minutes from asking to the first claim; absent: never claimed. */
  waitMinutes?: number;
  close?: { at: string; type: HandoffOutcome };
  satisfaction?: { at: string; score: number };
}

async function makeHandoff(s: Stores, clock: (iso: string) => Date, plan: HandoffPlan): Promise<Handoff> {
  const created = clock(plan.createdAt);
  let handoff = await s.handoffs.enqueue(newHandoff());
  if (plan.waitMinutes !== undefined) {
    clock(new Date(created.getTime() + plan.waitMinutes * MINUTE).toISOString());
    handoff = await s.handoffs.claim(handoff.id, 'worker-1');
  }
  if (plan.close) {
    clock(plan.close.at);
    handoff = await s.handoffs.close(handoff.id, { type: plan.close.type, ...(plan.close.type === 'referred' ? { detail: 'Men in Sheds' } : {}) });
  }
  if (plan.satisfaction) handoff = await s.handoffs.recordSatisfaction(handoff.id, { score: plan.satisfaction.score, comment: 'free text never reported', at: new Date(plan.satisfaction.at) });
  return handoff;
}

/** The fixture. Expected answers are beside each record. Call with the clock from fakeClock(). */
export async function seedReportsFixture(s: Stores, clock: (iso: string) => Date): Promise<void> {
  // Referrals by week, channel and need.
  const referrals: [string, string, string[]][] = [
    ['2025-03-02T23:59:59Z', 'directline', ['loneliness']], // Sunday before the period: out
    ['2025-03-03T09:00:00Z', 'directline', ['loneliness', 'money']], // W10
    ['2025-03-04T10:00:00Z', 'sms', ['money']], // W10
    ['2025-03-09T23:59:00Z', 'directline', []], // W10 (Sunday night): need "none"
    ['2025-03-10T00:00:00Z', 'sms', ['housing']], // W11 (Monday midnight)
    ['2025-03-12T12:00:00Z', 'directline', ['loneliness']], // W11
    ['2025-03-17T00:00:00Z', 'sms', ['money']], // the day after the period: out
  ];
  for (const [at, channel, needs] of referrals) {
    clock(at);
    await s.referrals.create(newReferral({ channel, needs }));
  }

  // Handoffs. Waits of those asked for in the period: 10, 20, ..., 100 minutes (p50 = 5th = 50, p90 = 9th = 90).
  const plans: HandoffPlan[] = [
    { createdAt: '2025-02-20T09:00:00Z', waitMinutes: 5, close: { at: '2025-03-10T09:00:00Z', type: 'safeguarding-escalated' } }, // outcome counts (closed in period); wait does not
    { createdAt: '2025-03-02T09:00:00Z', waitMinutes: 1, close: { at: '2025-03-02T10:00:00Z', type: 'signposted' }, satisfaction: { at: '2025-03-02T11:00:00Z', score: 3 } }, // all out
    { createdAt: '2025-03-03T09:00:00Z', waitMinutes: 10, close: { at: '2025-03-03T12:00:00Z', type: 'signposted' }, satisfaction: { at: '2025-03-04T09:00:00Z', score: 5 } },
    { createdAt: '2025-03-04T09:00:00Z', waitMinutes: 20, close: { at: '2025-03-04T12:00:00Z', type: 'signposted' }, satisfaction: { at: '2025-03-05T09:00:00Z', score: 4 } },
    // (the 30-minute one is released and claimed again below: its first claim counts)
    { createdAt: '2025-03-06T09:00:00Z', waitMinutes: 40, close: { at: '2025-03-06T12:00:00Z', type: 'no-contact' }, satisfaction: { at: '2025-03-07T09:00:00Z', score: 2 } },
    { createdAt: '2025-03-07T09:00:00Z', waitMinutes: 50 }, // still active
    { createdAt: '2025-03-10T09:00:00Z', waitMinutes: 60, close: { at: '2025-03-17T10:00:00Z', type: 'handed-back' }, satisfaction: { at: '2025-03-17T11:00:00Z', score: 1 } }, // closed and rated after: out
    { createdAt: '2025-03-11T09:00:00Z', waitMinutes: 70 },
    { createdAt: '2025-03-12T09:00:00Z', waitMinutes: 80 },
    { createdAt: '2025-03-13T09:00:00Z', waitMinutes: 90 },
    { createdAt: '2025-03-14T09:00:00Z', waitMinutes: 100 },
    { createdAt: '2025-03-15T09:00:00Z' }, // still waiting
    { createdAt: '2025-03-16T09:00:00Z', close: { at: '2025-03-16T10:00:00Z', type: 'not-eligible' } }, // closed without contact
    { createdAt: '2025-03-17T00:00:00Z' }, // the day after: out
  ];
  for (const plan of plans) await makeHandoff(s, clock, plan);
  const released = await makeHandoff(s, clock, { createdAt: '2025-03-05T09:00:00Z', waitMinutes: 30 });
  clock('2025-03-05T09:45:00Z');
  await s.handoffs.release(released.id);
  clock('2025-03-05T12:20:00Z');
  await s.handoffs.claim(released.id, 'worker-2');
  clock('2025-03-05T15:00:00Z');
  await s.handoffs.close(released.id, { type: 'referred', detail: 'Men in Sheds' });
  await s.handoffs.recordSatisfaction(released.id, { score: 4, at: new Date('2025-03-06T09:00:00Z') });

  // Wellbeing follow-ups, from referrals made in January (so they do not change the counts above).
  const followUps: [Ons4Scores, Ons4Scores | undefined, string | undefined][] = [
    [{ lifeSatisfaction: 4, worthwhile: 5, happiness: 3, anxiety: 7 }, { lifeSatisfaction: 6, worthwhile: 6, happiness: 5, anxiety: 4 }, '2025-03-05T10:00:00Z'],
    [{ lifeSatisfaction: 2, worthwhile: 3, happiness: 2, anxiety: 9 }, { lifeSatisfaction: 5, worthwhile: 4, happiness: 4, anxiety: 6 }, '2025-03-12T10:00:00Z'],
    [{ lifeSatisfaction: 6, happiness: 4 }, { lifeSatisfaction: 7, worthwhile: 7, happiness: 6, anxiety: 3 }, '2025-03-16T23:59:00Z'], // only two measures paired
    [{ lifeSatisfaction: 0, worthwhile: 0, happiness: 0, anxiety: 0 }, { lifeSatisfaction: 10, worthwhile: 10, happiness: 10, anxiety: 10 }, '2025-03-20T10:00:00Z'], // answered after: out
    [{ lifeSatisfaction: 1, worthwhile: 1, happiness: 1, anxiety: 1 }, undefined, undefined], // sent, not answered: out
  ];
  clock('2025-01-15T10:00:00Z');
  for (const [intake, answers, answeredAt] of followUps) {
    const consentAt = new Date('2025-01-20T10:00:00Z');
    const dueAt = new Date('2025-03-03T10:00:00Z');
    await s.referrals.create(newReferral({
      wellbeingAtIntake: intake,
      followUp: answers ? { consentAt, dueAt, sentAt: dueAt, answeredAt: new Date(answeredAt!), wellbeing: answers } : { consentAt, dueAt, sentAt: dueAt },
    }));
  }
}
