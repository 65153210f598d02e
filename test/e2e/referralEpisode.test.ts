/**
 * One episode, two views: a chat handoff that began before the person's referral was saved, and the referral saved
 * later in the same conversation. However the link worker ends the chat, the referral ends with the same outcome:
 * in the referral, in the referrals CSV and in the FHIR export (issue 23: both had stayed "new", blank and "active").
 */
import { say } from '../../src/services/content/messages';
import { smsConversationId } from '../../src/channels/sms/identity';
import { addUser, ConsoleClient } from '../console/consoleHarness';
import { startSmsHarness, type SmsHarness } from '../channels/sms/smsHarness';
import { SMS_REFERRAL_STEPS } from '../channels/sms/smsScript';

jest.setTimeout(120_000);

describe('a chat handoff begun before the referral was saved', () => {
  let sms: SmsHarness;
  beforeAll(async () => {
    sms = await startSmsHarness({ OPENING_HOURS: 'Mon-Sun 00:00-24:00 Europe/London' });
    await addUser(sms.t.app, 'ana@example.org', 'admin', 'Ana');
  });
  afterAll(async () => sms.close());

  /** Asks for a person part way through, finishes the referral beside the waiting chat; returns the handoff and reference. */
  async function handoffThenReferral(from: string): Promise<{ handoffId: string; reference: string }> {
    const steps = SMS_REFERRAL_STEPS;
    for (const [text] of steps.slice(0, 4)) await sms.converse(text, from);
    await sms.converse('talk to a person', from);
    const open = await sms.t.app.stores.handoffs.findOpenByConversation(smsConversationId(sms.t.app.secret, from));
    expect(open).not.toBeNull();
    expect(open!.referralReference).toBeUndefined();
    for (const [text] of steps.slice(4)) await sms.converse(text, from);
    const saved = (await sms.converse('1', from)).join('\n');
    const reference = /SP-[0-9A-Z]{5}/.exec(saved)?.[0];
    expect(reference).toBeDefined();
    return { handoffId: open!.id, reference: reference! };
  }

  it.each([
    ['safeguarding-escalated', undefined],
    ['referred', 'Men in Sheds'],
  ])('closed %s: the referral closes with that outcome, in the CSV and in FHIR', async (outcome, detail) => {
    const from = outcome === 'referred' ? '+447700900721' : '+447700900722';
    const { handoffId, reference } = await handoffThenReferral(from);
    const ana = await ConsoleClient.signIn(sms.t.baseUrl, 'ana@example.org');
    expect((await ana.post(`/api/console/handoffs/${handoffId}/claim`)).status).toBe(200);
    expect((await sms.t.app.stores.referrals.get(reference))!.status).toBe('in-progress');
    expect((await ana.post(`/api/console/handoffs/${handoffId}/close`, { outcome, ...(detail ? { detail } : {}) })).status).toBe(200);
    await sms.drained();

    const referral = (await sms.t.app.stores.referrals.get(reference))!;
    expect(referral.status).toBe('closed');
    expect(referral.outcome).toMatchObject({ type: outcome, ...(detail ? { detail } : {}) });
    expect(referral.firstContactAt).toBeInstanceOf(Date);

    const today = new Date().toISOString().slice(0, 10);
    const csv = await fetch(`${sms.t.baseUrl}/api/console/reports/referrals.csv?from=${today}&to=${today}`, { headers: { cookie: ana.cookie! } }).then((r) => r.text());
    const [header, ...rows] = csv.trim().split('\r\n');
    const columns = header.split(',');
    const outcomes = rows.map((row) => row.split(',')[columns.indexOf('outcome')]);
    expect(outcomes).toContain(outcome);
    expect(outcomes).not.toContain('');

    const fhir = await ana.get<{ entry: { resource: { resourceType: string; status?: string } }[] }>(`/api/console/referrals/${reference}/fhir`);
    expect(fhir.status).toBe(200);
    expect(fhir.body.entry.find((e) => e.resource.resourceType === 'ServiceRequest')!.resource.status).toBe('completed');

    if (outcome !== 'referred') return;
    // Ended referred, whichever path: the follow-up is offered (by text, where they are).
    expect((await sms.converse('skip', from)).join('\n')).toContain(say('followUp.consent.ask', { weeks: 6 }));
    expect((await sms.converse('yes', from)).join('\n')).toContain(say('followUp.agreed', { weeks: 6 }));
    expect((await sms.t.app.stores.referrals.get(reference))!.followUp).toMatchObject({ consentAt: expect.any(Date), dueAt: expect.any(Date) });
  });
});
