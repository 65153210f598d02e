/**
 * Conformance: OutcomeReports on every adapter, against a fixture whose answers can be checked by hand
 * (reportsFixture.ts: the records, with each one's part in the answers beside it).
 * Adapters, and a fresh store for each test, come from storeHarness.ts, which says how to add your own port.
 */
import { parseReportPeriod } from '../../src/services/reporting/period';
import { buildOutcomeReport } from '../../src/services/reporting/report';
import { newHandoff, newReferral } from './records';
import { fakeClock, FIXTURE_PERIOD, MINUTE, seedReportsFixture } from './reportsFixture';
import { describeEachAdapter } from './storeHarness';

const PERIOD = FIXTURE_PERIOD;

const EMPTY = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-02-01T00:00:00Z') };

describeEachAdapter('outcome reports', (h) => {
  let clock: (iso: string) => Date;
  beforeEach(() => {
    clock = fakeClock();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  describe('on the fixture', () => {
    beforeEach(async () => seedReportsFixture(h.stores(), clock));

    it('counts referrals per London week by channel and by need (a referral once per need; none when it has none)', async () => {
      expect(await h.stores().reports.referralCounts(PERIOD)).toEqual({
        total: 5,
        byWeekAndChannel: [
          { weekStart: '2025-03-03', key: 'directline', count: 2 },
          { weekStart: '2025-03-03', key: 'sms', count: 1 },
          { weekStart: '2025-03-10', key: 'directline', count: 1 },
          { weekStart: '2025-03-10', key: 'sms', count: 1 },
        ],
        byWeekAndNeed: [
          { weekStart: '2025-03-03', key: 'loneliness', count: 1 },
          { weekStart: '2025-03-03', key: 'money', count: 2 },
          { weekStart: '2025-03-03', key: 'none', count: 1 },
          { weekStart: '2025-03-10', key: 'housing', count: 1 },
          { weekStart: '2025-03-10', key: 'loneliness', count: 1 },
        ],
      });
    });

    it('gives time to first contact by nearest rank (a released handoff keeps its first claim), with who still waits', async () => {
      expect(await h.stores().reports.firstContact(PERIOD)).toEqual({
        handoffs: 12,
        contacted: 10,
        waiting: 1,
        closedWithoutContact: 1,
        p50Ms: 50 * MINUTE,
        p90Ms: 90 * MINUTE,
      });
    });

    it('counts outcomes of handoffs closed in the period', async () => {
      expect(await h.stores().reports.handoffOutcomes(PERIOD)).toEqual([
        { type: 'no-contact', count: 1 },
        { type: 'not-eligible', count: 1 },
        { type: 'referred', count: 1 },
        { type: 'safeguarding-escalated', count: 1 },
        { type: 'signposted', count: 2 },
      ]);
    });

    it('sums ONS4 pairs of follow-ups answered in the period, measure by measure', async () => {
      expect(await h.stores().reports.wellbeingChange(PERIOD)).toEqual([
        { measure: 'lifeSatisfaction', pairs: 3, intakeSum: 4 + 2 + 6, followUpSum: 6 + 5 + 7 },
        { measure: 'worthwhile', pairs: 2, intakeSum: 5 + 3, followUpSum: 6 + 4 },
        { measure: 'happiness', pairs: 3, intakeSum: 3 + 2 + 4, followUpSum: 5 + 4 + 6 },
        { measure: 'anxiety', pairs: 2, intakeSum: 7 + 9, followUpSum: 4 + 6 },
      ]);
    });

    it('counts satisfaction scores given in the period', async () => {
      expect(await h.stores().reports.satisfaction(PERIOD)).toEqual([
        { score: 2, count: 1 },
        { score: 4, count: 2 },
        { score: 5, count: 1 },
      ]);
    });

    it('lists the comments given with satisfaction scores in the period, oldest first', async () => {
      expect(await h.stores().reports.satisfactionComments(PERIOD)).toEqual([
        { score: 5, comment: 'free text never reported', at: new Date('2025-03-04T09:00:00Z') },
        { score: 4, comment: 'free text never reported', at: new Date('2025-03-05T09:00:00Z') },
        { score: 2, comment: 'free text never reported', at: new Date('2025-03-07T09:00:00Z') },
      ]);
    });

    it('makes the whole report: every week, every outcome type, means and changes', async () => {
      const report = await buildOutcomeReport(h.stores().reports, PERIOD, new Date('2025-03-20T00:00:00Z'));
      expect(report.period).toEqual({ from: '2025-03-03', to: '2025-03-16', timeZone: 'Europe/London', start: new Date('2025-03-03T00:00:00Z'), end: new Date('2025-03-17T00:00:00Z') });
      expect(report.referrals.weeks).toEqual([
        { weekStart: '2025-03-03', isoWeek: '2025-W10', total: 3, byChannel: { directline: 2, sms: 1 }, byNeed: { loneliness: 1, money: 2, housing: 0, none: 1 } },
        { weekStart: '2025-03-10', isoWeek: '2025-W11', total: 2, byChannel: { directline: 1, sms: 1 }, byNeed: { loneliness: 1, money: 0, housing: 1, none: 0 } },
      ]);
      expect(report.referrals.channels).toEqual([
        { id: 'directline', label: 'Web chat', count: 3 },
        { id: 'sms', label: 'Text message', count: 2 },
      ]);
      expect(report.referrals.needs.map((n) => [n.id, n.count])).toEqual([['loneliness', 2], ['money', 2], ['housing', 1], ['none', 1]]);
      expect(report.outcomes.map((o) => [o.id, o.count])).toEqual([
        ['signposted', 2],
        ['referred', 1],
        ['no-contact', 1],
        ['not-eligible', 1],
        ['safeguarding-escalated', 1],
        ['handed-back', 0],
        ['declined', 0],
      ]);
      expect(report.wellbeing).toEqual([
        { measure: 'lifeSatisfaction', label: 'Life satisfaction', betterWhen: 'higher', pairs: 3, meanAtIntake: 4, meanAtFollowUp: 6, meanChange: 2 },
        { measure: 'worthwhile', label: 'Things done are worthwhile', betterWhen: 'higher', pairs: 2, meanAtIntake: 4, meanAtFollowUp: 5, meanChange: 1 },
        { measure: 'happiness', label: 'Happiness yesterday', betterWhen: 'higher', pairs: 3, meanAtIntake: 3, meanAtFollowUp: 5, meanChange: 2 },
        { measure: 'anxiety', label: 'Anxiety yesterday', betterWhen: 'lower', pairs: 2, meanAtIntake: 8, meanAtFollowUp: 5, meanChange: -3 },
      ]);
      expect(report.satisfaction).toEqual({
        count: 4,
        mean: 3.75,
        distribution: [
          { score: 1, count: 0 },
          { score: 2, count: 1 },
          { score: 3, count: 0 },
          { score: 4, count: 2 },
          { score: 5, count: 1 },
        ],
      });
    });

    it('answers the same after the store is closed and opened again', async () => {
      const before = await buildOutcomeReport(h.stores().reports, PERIOD, new Date(0));
      const reopened = await h.reopen();
      expect(await buildOutcomeReport(reopened.reports, PERIOD, new Date(0))).toEqual(before);
    });
  });

  it('gives time to first reply by a person by nearest rank, and how many were answered within the target', async () => {
    const s = h.stores();
    // Five people ask for a person on 5 March 2025; four get a first reply after 2, 10, 15 and 40 minutes (a later
    // reply and the person's own messages do not count); one is never answered. One asked outside the period.
    const replyAfter = [2, 10, 15, 40, null];
    for (const minutes of replyAfter) {
      const asked = clock('2025-03-05T10:00:00Z');
      const handoff = await s.handoffs.enqueue(newHandoff());
      await s.handoffs.appendMessage(handoff.id, { from: 'patient', text: 'hello?', at: new Date(asked.getTime() + MINUTE) });
      if (minutes === null) continue;
      await s.handoffs.appendMessage(handoff.id, { from: 'worker', text: 'Hi', at: new Date(asked.getTime() + minutes * MINUTE), workerId: 'w1', workerName: 'Sam' });
      await s.handoffs.appendMessage(handoff.id, { from: 'worker', text: 'Still there?', at: new Date(asked.getTime() + (minutes + 60) * MINUTE), workerId: 'w1', workerName: 'Sam' });
    }
    clock('2025-04-20T10:00:00Z');
    const outside = await s.handoffs.enqueue(newHandoff());
    await s.handoffs.appendMessage(outside.id, { from: 'worker', text: 'Hi', at: new Date('2025-04-20T10:01:00Z'), workerId: 'w1', workerName: 'Sam' });

    const period = parseReportPeriod('2025-03-03', '2025-03-16');
    expect(await s.reports.firstReply(period, 15 * MINUTE)).toEqual({ handoffs: 5, replied: 4, withinTarget: 3, p50Ms: 10 * MINUTE, p90Ms: 40 * MINUTE });
    expect((await s.reports.firstReply(period, 5 * MINUTE)).withinTarget).toBe(1);
    const report = await buildOutcomeReport(s.reports, period, new Date(0), { firstReplyTargetMs: 15 * MINUTE });
    expect(report.firstReply).toEqual({ handoffs: 5, replied: 4, withinTarget: 3, p50Ms: 10 * MINUTE, p90Ms: 40 * MINUTE, targetMs: 15 * MINUTE, shareWithinTarget: 0.6 });
    expect(await s.reports.firstReply(EMPTY, 15 * MINUTE)).toEqual({ handoffs: 0, replied: 0, withinTarget: 0, p50Ms: null, p90Ms: null });
  });

  it('answers zeros and nulls for a period with nothing in it', async () => {
    const r = h.stores().reports;
    expect(await r.referralCounts(EMPTY)).toEqual({ total: 0, byWeekAndChannel: [], byWeekAndNeed: [] });
    expect(await r.firstContact(EMPTY)).toEqual({ handoffs: 0, contacted: 0, waiting: 0, closedWithoutContact: 0, p50Ms: null, p90Ms: null });
    expect(await r.handoffOutcomes(EMPTY)).toEqual([]);
    expect((await r.wellbeingChange(EMPTY)).map((w) => w.pairs)).toEqual([0, 0, 0, 0]);
    expect(await r.satisfaction(EMPTY)).toEqual([]);
    expect(await r.satisfactionComments(EMPTY)).toEqual([]);
    expect(await r.deidentifiedReferrals(EMPTY)).toEqual([]);
  });

  // mingo (the fake driver's evaluator) gets $dateTrunc with a time zone wrong across a clock change: a real server only.
  (h.adapter.name === 'mongo-fake' ? it.skip : it)('puts a referral in its London week across the clock changes', async () => {
    const s = h.stores();
    for (const at of [
      '2025-03-30T22:59:00Z', // Sunday 23:59 BST: week of 24 March
      '2025-03-30T23:00:00Z', // Monday 00:00 BST: week of 31 March
      '2025-10-19T23:30:00Z', // Monday 20 October 00:30 BST: week of 20 October
      '2025-10-26T23:30:00Z', // Sunday 26 October 23:30 GMT (clocks went back that morning): still week of 20 October
    ]) {
      clock(at);
      await s.referrals.create(newReferral({ channel: 'sms', needs: ['food'] }));
    }
    const counts = await s.reports.referralCounts(parseReportPeriod('2025-03-24', '2025-11-02'));
    expect(counts.byWeekAndChannel).toEqual([
      { weekStart: '2025-03-24', key: 'sms', count: 1 },
      { weekStart: '2025-03-31', key: 'sms', count: 1 },
      { weekStart: '2025-10-20', key: 'sms', count: 2 },
    ]);
    // A period in British Summer Time starts at London midnight (23:00 UTC the day before).
    const summerDay = parseReportPeriod('2025-03-31', '2025-03-31');
    expect(summerDay.from.toISOString()).toBe('2025-03-30T23:00:00.000Z');
    expect((await s.reports.referralCounts(summerDay)).total).toBe(1);
  });

  it('gives de-identified referral rows: district, age band and dates only, nothing that names or reaches the person', async () => {
    const s = h.stores();
    clock('2025-03-04T10:15:00Z');
    const full = await s.referrals.create(newReferral({
      channel: 'sms',
      urgent: true,
      needs: ['money', 'housing'],
      person: { preferredName: 'Bernadette', dateOfBirth: '1990-03-05', postcode: 'BS16 1QY', contactMethod: 'text', contactValue: '+447700900461', gpPractice: 'Fishponds Family Practice' },
      whatMatters: 'Seeing my grandchildren',
      servicesOffered: ['svc-1', 'svc-2'],
      wellbeingAtIntake: { lifeSatisfaction: 3, anxiety: 8 },
      followUp: { consentAt: new Date('2025-03-20T10:00:00Z'), dueAt: new Date('2025-05-01T10:00:00Z'), sentAt: new Date('2025-05-01T10:00:00Z'), answeredAt: new Date('2025-05-01T23:30:00Z'), wellbeing: { lifeSatisfaction: 6 } },
      outcome: { type: 'referred', detail: 'Citizens Advice Bristol', at: new Date('2025-03-20T10:00:00Z') },
      firstContactAt: new Date('2025-03-06T23:30:00Z'),
      contacts: [{ at: new Date('2025-03-06T23:30:00Z'), channel: 'phone', reached: true, workerId: 'worker-1', note: 'Talked about the rent arrears' }],
    }));
    clock('2025-03-05T09:00:00Z');
    await s.referrals.create(newReferral({ channel: 'directline', needs: [], person: { contactMethod: 'none' }, wellbeingAtIntake: undefined, whatMatters: undefined }));
    clock('2025-03-17T09:00:00Z');
    await s.referrals.create(newReferral()); // after the period

    const rows = await s.reports.deidentifiedReferrals(PERIOD);
    expect(rows).toEqual([
      {
        createdDate: '2025-03-04',
        isoWeek: '2025-W10',
        channel: 'sms',
        status: 'new',
        urgent: true,
        needs: ['money', 'housing'],
        ageBand: '25-34', // 34 on 4 March 2025: 35 the next day
        postcodeDistrict: 'BS16',
        contactMethod: 'text',
        servicesOffered: 2,
        outcome: 'referred',
        wellbeingAtIntake: { lifeSatisfaction: 3, anxiety: 8 },
        followUpConsent: true,
        followUpAnsweredDate: '2025-05-02', // 00:30 BST
        wellbeingAtFollowUp: { lifeSatisfaction: 6 },
        firstContactDate: '2025-03-06',
      },
      {
        createdDate: '2025-03-05',
        isoWeek: '2025-W10',
        channel: 'directline',
        status: 'new',
        urgent: false,
        needs: [],
        ageBand: null,
        postcodeDistrict: null,
        contactMethod: 'none',
        servicesOffered: 0,
        outcome: null,
        wellbeingAtIntake: {},
        followUpConsent: false,
        followUpAnsweredDate: null,
        wellbeingAtFollowUp: {},
        firstContactDate: null,
      },
    ]);
    const text = JSON.stringify(rows);
    for (const secret of ['Bernadette', '+447700900461', '7700900461', '1990-03-05', '1QY', 'Fishponds', 'grandchildren', 'Citizens Advice', 'rent arrears', 'worker-1', full.reference, full.personId, full.conversationId]) {
      expect(text).not.toContain(secret);
    }
  });
}, { retentionDays: 36_500 });
