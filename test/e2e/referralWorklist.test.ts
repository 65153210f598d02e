/**
 * The referral worklist end to end, by text message: a self-referral that never asks for a live chat is listed for
 * link workers (urgent first, then the contact promise), claimed, contact attempts recorded, and closed with an
 * outcome; the person is texted the outcome and asked about the follow-up, which is texted when due; the referral's
 * outcome and first contact reach the reports and the referrals CSV. Real app, real twilio client against the fake.
 */
import { MESSAGES, say } from '../../src/services/content/messages';
import { smsConversationId } from '../../src/channels/sms/identity';
import { contactDueBy } from '../../src/services/referrals/contactPromise';
import { addUser, ConsoleClient, enqueue } from '../console/consoleHarness';
import { startSmsHarness, type SmsHarness } from '../channels/sms/smsHarness';
import { SMS_REFERRAL_STEPS } from '../channels/sms/smsScript';
import { newReferral } from '../storage/records';

jest.setTimeout(120_000);

interface Item {
  reference: string;
  status: string;
  urgent: boolean;
  contactMethod: string;
  contactDueBy: string;
  overdue: boolean;
  firstContactAt: string | null;
  claimedBy: { firstName: string } | null;
  outcome: { type: string } | null;
}

describe('the referral worklist', () => {
  let sms: SmsHarness;
  let sam: ConsoleClient;
  let jo: ConsoleClient;
  beforeAll(async () => {
    sms = await startSmsHarness({ OPENING_HOURS: 'Mon-Sun 00:00-24:00 Europe/London', REFERRAL_CONTACT_DAYS: '3' });
    await addUser(sms.t.app, 'sam@example.org', 'linkworker', 'Sam');
    await addUser(sms.t.app, 'jo@example.org', 'linkworker', 'Jo');
    await addUser(sms.t.app, 'ana@example.org', 'admin', 'Ana');
    sam = await ConsoleClient.signIn(sms.t.baseUrl, 'sam@example.org');
    jo = await ConsoleClient.signIn(sms.t.baseUrl, 'jo@example.org');
  });
  afterAll(async () => sms.close());

  async function referByText(from: string): Promise<string> {
    for (const [text] of SMS_REFERRAL_STEPS) await sms.converse(text, from);
    const saved = (await sms.converse('1', from)).join('\n');
    expect(saved).toContain(say('referral.next.text.sms', { days: 3 }));
    return /SP-[0-9A-Z]{5}/.exec(saved)![0];
  }

  it('is worked and closed in the console without a chat; the person is texted, followed up, and counted', async () => {
    const from = '+447700900731';
    const reference = await referByText(from);
    expect(await sms.t.app.stores.handoffs.findOpenByConversation(smsConversationId(sms.t.app.secret, from))).toBeNull();

    // Listed as new, with how they asked to be contacted and the promise from REFERRAL_CONTACT_DAYS.
    const listed = await sam.get<{ referrals: Item[]; contactWorkingDays: number }>('/api/console/referrals?status=new');
    expect(listed.status).toBe(200);
    expect(listed.body.contactWorkingDays).toBe(3);
    const item = listed.body.referrals.find((r) => r.reference === reference)!;
    expect(item).toMatchObject({ status: 'new', contactMethod: 'text', overdue: false, claimedBy: null });
    const created = (await sms.t.app.stores.referrals.get(reference))!.createdAt;
    expect(new Date(item.contactDueBy)).toEqual(contactDueBy(created, 3));

    // Unclaimed, nobody records contact or closes it; claimed, nobody else may have it.
    expect((await sam.post(`/api/console/referrals/${reference}/contacts`, { channel: 'phone', reached: false })).body).toMatchObject({ code: 'NotClaimed' });
    expect((await sam.post(`/api/console/referrals/${reference}/claim`)).status).toBe(200);
    expect((await jo.post(`/api/console/referrals/${reference}/claim`)).status).toBe(409);
    expect((await jo.post(`/api/console/referrals/${reference}/close`, { outcome: 'signposted' })).status).toBe(409);
    expect((await sam.get<{ referrals: Item[] }>('/api/console/referrals?status=in-progress')).body.referrals.map((r) => r.reference)).toContain(reference);

    // Two attempts: not reached by phone, then reached by text.
    expect((await sam.post(`/api/console/referrals/${reference}/contacts`, { channel: 'phone', reached: false, note: 'No answer, left no message' })).status).toBe(201);
    expect((await sam.post(`/api/console/referrals/${reference}/contacts`, { channel: 'pigeon', reached: true })).status).toBe(400);
    expect((await sam.post(`/api/console/referrals/${reference}/contacts`, { channel: 'text', reached: true })).status).toBe(201);
    const detail = await sam.get<{ referral: { person: { contactValue: string }; firstContactAt: string }; contacts: { channel: string; reached: boolean; note: string | null; worker: { firstName: string } }[] }>(`/api/console/referrals/${reference}`);
    expect(detail.status).toBe(200);
    expect(detail.body.referral.person.contactValue).toBe(from);
    expect(detail.body.contacts).toEqual([
      expect.objectContaining({ channel: 'phone', reached: false, note: 'No answer, left no message', worker: expect.objectContaining({ firstName: 'Sam' }) }),
      expect.objectContaining({ channel: 'text', reached: true, note: null }),
    ]);
    expect(detail.body.referral.firstContactAt).not.toBeNull();

    // "referred" needs the service; closed, the person is texted the outcome and asked about a follow-up.
    expect((await sam.post(`/api/console/referrals/${reference}/close`, { outcome: 'referred' })).status).toBe(400);
    const before = sms.twilio.to(from).length;
    const closed = await sam.post<{ personTold: boolean; referral: Item }>(`/api/console/referrals/${reference}/close`, { outcome: 'referred', detail: 'Men in Sheds' });
    expect(closed.status).toBe(200);
    expect(closed.body.personTold).toBe(true);
    await sms.drained();
    const told = sms.twilio.to(from).slice(before).map((m) => m.body).join('\n');
    expect(told).toContain(say('referral.closed.referred', { reference, service: 'Men in Sheds' }));
    expect(told).toContain(say('followUp.consent.ask', { weeks: 6 }));
    expect((await sms.converse('yes', from)).join('\n')).toContain(say('followUp.agreed', { weeks: 6 }));
    expect((await sam.post(`/api/console/referrals/${reference}/close`, { outcome: 'declined' })).status).toBe(409);

    const stores = sms.t.app.stores;
    const referral = (await stores.referrals.get(reference))!;
    expect(referral).toMatchObject({ status: 'closed', outcome: { type: 'referred', detail: 'Men in Sheds' }, followUp: { consentAt: expect.any(Date) } });
    expect(referral.followUp!.handoffId).toBeUndefined();

    // Six weeks on: texted in the same conversation, the answers kept.
    await stores.referrals.update(reference, { followUp: { ...referral.followUp!, dueAt: new Date(Date.now() - 1000) } });
    expect(await sms.t.app.outcomes.sendDue()).toEqual({ sent: 1, skipped: 0 });
    await sms.drained();
    expect(sms.twilio.to(from).slice(-2).map((m) => m.body)).toEqual([MESSAGES['followUp.intro'], MESSAGES['ons4.lifeSatisfaction']]);
    for (const answer of ['6', '7', '5']) await sms.converse(answer, from);
    expect(await sms.converse('3', from)).toEqual([MESSAGES['followUp.thanks']]);
    expect((await stores.referrals.get(reference))!.followUp).toMatchObject({ wellbeing: { lifeSatisfaction: 6, worthwhile: 7, happiness: 5, anxiety: 3 } });

    // In the referrals CSV with its outcome.
    const ana = await ConsoleClient.signIn(sms.t.baseUrl, 'ana@example.org');
    const today = new Date().toISOString().slice(0, 10);
    const csv = await fetch(`${sms.t.baseUrl}/api/console/reports/referrals.csv?from=${today}&to=${today}`, { headers: { cookie: ana.cookie! } }).then((r) => r.text());
    const [header, ...rows] = csv.trim().split('\r\n');
    const outcomeColumn = header.split(',').indexOf('outcome');
    expect(rows.map((row) => row.split(',')[outcomeColumn])).toContain('referred');

    // Every look and change audited.
    const trail = (await stores.audit.listByRecord('referral', reference)).map((e) => e.action);
    expect(trail).toEqual(expect.arrayContaining(['claim', 'contact:not-reached', 'contact:reached', 'close:referred', 'view-referral']));
  });

  it('lists urgent first, then the promise that runs out first; closed as declined, the person is told and not followed up', async () => {
    const stores = sms.t.app.stores;
    const old = await stores.referrals.create(newReferral({ person: { contactMethod: 'phone', contactValue: '+447700900741' } }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const urgent = await stores.referrals.create(newReferral({ urgent: true, person: { contactMethod: 'phone', contactValue: '+447700900742' } }));
    const order = (await sam.get<{ referrals: Item[] }>('/api/console/referrals?status=new')).body.referrals.map((r) => r.reference);
    expect(order.indexOf(urgent.reference)).toBe(0);
    expect(order.indexOf(old.reference)).toBeGreaterThan(0);

    const from = '+447700900732';
    const reference = await referByText(from);
    expect((await jo.post(`/api/console/referrals/${reference}/claim`)).status).toBe(200);
    const before = sms.twilio.to(from).length;
    const closed = await jo.post<{ personTold: boolean }>(`/api/console/referrals/${reference}/close`, { outcome: 'declined' });
    expect(closed.status).toBe(200);
    await sms.drained();
    expect(sms.twilio.to(from).slice(before).map((m) => m.body)).toEqual([say('referral.closed.declined', { reference })]);
    expect((await stores.referrals.get(reference))!.outcome).toMatchObject({ type: 'declined' });
  });

  it('needs a signed-in worker, and the CSRF token to change anything; bad input gets a clear error', async () => {
    const anonymous = new ConsoleClient(sms.t.baseUrl);
    expect((await anonymous.get('/api/console/referrals')).status).toBe(401);
    const { reference } = await sms.t.app.stores.referrals.create(newReferral({ reference: 'SP-CDEFG' }));
    expect((await sam.post(`/api/console/referrals/${reference}/claim`, undefined, { csrf: false })).status).toBe(403);
    expect((await sam.get('/api/console/referrals?status=lost')).status).toBe(400);
    expect((await sam.get('/api/console/referrals/SP-NOPE1')).status).toBe(404);
    expect((await sam.get('/api/console/referrals/not-a-reference')).status).toBe(404);
    expect((await sms.t.app.stores.referrals.get(reference))!.status).toBe('new');
  });

  it('will not close a referral from the worklist while the person\'s live chat is open: the chat closes both', async () => {
    const referral = await sms.t.app.stores.referrals.create(newReferral({ reference: 'SP-CDEFH', conversationId: 'conv-open-chat' }));
    const handoff = await enqueue(sms.t.app, { conversationId: 'conv-open-chat', personId: referral.personId });
    expect((await sam.post(`/api/console/referrals/${referral.reference}/claim`)).status).toBe(200);
    const detail = await sam.get<{ openChat: { id: string } | null }>(`/api/console/referrals/${referral.reference}`);
    expect(detail.body.openChat).toMatchObject({ id: handoff.id });
    expect((await sam.post(`/api/console/referrals/${referral.reference}/close`, { outcome: 'signposted' })).body).toMatchObject({ code: 'ChatOpen' });
    expect((await sms.t.app.stores.referrals.get(referral.reference))!.status).toBe('in-progress');
  });
});
