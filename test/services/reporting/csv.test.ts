/** CSV: quoting, formula safety, numbers as numbers; the figures and referral rows parse back to what was written. */
import { parse } from 'csv-parse/sync';
import { csvCell, figuresCsv, referralsCsv, REFERRALS_HEADER, toCsv } from '../../../src/services/reporting/csv';
import { ageBand, postcodeDistrict, type DeidentifiedReferral } from '../../../src/services/reporting/deidentify';
import { buildOutcomeReport } from '../../../src/services/reporting/report';
import { parseReportPeriod } from '../../../src/services/reporting/period';
import type { OutcomeReports } from '../../../src/services/reporting/OutcomeReports';

const read = (text: string) => parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x","click")', `"'=HYPERLINK(""http://x"",""click"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
  ])('text %j is written %j', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it('writes numbers as numbers (negative ones too), booleans as yes/no, nothing as empty', () => {
    expect([csvCell(-1.5), csvCell(0), csvCell(true), csvCell(false), csvCell(null), csvCell(undefined), csvCell(Number.NaN)]).toEqual(['-1.5', '0', 'yes', 'no', '', '', '']);
  });

  it('ends lines with CRLF and parses back', () => {
    const text = toCsv(['a', 'b'], [['=x', 'y,z'], [1, null]]);
    expect(text).toBe(`a,b\r\n'=x,"y,z"\r\n1,\r\n`);
    expect(read(text)).toEqual([{ a: "'=x", b: 'y,z' }, { a: '1', b: '' }]);
  });
});

describe('de-identification', () => {
  it.each([
    ['BS16 1QY', 'BS16'],
    ['bs161qy', 'BS16'],
    ['SW1A 1AA', 'SW1A'],
    ['M1 1AE', 'M1'],
    ['not a postcode', null],
    [undefined, null],
  ])('postcode %s has district %s', (postcode, district) => {
    expect(postcodeDistrict(postcode)).toBe(district);
  });

  it.each([
    ['2009-03-04', '2025-03-04', '16-24'], // 16 on the day
    ['1990-03-05', '2025-03-04', '25-34'],
    ['1990-03-05', '2025-03-05', '35-44'],
    ['1940-01-01', '2025-03-04', '85+'],
    ['2012-01-01', '2025-03-04', 'under 16'],
    [undefined, '2025-03-04', null],
  ])('born %s, on %s: %s', (dob, on, band) => {
    expect(ageBand(dob, on)).toBe(band);
  });
});

/** A port answering fixed counts, to test the CSV of a whole report without a store (the stores are tested in test/storage). */
const fixed: OutcomeReports = {
  referralCounts: async () => ({
    total: 3,
    byWeekAndChannel: [{ weekStart: '2025-03-03', key: 'sms', count: 2 }, { weekStart: '2025-03-10', key: '=cmd|calc', count: 1 }],
    byWeekAndNeed: [{ weekStart: '2025-03-03', key: 'money', count: 2 }, { weekStart: '2025-03-10', key: 'none', count: 1 }],
  }),
  firstContact: async () => ({ handoffs: 4, contacted: 3, waiting: 1, closedWithoutContact: 0, p50Ms: 90_000, p90Ms: 3_600_000 }),
  firstReply: async (_range, targetMs) => ({ handoffs: 4, replied: 3, withinTarget: targetMs >= 20 * 60_000 ? 3 : 2, p50Ms: 6 * 60_000, p90Ms: 20 * 60_000 }),
  handoffOutcomes: async () => [{ type: 'signposted', count: 2 }],
  wellbeingChange: async () => [
    { measure: 'lifeSatisfaction', pairs: 3, intakeSum: 10, followUpSum: 17 },
    { measure: 'worthwhile', pairs: 0, intakeSum: 0, followUpSum: 0 },
    { measure: 'happiness', pairs: 1, intakeSum: 5, followUpSum: 5 },
    { measure: 'anxiety', pairs: 2, intakeSum: 16, followUpSum: 9 },
  ],
  satisfaction: async () => [{ score: 4, count: 1 }, { score: 5, count: 2 }],
  satisfactionComments: async () => [],
  deidentifiedReferrals: async () => [],
};

describe('figures CSV', () => {
  it('holds every figure of the report, one per row, and parses back', async () => {
    const report = await buildOutcomeReport(fixed, parseReportPeriod('2025-03-03', '2025-03-16'));
    const rows = read(figuresCsv(report));
    const value = (figure: string, category: string, measure: string, week = '') =>
      rows.filter((r) => r.figure === figure && r.category === category && r.measure === measure && r.iso_week === week).map((r) => r.value);
    expect(rows.every((r) => r.from === '2025-03-03' && r.to === '2025-03-16')).toBe(true);
    expect(value('referrals', 'all', 'count')).toEqual(['3']);
    expect(value('referrals_per_week_by_channel', 'sms', 'count', '2025-W10')).toEqual(['2']);
    expect(value('referrals_per_week_by_channel', 'sms', 'count', '2025-W11')).toEqual(['0']);
    // A channel id that looks like a formula is defused.
    expect(value('referrals_per_week_by_channel', "'=cmd|calc", 'count', '2025-W11')).toEqual(['1']);
    expect(value('referrals_per_week_by_need', 'none', 'count', '2025-W11')).toEqual(['1']);
    expect(value('time_to_first_contact', 'all', 'p50_minutes')).toEqual(['1.5']);
    expect(value('time_to_first_contact', 'all', 'p90_minutes')).toEqual(['60']);
    expect(value('time_to_first_contact', 'all', 'still_waiting')).toEqual(['1']);
    expect(value('time_to_first_reply', 'all', 'p50_minutes')).toEqual(['6']);
    expect(value('time_to_first_reply', 'all', 'p90_minutes')).toEqual(['20']);
    expect(value('time_to_first_reply', 'all', 'target_minutes')).toEqual(['15']);
    expect(value('time_to_first_reply', 'all', 'share_within_target')).toEqual(['0.5']);
    expect(value('handoff_outcomes', 'signposted', 'count')).toEqual(['2']);
    expect(value('handoff_outcomes', 'handed-back', 'count')).toEqual(['0']);
    expect(value('wellbeing_change', 'lifeSatisfaction', 'mean_at_intake')).toEqual(['3.33']);
    expect(value('wellbeing_change', 'lifeSatisfaction', 'mean_change')).toEqual(['2.33']);
    expect(value('wellbeing_change', 'anxiety', 'mean_change')).toEqual(['-3.5']);
    expect(value('wellbeing_change', 'worthwhile', 'mean_change')).toEqual(['']);
    expect(value('satisfaction', 'all', 'mean')).toEqual(['4.67']);
    expect(value('satisfaction', '5', 'count')).toEqual(['2']);
    expect(value('satisfaction', '1', 'count')).toEqual(['0']);
  });
});

describe('referral rows CSV', () => {
  const row: DeidentifiedReferral = {
    createdDate: '2025-03-04',
    isoWeek: '2025-W10',
    channel: '@evil',
    status: 'closed',
    urgent: true,
    needs: ['money', 'housing'],
    ageBand: '25-34',
    postcodeDistrict: 'BS16',
    contactMethod: 'text',
    servicesOffered: 2,
    outcome: 'referred',
    wellbeingAtIntake: { lifeSatisfaction: 3, anxiety: 8 },
    followUpConsent: true,
    followUpAnsweredDate: '2025-05-02',
    wellbeingAtFollowUp: { lifeSatisfaction: 6 },
    firstContactDate: '2025-03-06',
  };

  it('writes one row per referral with a numbered row and no identifiers, and parses back', () => {
    const rows = read(referralsCsv([row, { ...row, channel: 'sms', urgent: false, needs: [] }]));
    expect(Object.keys(rows[0])).toEqual(REFERRALS_HEADER);
    expect(rows[0]).toEqual({
      row: '1',
      created_date: '2025-03-04',
      iso_week: '2025-W10',
      channel: "'@evil",
      status: 'closed',
      urgent: 'yes',
      needs: 'money;housing',
      age_band: '25-34',
      postcode_district: 'BS16',
      contact_method: 'text',
      services_offered: '2',
      outcome: 'referred',
      intake_life_satisfaction: '3',
      intake_worthwhile: '',
      intake_happiness: '',
      intake_anxiety: '8',
      follow_up_consent: 'yes',
      follow_up_answered_date: '2025-05-02',
      follow_up_life_satisfaction: '6',
      follow_up_worthwhile: '',
      follow_up_happiness: '',
      follow_up_anxiety: '',
      first_contact_date: '2025-03-06',
    });
    expect(rows[1]).toMatchObject({ row: '2', channel: 'sms', urgent: 'no', needs: '' });
    expect(REFERRALS_HEADER.join(',')).not.toMatch(/name|contact_value|phone|email|birth|postcode,|what_matters|reference/);
  });
});
