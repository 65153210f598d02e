/** The report's headline figures: referrals against the contact promise, how they ended, wellbeing at intake. */
import type { DeidentifiedReferral } from '../../../src/services/reporting/deidentify';
import type { OutcomeReports } from '../../../src/services/reporting/OutcomeReports';
import { parseReportPeriod } from '../../../src/services/reporting/period';
import { buildOutcomeReport, channelLabel } from '../../../src/services/reporting/report';

const row = (overrides: Partial<DeidentifiedReferral>): DeidentifiedReferral => ({
  createdDate: '2025-03-03',
  isoWeek: '2025-W10',
  channel: 'sms',
  status: 'new',
  urgent: false,
  needs: ['money'],
  ageBand: null,
  postcodeDistrict: null,
  contactMethod: 'text',
  servicesOffered: 0,
  outcome: null,
  wellbeingAtIntake: {},
  followUpConsent: false,
  followUpAnsweredDate: null,
  wellbeingAtFollowUp: {},
  firstContactDate: null,
  ...overrides,
});

function port(rows: DeidentifiedReferral[]): OutcomeReports {
  return {
    referralCounts: async () => ({ total: rows.length, byWeekAndChannel: [], byWeekAndNeed: [] }),
    firstContact: async () => ({ handoffs: 0, contacted: 0, waiting: 0, closedWithoutContact: 0, p50Ms: null, p90Ms: null }),
    firstReply: async () => ({ handoffs: 0, replied: 0, withinTarget: 0, p50Ms: null, p90Ms: null }),
    handoffOutcomes: async () => [],
    wellbeingChange: async () => [],
    satisfaction: async () => [],
    satisfactionComments: async () => [{ score: 4, comment: 'Kind and quick', at: new Date('2025-03-05T23:30:00Z') }],
    deidentifiedReferrals: async () => rows,
  };
}

describe('the headline figures', () => {
  it('measures first contact against REFERRAL_CONTACT_DAYS working days, counts outcomes (declined too) and summarises intake wellbeing', async () => {
    // Monday 3 March 2025 with 3 working days: the promise runs to the end of Thursday 6 March.
    const rows = [
      row({ firstContactDate: '2025-03-06', status: 'closed', outcome: 'signposted', wellbeingAtIntake: { lifeSatisfaction: 4, anxiety: 8 } }),
      row({ firstContactDate: '2025-03-07', status: 'closed', outcome: 'declined', wellbeingAtIntake: { lifeSatisfaction: 7 } }),
      row({ status: 'in-progress' }), // not reached, promise run out by the 10th
      row({ createdDate: '2025-03-07', isoWeek: '2025-W10', status: 'new' }), // Friday: runs to Wednesday 12th, still in time on the 10th
      row({ status: 'closed', outcome: 'no-contact' }), // closed without being reached: not waiting
    ];
    const report = await buildOutcomeReport(port(rows), parseReportPeriod('2025-03-03', '2025-03-09'), new Date('2025-03-10T12:00:00Z'), { contactWorkingDays: 3 });
    expect(report.headline.contact).toEqual({ promiseWorkingDays: 3, referrals: 5, withinPromise: 1, late: 1, waitingInTime: 1, waitingLate: 1 });
    const outcomes = Object.fromEntries(report.headline.referralOutcomes.map((o) => [o.id, o.count]));
    expect(outcomes).toMatchObject({ signposted: 1, declined: 1, 'no-contact': 1, referred: 0 });
    expect(report.headline.referralOutcomes.find((o) => o.id === 'declined')!.label).toBe('Social prescribing declined');
    expect(report.headline.stillOpen).toBe(2);
    expect(report.intakeWellbeing.find((w) => w.measure === 'lifeSatisfaction')).toMatchObject({ answered: 2, mean: 5.5 });
    expect(report.intakeWellbeing.find((w) => w.measure === 'worthwhile')).toMatchObject({ answered: 0, mean: null });
    // Comments with their London date (23:30 UTC on 5 March is still 5 March in GMT).
    expect(report.satisfactionComments).toEqual([{ score: 4, comment: 'Kind and quick', date: '2025-03-05' }]);
  });

  it('names channels for people, never the name of a test tool', () => {
    expect(channelLabel('directline')).toBe('Web chat');
    expect(channelLabel('sms')).toBe('Text message');
    expect(channelLabel('emulator')).not.toMatch(/Emulator|Bot Framework/);
    expect(channelLabel('something-new')).toBe('Other channel');
  });
});
