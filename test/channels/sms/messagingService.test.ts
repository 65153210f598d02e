/**
 * Twilio through a Messaging Service (TWILIO_MESSAGING_SERVICE_SID, no TWILIO_FROM): replies to a text and texts the
 * dialogs send reach the fake Twilio API as MessagingServiceSid with no From, through the real twilio library, and
 * are recorded as sent. A text from the number it was sent to, or from any number people have texted (the service's
 * pool), is ignored: no loops.
 */
import { MESSAGES } from '../../../src/services/content/messages';
import { smsConversationId } from '../../../src/channels/sms/identity';
import { PATIENT, startSmsHarness, type SmsHarness } from './smsHarness';

const SERVICE_SID = 'MG00000000000000000000000000000001';

describe('SMS through a Twilio Messaging Service', () => {
  let h: SmsHarness;

  beforeAll(async () => {
    h = await startSmsHarness({ TWILIO_FROM: '', TWILIO_MESSAGING_SERVICE_SID: SERVICE_SID });
  });
  afterAll(async () => h.close());

  it('is configured with the service and no number', () => {
    expect(h.t.app.config.twilio).toMatchObject({ messagingServiceSid: SERVICE_SID, from: undefined });
    expect(h.t.app.sms.mode).toBe('twilio');
  });

  it('answers a text with replies sent as MessagingServiceSid, without From', async () => {
    const replies = await h.converse('hello');
    expect(replies[0]).toBe(`${MESSAGES['welcome.hello.sms']}\n${MESSAGES['welcome.notForEmergencies.sms']}`);
    const sent = h.twilio.to(PATIENT);
    expect(sent.length).toBe(replies.length);
    for (const message of sent) {
      expect(message.messagingServiceSid).toBe(SERVICE_SID);
      expect(message.from).toBeUndefined();
      expect(message.statusCallback).toMatch(/^https:\/\/signpost\.example\.org\/api\/sms\/status\?id=/);
    }
    const stored = await h.t.app.sms.outbox.listByConversation(smsConversationId(h.t.app.secret, PATIENT));
    expect(stored.map((m) => [m.status, m.providerId])).toEqual(sent.map((m) => ['sent', m.sid]));
  });

  it('sends texts the dialogs queue (app.textMessages) through the service too', async () => {
    const to = '+447700900402';
    await expect(h.t.app.textMessages.send(to, ['Your reference is SP-7K3Q9.'], {})).resolves.toBe('sent');
    await h.drained();
    expect(h.twilio.to(to)).toEqual([expect.objectContaining({ body: 'Your reference is SP-7K3Q9.', messagingServiceSid: SERVICE_SID, from: undefined })]);
  });

  it('ignores a text whose sender is the number it was sent to (no reply, no loop)', async () => {
    const before = h.twilio.messages.length;
    const { response } = await h.text('hello', h.ours);
    expect(response.status).toBe(200);
    await h.drained();
    expect(h.twilio.messages.length).toBe(before);
    expect(await h.t.app.sms.contacts.byPhone(h.ours)).toBeUndefined();
  });

  it('learns the pool from the numbers people text: a text from one of them to another is ignored', async () => {
    const poolA = '+447700900601';
    const poolB = '+447700900602';
    expect((await h.text('hello', '+447700900403', { To: poolA })).response.status).toBe(200);
    await h.drained();
    const before = h.twilio.messages.length;
    expect((await h.text('Thank you for your message.', poolA, { To: poolB })).response.status).toBe(200);
    await h.drained();
    expect(h.twilio.messages.length).toBe(before);
    expect(await h.t.app.sms.contacts.byPhone(poolA)).toBeUndefined();
  });
});
