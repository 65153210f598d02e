/**
 * Outcome measures end to end, by text message: a self-referral, a link worker who closes the chat in the console,
 * the satisfaction question and the follow-up consent texted back through the real twilio client, and, when the
 * follow-up falls due, the wellbeing questions texted again and the answers kept beside intake. A number that has
 * opted out gets nothing.
 */
import { MESSAGES, say, type MessageId } from '../../src/services/content/messages';
import { smsConversationId } from '../../src/channels/sms/identity';
import { addUser, ConsoleClient } from '../console/consoleHarness';
import { startSmsHarness, type SmsHarness } from '../channels/sms/smsHarness';
import { SMS_REFERRAL_STEPS } from '../channels/sms/smsScript';

jest.setTimeout(120_000);

const lead = (id: MessageId): string => MESSAGES[id].split('{')[0];

describe('outcomes by text message', () => {
  let sms: SmsHarness;
  beforeAll(async () => {
    // Link workers always at work, so the follow-up is sent whenever this test runs.
    sms = await startSmsHarness({ OPENING_HOURS: 'Mon-Sun 00:00-24:00 Europe/London' });
    await addUser(sms.t.app, 'sam@example.org', 'linkworker', 'Sam');
  });
  afterAll(async () => sms.close());

  /** Refers themselves by text, asks for a person, and Sam closes the chat with an outcome. Returns the referral. */
  async function referAndClose(from: string): Promise<string> {
    for (const [text] of SMS_REFERRAL_STEPS) await sms.converse(text, from);
    const saved = (await sms.converse('1', from)).join('\n');
    const reference = /SP-[0-9A-Z]{5}/.exec(saved)![0];
    await sms.converse('talk to a person', from);
    const sam = await ConsoleClient.signIn(sms.t.baseUrl, 'sam@example.org');
    const { id } = (await sms.t.app.stores.handoffs.findOpenByConversation(smsConversationId(sms.t.app.secret, from)))!;
    expect((await sam.post(`/api/console/handoffs/${id}/claim`)).status).toBe(200);
    expect((await sam.post(`/api/console/handoffs/${id}/close`, { outcome: 'signposted' })).status).toBe(200);
    await sms.drained();
    return reference;
  }

  it('asks how it went and for consent, then texts the wellbeing questions when due and keeps the answers', async () => {
    const from = '+447700900701';
    const reference = await referAndClose(from);
    const texts = sms.twilio.to(from).map((m) => m.body);
    const closedAt = texts.lastIndexOf(MESSAGES['handoff.closed.signposted']);
    expect(closedAt).toBeGreaterThan(0);
    const afterClose = texts.slice(closedAt + 1).join('\n');
    expect(afterClose).toContain(lead('satisfaction.ask'));
    expect(afterClose).toContain('1 Not at all happy\n2 Not very happy\n3 Neither happy nor unhappy\n4 Happy\n5 Very happy');

    expect((await sms.converse('4', from)).join('\n')).toContain(lead('satisfaction.comment.ask'));
    const consent = (await sms.converse('Sam rang me back the same day', from)).join('\n');
    expect(consent).toContain(MESSAGES['satisfaction.thanks']);
    expect(consent).toContain(say('followUp.consent.ask', { weeks: 6 }));
    expect((await sms.converse('yes', from)).join('\n')).toContain(say('followUp.agreed', { weeks: 6 }));

    const stores = sms.t.app.stores;
    const referral = (await stores.referrals.get(reference))!;
    const handoff = (await stores.handoffs.get(referral.followUp!.handoffId!))!;
    expect(handoff.satisfaction).toMatchObject({ score: 4, comment: 'Sam rang me back the same day' });
    expect(referral.followUp!.dueAt.getTime() - referral.followUp!.consentAt.getTime()).toBe(42 * 24 * 60 * 60 * 1000);

    // Not due yet: nothing is sent.
    expect(await sms.t.app.outcomes.sendDue()).toEqual({ sent: 0, skipped: 0 });
    // Six weeks on.
    await stores.referrals.update(reference, { followUp: { ...referral.followUp!, dueAt: new Date(Date.now() - 1000) } });
    expect(await sms.t.app.outcomes.sendDue()).toEqual({ sent: 1, skipped: 0 });
    expect(await sms.t.app.outcomes.sendDue()).toEqual({ sent: 0, skipped: 0 });
    await sms.drained();
    const asked = sms.twilio.to(from).slice(-2).map((m) => m.body);
    expect(asked).toEqual([MESSAGES['followUp.intro'], MESSAGES['ons4.lifeSatisfaction']]);

    expect(await sms.converse('8', from)).toEqual([MESSAGES['ons4.worthwhile']]);
    expect(await sms.converse('7', from)).toEqual([MESSAGES['ons4.happiness']]);
    expect(await sms.converse('skip', from)).toEqual([MESSAGES['ons4.anxiety']]);
    expect(await sms.converse('2', from)).toEqual([MESSAGES['followUp.thanks']]);
    const answered = (await stores.referrals.get(reference))!;
    expect(answered.followUp).toMatchObject({ wellbeing: { lifeSatisfaction: 8, worthwhile: 7, anxiety: 2 }, answeredAt: expect.any(Date) });
    expect(answered.wellbeingAtIntake).toEqual({ lifeSatisfaction: 7, worthwhile: 6, anxiety: 4 });
  });

  it('never texts a follow-up to a number that has opted out since', async () => {
    const from = '+447700900702';
    const reference = await referAndClose(from);
    await sms.converse('skip', from);
    await sms.converse('yes', from);
    const referral = (await sms.t.app.stores.referrals.get(reference))!;
    expect(referral.followUp).toBeDefined();
    await sms.converse('STOP', from);
    const before = sms.twilio.to(from).length;
    await sms.t.app.stores.referrals.update(reference, { followUp: { ...referral.followUp!, dueAt: new Date(Date.now() - 1000) } });
    expect(await sms.t.app.outcomes.sendDue()).toEqual({ sent: 0, skipped: 1 });
    await sms.drained();
    expect(sms.twilio.to(from).length).toBe(before);
    expect((await sms.t.app.stores.referrals.get(reference))!.followUp).toMatchObject({ skipped: 'opted-out', sentAt: expect.any(Date) });
  });
});

describe('a follow-up six weeks on', () => {
  let sms: SmsHarness;
  beforeAll(async () => {
    sms = await startSmsHarness({ OPENING_HOURS: 'Mon-Sun 00:00-24:00 Europe/London' });
    await addUser(sms.t.app, 'kim@example.org', 'linkworker', 'Kim');
  });
  afterAll(async () => sms.close());

  /** Moves the conversation's last activity back, as if `days` had passed since the person last wrote. */
  async function ageConversation(from: string, days: number): Promise<void> {
    const key = `sms/conversations/${smsConversationId(sms.t.app.secret, from)}/`;
    const stored = (await sms.t.app.stores.botState.read([key]))[key] as { session?: { lastActiveAt?: string } };
    expect(stored?.session?.lastActiveAt).toBeDefined();
    stored.session!.lastActiveAt = new Date(Date.parse(stored.session!.lastActiveAt!) - days * 24 * 60 * 60 * 1000).toISOString();
    await sms.t.app.stores.botState.write({ [key]: { ...stored, eTag: '*' } });
  }

  it('takes the first reply as the answer to the follow-up, never as a return after a week away', async () => {
    const from = '+447700900711';
    for (const [text] of SMS_REFERRAL_STEPS) await sms.converse(text, from);
    const reference = /SP-[0-9A-Z]{5}/.exec((await sms.converse('1', from)).join('\n'))![0];
    await sms.converse('talk to a person', from);
    const kim = await ConsoleClient.signIn(sms.t.baseUrl, 'kim@example.org');
    const { id } = (await sms.t.app.stores.handoffs.findOpenByConversation(smsConversationId(sms.t.app.secret, from)))!;
    expect((await kim.post(`/api/console/handoffs/${id}/claim`)).status).toBe(200);
    expect((await kim.post(`/api/console/handoffs/${id}/close`, { outcome: 'referred', detail: 'Men in Sheds' })).status).toBe(200);
    await sms.drained();
    await sms.converse('skip', from);
    expect((await sms.converse('yes', from)).join('\n')).toContain(say('followUp.agreed', { weeks: 6 }));

    // Six weeks pass in silence; the follow-up falls due and is texted.
    await ageConversation(from, 43);
    const referral = (await sms.t.app.stores.referrals.get(reference))!;
    await sms.t.app.stores.referrals.update(reference, { followUp: { ...referral.followUp!, dueAt: new Date(Date.now() - 1000) } });
    expect(await sms.t.app.outcomes.sendDue()).toEqual({ sent: 1, skipped: 0 });
    await sms.drained();
    expect(sms.twilio.to(from).slice(-1).map((m) => m.body)).toEqual([MESSAGES['ons4.lifeSatisfaction']]);

    // The answer "6" is the answer, not "Welcome back... carry on or start again?".
    expect(await sms.converse('6', from)).toEqual([MESSAGES['ons4.worthwhile']]);
  });
});
