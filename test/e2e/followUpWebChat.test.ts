/**
 * Outcomes end to end for web chat patients (Signpost's own Direct Line, driven by botframework-directlinejs): a web
 * chat is gone by the time a follow-up is due, so the follow-up is offered only to someone whose referral says to
 * text their mobile, and then it is texted to them (through the real twilio client to the fake Twilio) in that
 * number's SMS conversation, where their replies carry on; someone with no mobile is never asked, and a follow-up
 * already due for them is skipped, not counted as sent.
 */
import type { Activity } from 'botframework-directlinejs';
import { smsConversationId } from '../../src/channels/sms/identity';
import { MESSAGES, say, type MessageId } from '../../src/services/content/messages';
import { DirectLineTestClient, generateToken, replyToId } from '../channels/directline/directLineClient';
import { startSmsHarness, type SmsHarness } from '../channels/sms/smsHarness';
import { addUser, ConsoleClient } from '../console/consoleHarness';
import { REFERRAL_STEPS, lead, type Step } from '../dialogs/script';
import { eventually } from '../hardening/clients';

jest.setTimeout(120_000);

const botText = (a: Activity): string => (a.from?.role === 'bot' && a.type === 'message' && 'text' in a ? (a.text ?? '') : '');
/** The self-referral as far as the summary (answered yes, so it is saved), with some answers changed. */
const referralUntilSaved = (answers: Partial<Record<MessageId, string>> = {}, extra: Step[] = []): Step[] => {
  const steps = REFERRAL_STEPS.slice(0, REFERRAL_STEPS.findIndex((s) => s.question === 'summary.ask') + 1).map((s) => ({ ...s, answer: answers[s.question] ?? s.answer }));
  const contactAt = steps.findIndex((s) => s.question === 'intake.contact.ask');
  return [...steps.slice(0, contactAt + 1), ...extra, ...steps.slice(contactAt + 1)];
};

describe('outcomes for web chat patients', () => {
  let sms: SmsHarness;
  const patients: DirectLineTestClient[] = [];

  beforeAll(async () => {
    // Link workers always at work, so the follow-up is sent whenever this test runs.
    sms = await startSmsHarness({ OPENING_HOURS: 'Mon-Sun 00:00-24:00 Europe/London' });
    await addUser(sms.t.app, 'sam@example.org', 'linkworker', 'Sam');
  });
  afterAll(async () => {
    for (const patient of patients) patient.end();
    await sms.close();
  });

  /** Posts a message and waits for the bot's reply to it that starts with `expected`; returns every reply to it so far. */
  async function answer(patient: DirectLineTestClient, text: string, expected: string): Promise<string[]> {
    const id = await patient.post(text);
    await patient.waitFor((a) => replyToId(a) === id && botText(a).startsWith(expected), 20_000, `"${expected}" in reply to "${text}"`);
    return patient.received.filter((a) => replyToId(a) === id).map(botText).filter(Boolean);
  }

  /**
   * A web chat patient refers themselves with `steps` (each question and its answer), asks for a person, and Sam
   * closes the chat as signposted; resolves once they are asked how it went. Returns the patient and the reference.
   */
  async function referAndClose(steps: Step[]): Promise<{ patient: DirectLineTestClient; reference: string }> {
    const { token } = await generateToken(sms.t.baseUrl);
    // Polling: streamUrls name PUBLIC_URL, which here is the https address the fake Twilio is told about.
    const patient = new DirectLineTestClient({ domain: `${sms.t.baseUrl}/v3/directline`, token, webSocket: false } as never);
    patients.push(patient);
    await patient.waitFor((a) => botText(a) === MESSAGES['welcome.question'], 20_000, 'the welcome');
    for (const [i, step] of steps.entries()) {
      const next = steps[i + 1];
      const replies = await answer(patient, step.answer, next ? lead(next.question) : lead('referral.saved'));
      if (!next) expect(replies.join('\n')).toMatch(/SP-[0-9A-Z]{5}/);
    }
    const reference = /SP-[0-9A-Z]{5}/.exec(patient.botTexts().join('\n'))![0];
    await patient.post('talk to a person');
    const conversationId = patient.conversationId!;
    const { id } = await eventually('the handoff', async () => (await sms.t.app.stores.handoffs.findOpenByConversation(conversationId)) ?? undefined);
    const sam = await ConsoleClient.signIn(sms.t.baseUrl, 'sam@example.org');
    expect((await sam.post(`/api/console/handoffs/${id}/claim`)).status).toBe(200);
    expect((await sam.post(`/api/console/handoffs/${id}/close`, { outcome: 'signposted' })).status).toBe(200);
    await patient.waitFor((a) => botText(a) === MESSAGES['satisfaction.ask'], 20_000, 'the satisfaction question');
    return { patient, reference };
  }

  it('with a mobile to text: asks in web chat, texts the wellbeing questions when due, and takes the answers by text', async () => {
    const mobile = '+447700900611';
    const { patient, reference } = await referAndClose(referralUntilSaved({ 'intake.mobile.ask': '07700 900611' }));
    await answer(patient, '4', MESSAGES['satisfaction.comment.ask']);
    const consent = say('followUp.consent.askByText', { weeks: 6, ending: '611' });
    expect(await answer(patient, 'skip', consent)).toEqual([MESSAGES['satisfaction.thanks'], consent]);
    expect(await answer(patient, 'yes', MESSAGES['afterHandoff.goodbye'])).toEqual([say('followUp.agreedByText', { weeks: 6 }), MESSAGES['afterHandoff.goodbye']]);

    const stores = sms.t.app.stores;
    const referral = (await stores.referrals.get(reference))!;
    expect(referral.person).toMatchObject({ contactMethod: 'text', contactValue: mobile });
    expect(referral.followUp).toMatchObject({ consentAt: expect.any(Date), dueAt: expect.any(Date) });
    // Nothing has been texted to that number yet, and nothing is sent before it is due.
    expect(sms.twilio.to(mobile)).toEqual([]);
    expect(await sms.t.app.outcomes.sendDue()).toEqual({ sent: 0, skipped: 0 });

    // Six weeks on: texted once, however often it is looked for.
    await stores.referrals.update(reference, { followUp: { ...referral.followUp!, dueAt: new Date(Date.now() - 1000) } });
    const webChatSeen = patient.received.length;
    expect(await sms.t.app.outcomes.sendDue()).toEqual({ sent: 1, skipped: 0 });
    expect(await sms.t.app.outcomes.sendDue()).toEqual({ sent: 0, skipped: 0 });
    await sms.drained();
    const texted = sms.twilio.to(mobile).map((m) => m.body);
    expect(texted.join(' ')).toBe(`${MESSAGES['followUp.introByText']} ${MESSAGES['ons4.lifeSatisfaction']}`);
    // The number's SMS conversation now knows it, so a reply carries on the questions (no welcome first).
    expect((await stores.smsContacts.byPhone(mobile))?.conversationId).toBe(smsConversationId(sms.t.app.secret, mobile));

    expect(await sms.converse('8', mobile)).toEqual([MESSAGES['ons4.worthwhile']]);
    expect(await sms.converse('7', mobile)).toEqual([MESSAGES['ons4.happiness']]);
    expect(await sms.converse('skip', mobile)).toEqual([MESSAGES['ons4.anxiety']]);
    expect(await sms.converse('2', mobile)).toEqual([MESSAGES['followUp.thanks']]);
    const answered = (await stores.referrals.get(reference))!;
    expect(answered.followUp).toMatchObject({ sentAt: expect.any(Date), answeredAt: expect.any(Date), wellbeing: { lifeSatisfaction: 8, worthwhile: 7, anxiety: 2 } });
    expect(answered.followUp?.skipped).toBeUndefined();
    // Nothing of it went to the web chat, which nobody would see.
    expect(patient.received.slice(webChatSeen).map(botText).filter(Boolean)).toEqual([]);
  });

  it('with no mobile: never asked; a follow-up already due for them is skipped as unreachable, never sent', async () => {
    const steps = referralUntilSaved({ 'intake.contact.ask': 'email' }, [{ question: 'intake.email.ask', answer: 'sam@example.org' }]).filter((s) => s.question !== 'intake.mobile.ask');
    const { patient, reference } = await referAndClose(steps);
    await answer(patient, '5', MESSAGES['satisfaction.comment.ask']);
    expect(await answer(patient, 'skip', MESSAGES['afterHandoff.goodbye'])).toEqual([MESSAGES['satisfaction.thanks'], MESSAGES['afterHandoff.goodbye']]);
    const stores = sms.t.app.stores;
    const referral = (await stores.referrals.get(reference))!;
    expect(referral.person).toMatchObject({ contactMethod: 'email' });
    expect(referral.followUp).toBeUndefined();
    expect(patient.botTexts().join('\n')).not.toContain(lead('followUp.consent.ask'));
    expect(patient.botTexts().join('\n')).not.toContain(lead('followUp.consent.askByText'));

    // One agreed before follow-ups went by text (it points at this web chat), now due.
    const handoff = (await stores.handoffs.list('closed')).find((h) => h.referralReference === reference)!;
    const due = new Date(Date.now() - 1000);
    await stores.referrals.update(reference, { followUp: { consentAt: new Date(due.getTime() - 42 * 24 * 60 * 60 * 1000), dueAt: due, handoffId: handoff.id } });
    const webChatSeen = patient.received.length;
    const textsSeen = sms.twilio.messages.length;
    expect(await sms.t.app.outcomes.sendDue()).toEqual({ sent: 0, skipped: 1 });
    expect((await stores.referrals.get(reference))!.followUp).toMatchObject({ sentAt: expect.any(Date), skipped: 'unreachable' });
    expect(await sms.t.app.outcomes.sendDue()).toEqual({ sent: 0, skipped: 0 });
    await sms.drained();
    expect(sms.twilio.messages.length).toBe(textsSeen);
    await patient.post('thanks');
    await patient.waitFor((a) => botText(a).length > 0 && patient.received.indexOf(a) >= webChatSeen, 20_000, 'a reply to thanks');
    expect(patient.received.slice(webChatSeen).map(botText).join('\n')).not.toContain(lead('followUp.intro'));
  });
});
