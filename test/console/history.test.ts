/**
 * Issue 18 item 9 over HTTP on the real server and store: a conversation lists the person's earlier referrals and
 * handoffs (by the phone number or email they gave, and the same person), and search finds conversations by
 * reference, phone, email or first name; both audited without what was typed.
 */
import { startTestApp, type TestApp } from '../helpers/testApp';
import { newReferral } from '../storage/records';
import { addUser, ConsoleClient, enqueue, RecordingChannel } from './consoleHarness';

jest.setTimeout(120_000);

interface History { referrals: { reference: string; person: { firstName: string } }[]; handoffs: { id: string; status: string }[] }
interface Search { kind: string; results: { referral: { reference: string; person: { firstName: string; age: number | null } }; handoffs: { id: string }[] }[] }

describe('history and search', () => {
  let t: TestApp;
  let sam: ConsoleClient;
  const phone = '+447700900321';

  beforeAll(async () => {
    t = await startTestApp();
    RecordingChannel.registerOn(t.app);
    await addUser(t.app, 'sam.jones@example.org', 'linkworker', 'Sam');
    sam = await ConsoleClient.signIn(t.baseUrl, 'sam.jones@example.org');
  });
  afterAll(async () => t.close());

  it('a conversation lists the person\'s earlier referrals and handoffs, matched by phone number and by person; audited', async () => {
    // In spring they referred themselves by web chat and talked to someone; now they text from the same number.
    const spring = await t.app.stores.referrals.create(newReferral({ personId: 'web-person', channel: 'directline', person: { preferredName: 'Alys', postcode: 'BS5 6XX', contactMethod: 'text', contactValue: phone } }));
    const springHandoff = await enqueue(t.app, { personId: 'web-person', referralReference: spring.reference });
    await t.app.stores.handoffs.close(springHandoff.id, { type: 'signposted' });
    const now = await t.app.stores.referrals.create(newReferral({ personId: 'sms-person', channel: 'sms', person: { preferredName: 'Alys', postcode: 'BS5 6XX', contactMethod: 'text', contactValue: phone } }));
    const earlierText = await enqueue(t.app, { personId: 'sms-person' });
    await t.app.stores.handoffs.close(earlierText.id, { type: 'no-contact' });
    const current = await enqueue(t.app, { personId: 'sms-person', referralReference: now.reference });
    // Someone else entirely.
    const stranger = await t.app.stores.referrals.create(newReferral({ personId: 'other', person: { preferredName: 'Bob', postcode: 'BS5 6XX', contactMethod: 'text', contactValue: '+447700900999' } }));
    await enqueue(t.app, { personId: 'other', referralReference: stranger.reference });

    const res = await sam.get<History>(`/api/console/handoffs/${current.id}/history`);
    expect(res.status).toBe(200);
    expect(res.body.referrals.map((r) => r.reference)).toEqual([spring.reference]);
    expect(new Set(res.body.handoffs.map((h) => h.id))).toEqual(new Set([springHandoff.id, earlierText.id]));
    expect(JSON.stringify(res.body)).not.toContain(phone);
    expect((await t.app.stores.audit.listByRecord('handoff', current.id)).map((e) => e.action)).toContain('view-history');
    expect((await t.app.stores.audit.listByRecord('referral', spring.reference)).map((e) => e.action)).toContain('view-history');
    expect((await new ConsoleClient(t.baseUrl).get(`/api/console/handoffs/${current.id}/history`)).status).toBe(401);
  });

  it('search finds by reference, phone as typed, email or first name; refuses what can be none; audits the kind, not the words', async () => {
    const referral = await t.app.stores.referrals.create(newReferral({ reference: 'SP-7GYYH', person: { preferredName: 'Bronwen Jones', dateOfBirth: '1970-01-15', postcode: 'BS5 6XX', contactMethod: 'email', contactValue: 'bronwen@example.org' } }));
    const handoff = await enqueue(t.app, { personId: referral.personId, referralReference: referral.reference });
    const expectFound = async (q: string, kind: string) => {
      const res = await sam.get<Search>(`/api/console/search?q=${encodeURIComponent(q)}`);
      expect({ q, status: res.status, kind: res.body.kind }).toEqual({ q, status: 200, kind });
      const hit = res.body.results.find((r) => r.referral.reference === referral.reference);
      expect(hit?.referral.person.firstName).toBe('Bronwen');
      expect(hit?.handoffs.map((h) => h.id)).toEqual([handoff.id]);
    };
    await expectFound(referral.reference.toLowerCase(), 'reference');
    await expectFound('bronwen@example.org', 'email');
    await expectFound('bron', 'name');
    const byPhone = await sam.get<Search>(`/api/console/search?q=${encodeURIComponent('07700 900321')}`);
    expect(byPhone.body).toMatchObject({ kind: 'phone' });
    expect(byPhone.body.results.map((r) => r.referral.person.firstName)).toEqual(['Alys', 'Alys']);

    for (const q of ['', 'a', '12', '<script>', 'x'.repeat(300)]) expect({ q, status: (await sam.get(`/api/console/search?q=${encodeURIComponent(q)}`)).status }).toEqual({ q, status: 400 });
    expect((await sam.get('/api/console/search?q=Nobodyhere')).body).toEqual({ kind: 'name', results: [] });
    expect((await new ConsoleClient(t.baseUrl).get('/api/console/search?q=bron')).status).toBe(401);

    const audits = await t.app.stores.audit.listByRecord('referral', referral.reference);
    expect(audits.map((e) => e.action)).toEqual(expect.arrayContaining(['search-result:reference', 'search-result:email', 'search-result:name']));
    expect((await t.app.stores.audit.listByRecord('console-search', '1')).map((e) => e.action)).toEqual(expect.arrayContaining(['search:reference', 'search:email', 'search:name']));
    const all = JSON.stringify(audits);
    expect(all).not.toContain('bronwen@example.org');
    expect(all).not.toMatch(/"bron"/);
  });
});
