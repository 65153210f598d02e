/**
 * Console reporting and FHIR export over HTTP on the real server: the report's figures for the hand-checked fixture
 * (test/storage/reportsFixture.ts), period validation with clear errors, admin only, audited; both CSVs parsed back
 * (formula-safe, de-identified); a referral's FHIR Bundle for link workers and admins, audited.
 */
import { parse } from 'csv-parse/sync';
import { toFhirBundle } from '../../src/services/interop/fhir';
import { REFERRALS_HEADER } from '../../src/services/reporting/csv';
import type { OutcomeReport } from '../../src/services/reporting/report';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { newHandoff, newReferral } from '../storage/records';
import { fakeClock, MINUTE, seedReportsFixture } from '../storage/reportsFixture';
import { addUser, ConsoleClient } from './consoleHarness';

jest.setTimeout(120_000);

const PERIOD = 'from=2025-03-03&to=2025-03-16';

/** The report as JSON: its dates are strings. */
type ReportJson = Omit<OutcomeReport, 'period' | 'generatedAt'> & { period: Record<string, string>; generatedAt: string };

async function download(client: ConsoleClient, path: string): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${client.baseUrl}${path}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const csvRows = (text: string) => parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];

describe('console reporting API', () => {
  let t: TestApp;
  let admin: ConsoleClient;
  let worker: ConsoleClient;
  let adminId: string;
  let workerId: string;

  beforeAll(async () => {
    t = await startTestApp({ RETENTION_DAYS: '3650', HANDOFF_FIRST_REPLY_TARGET_MINUTES: '20' }, { console: { loginLimits: { perAddress: 1000 } } });
    adminId = await addUser(t.app, 'priya.admin@example.org', 'admin', 'Priya');
    workerId = await addUser(t.app, 'sam.jones@example.org', 'linkworker', 'Sam');
    [admin, worker] = await Promise.all([ConsoleClient.signIn(t.baseUrl, 'priya.admin@example.org'), ConsoleClient.signIn(t.baseUrl, 'sam.jones@example.org')]);
    // Only while the fixture is made: nobody else is using the server.
    const clock = fakeClock();
    try {
      await seedReportsFixture(t.app.stores, clock);
      clock('2025-03-11T14:00:00Z');
      await t.app.stores.referrals.create(newReferral({
        reference: 'SP-PRIV1',
        channel: '=HYPERLINK("http://evil.example","x")',
        needs: ['food'],
        person: { preferredName: 'Bernadette', dateOfBirth: '1950-06-01', postcode: 'BS5 6XX', contactMethod: 'phone', contactValue: '+447700900461', gpPractice: 'Easton Practice' },
        whatMatters: 'My garden',
      }));
    } finally {
      jest.useRealTimers();
    }
  });
  afterAll(async () => t.close());

  it('answers the figures for a period (admin)', async () => {
    const res = await admin.get<ReportJson>(`/api/console/reports?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const report = res.body;
    expect(report.period).toEqual({ from: '2025-03-03', to: '2025-03-16', timeZone: 'Europe/London', start: '2025-03-03T00:00:00.000Z', end: '2025-03-17T00:00:00.000Z' });
    expect(report.referrals.total).toBe(6); // the fixture's 5 and SP-PRIV1
    expect(report.referrals.weeks.map((w) => [w.isoWeek, w.total])).toEqual([['2025-W10', 3], ['2025-W11', 3]]);
    expect(report.referrals.weeks[0].byChannel).toEqual({ directline: 2, sms: 1, '=HYPERLINK("http://evil.example","x")': 0 });
    expect(report.firstContact).toEqual({ handoffs: 12, contacted: 10, waiting: 1, closedWithoutContact: 1, p50Ms: 50 * MINUTE, p90Ms: 90 * MINUTE });
    // The fixture's handoffs have no worker messages: nobody answered, against the target set (20 minutes).
    expect(report.firstReply).toEqual({ handoffs: 12, replied: 0, withinTarget: 0, p50Ms: null, p90Ms: null, targetMs: 20 * MINUTE, shareWithinTarget: 0 });
    expect(report.outcomes.find((o) => o.id === 'signposted')).toEqual({ id: 'signposted', label: 'Signposted to services', count: 2 });
    expect(report.wellbeing.find((w) => w.measure === 'anxiety')).toEqual({ measure: 'anxiety', label: 'Anxiety yesterday', betterWhen: 'lower', pairs: 2, meanAtIntake: 8, meanAtFollowUp: 5, meanChange: -3 });
    expect(report.satisfaction.count).toBe(4);
    expect(report.satisfaction.mean).toBe(3.75);
    // Comments given with scores are listed for admins (issue 23), as written; nothing else anyone wrote or that identifies them.
    const { satisfactionComments, ...figures } = report as typeof report & { satisfactionComments: { comment: string }[] };
    expect(satisfactionComments.map((c) => c.comment)).toContain('free text never reported');
    expect(JSON.stringify(figures)).not.toMatch(/Bernadette|7700900461|BS5 6XX|1950-06-01|garden|free text never reported/);
  });

  it.each([
    ['', /Give both from and to as dates, like from=2025-03-01&to=2025-03-31/],
    ['?from=2025-03-03', /Give both from and to/],
    ['?from=3%2F3%2F2025&to=2025-03-16', /from must be a real date written YYYY-MM-DD/],
    ['?from=2025-02-30&to=2025-03-16', /from must be a real date/],
    ['?from=2025-03-16&to=2025-03-03', /to must be the same day as from or later/],
    ['?from=2020-01-01&to=2025-01-01', /at most 3 years/],
    ['?from=2025-03-03&from=2025-03-04&to=2025-03-16', /Give from once/],
  ])('refuses the period %s with 400 and says why', async (query, message) => {
    for (const path of ['/api/console/reports', '/api/console/reports/figures.csv', '/api/console/reports/referrals.csv']) {
      const res = await admin.get(`${path}${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 'BadRequest', message: expect.stringMatching(message) });
    }
  });

  it('is for admins only: 403 for a link worker, 401 without a session, and nothing audited for them', async () => {
    for (const path of ['/api/console/reports', '/api/console/reports/figures.csv', '/api/console/reports/referrals.csv']) {
      const refused = await worker.get(`${path}?${PERIOD}`);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ code: 'Forbidden', message: 'Only an admin can do this.' });
      expect((await new ConsoleClient(t.baseUrl).get(`${path}?${PERIOD}`)).status).toBe(401);
    }
    const audit = await t.app.stores.audit.listByRecord('report', '2025-03-03..2025-03-16');
    expect(audit.some((a) => a.actor === workerId)).toBe(false);
  });

  it('audits each look and export with the admin and the period (no personal data)', async () => {
    const period = '2025-03-10..2025-03-12';
    await admin.get('/api/console/reports?from=2025-03-10&to=2025-03-12');
    await download(admin, '/api/console/reports/figures.csv?from=2025-03-10&to=2025-03-12');
    await download(admin, '/api/console/reports/referrals.csv?from=2025-03-10&to=2025-03-12');
    const audit = await t.app.stores.audit.listByRecord('report', period);
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      [adminId, 'view-report'],
      [adminId, 'export-report-csv'],
      [adminId, 'export-referrals-csv'],
    ]);
  });

  it('exports the same figures as CSV, formula-safe, that parse back', async () => {
    const res = await download(admin, `/api/console/reports/figures.csv?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="signpost-figures-2025-03-03-to-2025-03-16.csv"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const rows = csvRows(res.text);
    const value = (figure: string, category: string, measure: string, week = '') =>
      rows.find((r) => r.figure === figure && r.category === category && r.measure === measure && r.iso_week === week)?.value;
    expect(value('referrals', 'all', 'count')).toBe('6');
    expect(value('referrals_per_week_by_channel', 'directline', 'count', '2025-W10')).toBe('2');
    expect(value('referrals_per_week_by_need', 'money', 'count', '2025-W10')).toBe('2');
    expect(value('time_to_first_contact', 'all', 'p50_minutes')).toBe('50');
    expect(value('time_to_first_contact', 'all', 'p90_minutes')).toBe('90');
    expect(value('handoff_outcomes', 'referred', 'count')).toBe('1');
    expect(value('wellbeing_change', 'lifeSatisfaction', 'mean_change')).toBe('2');
    expect(value('wellbeing_change', 'anxiety', 'mean_change')).toBe('-3');
    expect(value('satisfaction', '4', 'count')).toBe('2');
    // The channel that looks like a formula starts with an apostrophe, so a spreadsheet shows it as text.
    expect(rows.filter((r) => r.category.includes('HYPERLINK')).every((r) => r.category.startsWith("'="))).toBe(true);
    expect(res.text).not.toMatch(/(^|,)=/m);
  });

  it('exports de-identified referral rows as CSV: no names, contacts, dates of birth, full postcodes or free text', async () => {
    const res = await download(admin, `/api/console/reports/referrals.csv?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="signpost-referrals-2025-03-03-to-2025-03-16.csv"');
    const rows = csvRows(res.text);
    expect(Object.keys(rows[0])).toEqual(REFERRALS_HEADER);
    expect(rows.map((r) => r.row)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(rows.map((r) => r.created_date)).toEqual(['2025-03-03', '2025-03-04', '2025-03-09', '2025-03-10', '2025-03-11', '2025-03-12']);
    const mine = rows[4];
    expect(mine).toMatchObject({ channel: `'=HYPERLINK("http://evil.example","x")`, needs: 'food', age_band: '65-74', postcode_district: 'BS5', contact_method: 'phone', iso_week: '2025-W11' });
    expect(res.text).not.toMatch(/Bernadette|7700900461|BS5 6XX|6XX|1950|Easton|garden|SP-PRIV1|Sam|BS16 1QY|1980-04-01|Getting out of the house/);
  });

  it('serves the reports page and Chart.js from this server, with a CSP that allows no inline script', async () => {
    const pageRes = await fetch(`${t.baseUrl}/console/reports`);
    expect(pageRes.status).toBe(200);
    expect(pageRes.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    const html = await pageRes.text();
    expect(html).toContain('<script src="/console/vendor/chart.umd.js" defer></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a file
    expect(html).not.toMatch(/https?:\/\//); // nothing from elsewhere
    const chart = await fetch(`${t.baseUrl}/console/vendor/chart.umd.js`);
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await chart.text()).toMatch(/^\/\*!\n \* Chart\.js v4\./);
  });

  describe('FHIR export of a referral', () => {
    it('refuses a link worker a referral behind no handoff they hold or held, and audits the refusal and misses', async () => {
      const other = await addUser(t.app, 'other.worker@example.org', 'linkworker', 'Olu');
      const client = await ConsoleClient.signIn(t.baseUrl, 'other.worker@example.org');
      const refused = await client.get('/api/console/referrals/SP-PRIV1/fhir');
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ code: 'NotYours', message: 'You can export a referral only from a conversation you have picked up.' });
      expect((await t.app.stores.audit.listByRecord('referral', 'SP-PRIV1')).filter((a) => a.actor === other).map((a) => a.action)).toEqual(['export-fhir-refused']);
      expect((await client.get('/api/console/referrals/SP-GUESS/fhir')).status).toBe(404);
      expect((await t.app.stores.audit.listByRecord('referral', 'SP-GUESS')).map((a) => [a.actor, a.action])).toEqual([[other, 'export-fhir-missing']]);
    });

    it('downloads the FHIR R4 Bundle for a link worker and an admin, each audited', async () => {
      const referral = (await t.app.stores.referrals.get('SP-PRIV1'))!;
      // The worker picked up the conversation behind this referral, then let it go: they held it.
      const handoff = await t.app.stores.handoffs.enqueue(newHandoff({ referralReference: 'SP-PRIV1' }));
      await t.app.handoffService.claim(handoff.id, { id: workerId, firstName: 'Sam', supervisor: false });
      await t.app.handoffService.release(handoff.id, { id: workerId, firstName: 'Sam', supervisor: false });
      for (const [client, id] of [[worker, workerId], [admin, adminId]] as const) {
        const res = await download(client, '/api/console/referrals/SP-PRIV1/fhir');
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
        expect(res.headers.get('content-disposition')).toBe('attachment; filename="SP-PRIV1.fhir.json"');
        expect(res.headers.get('cache-control')).toBe('no-store');
        const bundle = JSON.parse(res.text) as { timestamp: string };
        expect(bundle).toEqual(toFhirBundle(referral, { identifierBase: t.app.config.fhir.identifierBase, exportedAt: new Date(bundle.timestamp) }));
        expect((await t.app.stores.audit.listByRecord('referral', 'SP-PRIV1')).filter((a) => a.actor === id).map((a) => a.action)).toEqual(['export-fhir']);
      }
    });

    it('answers 404 for an unknown reference, 409 without consent, 401 without a session', async () => {
      expect((await worker.get('/api/console/referrals/SP-NOPE1/fhir')).body).toEqual({ code: 'NotFound', message: 'There is nothing here with that id.' });
      expect((await worker.get('/api/console/referrals/SP-NOPE1/fhir')).status).toBe(404);
      expect((await worker.get('/api/console/referrals/has%20space/fhir')).status).toBe(404);
      await t.app.stores.referrals.create(newReferral({ reference: 'SP-NOCON', consent: { given: false, at: new Date() } }));
      const refused = await admin.get('/api/console/referrals/SP-NOCON/fhir');
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual({ code: 'ExportRefused', message: 'This referral has no consent recorded, so it cannot be exported.' });
      expect((await t.app.stores.audit.listByRecord('referral', 'SP-NOCON')).map((a) => a.action)).toEqual(['export-fhir-refused']);
      expect((await new ConsoleClient(t.baseUrl).get('/api/console/referrals/SP-PRIV1/fhir')).status).toBe(401);
    });
  });

  describe('audit of who looked and who was refused', () => {
    it('audits the list of console users, and every 403 or 409 refusal (by route, never the ids in the path)', async () => {
      expect((await admin.get('/api/console/users')).status).toBe(200);
      expect((await t.app.stores.audit.listByRecord('console-user', 'all')).filter((a) => a.actor === adminId).map((a) => a.action)).toContain('list-users');
      expect((await worker.get('/api/console/users')).status).toBe(403);
      const refusals = await t.app.stores.audit.listByRecord('route', 'GET /api/console/users');
      expect(refusals).toEqual([expect.objectContaining({ actor: workerId, action: 'refused:Forbidden' })]);
      const conflict = await admin.patch(`/api/console/users/${adminId}`, { disabled: true });
      expect(conflict.status).toBe(409);
      expect(await t.app.stores.audit.listByRecord('route', 'PATCH /api/console/users/:id')).toEqual([expect.objectContaining({ actor: adminId, action: 'refused:Conflict' })]);
    });
  });
});
