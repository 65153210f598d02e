/**
 * A whole self-referral by text message, as a patient would send it through Twilio: signed webhooks in, the real
 * twilio client out to the fake Twilio API, numbered replies picking options, the real dialogs and embedded store.
 */
import { MESSAGES, type MessageId } from '../../../src/services/content/messages';
import { isGsm7, septets, toGsm7 } from '../../../src/services/sms/gsm7';
import { smsConversationId } from '../../../src/channels/sms/identity';
import { REFERENCE_PATTERN } from '../../../src/services/referrals/referenceCode';
import { startSmsHarness, type SmsHarness } from './smsHarness';
import { SMS_REFERRAL_STEPS } from './smsScript';

/** The fixed start of a message (up to its first placeholder). */
/** The fixed start of a message as texted (its SMS form where it has one), up to its first placeholder. */
const lead = (id: MessageId): string => toGsm7(((MESSAGES as Record<string, string>)[`${id}.sms`] ?? MESSAGES[id]).split('{')[0]);

describe('a self-referral over SMS', () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness();
  });
  afterAll(async () => h.close());

  it('is completed by text, picking options by number, and saved as an SMS referral', async () => {
    const from = '+447700900601';
    for (const [text, question] of SMS_REFERRAL_STEPS) {
      const replies = await h.converse(text, from);
      expect({ text, replies: replies.join('\n') }).toEqual({ text, replies: expect.stringContaining(lead(question)) });
    }
    // The numbered options of the welcome and the contact question were offered as numbered lines.
    const all = h.twilio.to(from).map((m) => m.body).join('\n');
    expect(all).toMatch(/1 Refer myself\n2 .+\n3 .+\nReply 1, 2 or 3\./);

    const saved = (await h.converse('1', from)).join('\n');
    expect(saved).toContain(lead('referral.saved'));
    const reference = /SP-[0-9A-Z]{5}/.exec(saved)?.[0] ?? '';
    expect(reference).toMatch(REFERENCE_PATTERN);
    const referral = await h.t.app.stores.referrals.get(reference);
    expect(referral).toMatchObject({
      channel: 'sms',
      conversationId: smsConversationId(h.t.app.secret, from),
      person: expect.objectContaining({ preferredName: 'Sam', postcode: 'BS16 1QY', contactMethod: 'text', contactValue: '+447700900601' }),
      needs: expect.arrayContaining(['loneliness', 'money']),
    });

    // Every text Twilio was asked to send is GSM-7 and one segment, and the outbox says so.
    for (const message of h.twilio.to(from)) {
      expect(isGsm7(message.body)).toBe(true);
      expect(septets(message.body)).toBeLessThanOrEqual(160);
    }
    const outbox = await h.t.app.sms.outbox.listByConversation(smsConversationId(h.t.app.secret, from), 500);
    expect(outbox.length).toBe(h.twilio.to(from).length);
    expect(outbox.every((m) => m.status === 'sent' && m.segments === 1 && m.encoding === 'GSM-7')).toBe(true);
  });

  it('stops the script for crisis words and texts the crisis numbers at once', async () => {
    const from = '+447700900602';
    await h.converse('hi', from);
    await h.converse('1', from);
    const crisis = (await h.converse('I want to end my life', from)).join('\n');
    expect(crisis).toContain(lead('crisis.intro'));
    expect(crisis).toMatch(/999[\s\S]*111[\s\S]*116 123[\s\S]*85258/);
    expect(h.t.logs.text()).not.toContain('end my life');
  });

  it('keeps one conversation per number and resumes it after a server restart', async () => {
    const from = '+447700900603';
    await h.converse('hi', from);
    expect((await h.converse('1', from)).join('\n')).toContain(lead('consent.ask'));
    expect((await h.converse('hi', '+447700900604')).join('\n')).toContain(lead('welcome.question'));
    const env = { PUBLIC_URL: h.t.app.config.publicUrl, SIGNPOST_DATA_DIR: h.t.dataDir };
    await h.t.close({ keepData: true });
    await h.twilio.close();
    const again = await startSmsHarness(env);
    try {
      // Still at the consent question, with its numbered options remembered: "1" is yes.
      expect((await again.converse('1', from)).join('\n')).toContain(lead('intake.name.ask'));
    } finally {
      await again.close();
    }
    h = await startSmsHarness();
  });
});
