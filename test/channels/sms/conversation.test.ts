/**
 * A whole self-referral by text message, as a patient would send it through Twilio: signed webhooks in, the real
 * twilio client out to the fake Twilio API, numbered replies picking options, the real dialogs and embedded store.
 */
import { MESSAGES, type MessageId } from '../../../src/services/content/messages';
import { isGsm7, septets } from '../../../src/channels/sms/renderGsm7';
import { smsConversationId } from '../../../src/channels/sms/identity';
import { REFERENCE_PATTERN } from '../../../src/services/referrals/referenceCode';
import { startSmsHarness, type SmsHarness } from './smsHarness';

/** The fixed start of a message (up to its first placeholder). */
const lead = (id: MessageId): string => MESSAGES[id].split('{')[0];

describe('a self-referral over SMS', () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness();
  });
  afterAll(async () => h.close());

  it('is completed by text, picking options by number, and saved as an SMS referral', async () => {
    const from = '+447700900601';
    const steps: [string, MessageId][] = [
      ['Hi, my GP said to text you', 'welcome.question'],
      ['1', 'consent.ask'],
      ['1', 'intake.name.ask'],
      ['Sam', 'intake.dob.ask'],
      ['12/03/1961', 'intake.postcode.ask'],
      ['bs161qy', 'intake.contact.ask'],
      ['1', 'intake.mobile.ask'],
      ['07700 900601', 'intake.gp.ask'],
      ['skip', 'intake.whatMatters.ask'],
      ['seeing my grandchildren', 'needs.ask'],
      ["I\u2019m lonely and behind on my rent \u{1F61E}", 'needs.confirm'],
      ['1', 'ons4.lifeSatisfaction'],
      ['7', 'ons4.worthwhile'],
      ['6', 'ons4.happiness'],
      ['skip', 'ons4.anxiety'],
      ['4', 'summary.ask'],
    ];
    for (const [text, question] of steps) {
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
