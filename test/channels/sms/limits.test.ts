/** Abuse and cost: per-number limits, the global cap, the longest text, delivery statuses; and SMS off in production. */
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { MESSAGES } from '../../../src/services/content/messages';
import { smsConversationId } from '../../../src/channels/sms/identity';
import { MAX_INBOUND_BODY_CHARS } from '../../../src/channels/sms/inbound';
import { startTestApp } from '../../helpers/testApp';
import { PUBLIC_URL, startSmsHarness, type SmsHarness } from './smsHarness';

describe('SMS limits', () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness({ SMS_MAX_PER_NUMBER_PER_HOUR: '30' });
    h.twilio.deliverStatuses = true;
  });
  afterAll(async () => h.close());

  it('ignores a number past its hourly limit, after telling it once to slow down', async () => {
    const from = '+447700900501';
    for (let i = 0; i < 30; i++) await h.text(`message ${i}`, from);
    await h.drained();
    const turns = h.twilio.to(from).length;
    expect(await h.converse('one too many', from)).toEqual([MESSAGES['sms.tooFast']]);
    expect(await h.converse('and another', from)).toEqual([]);
    expect(h.twilio.to(from).length).toBe(turns + 1);
    expect(h.t.logs.text()).toContain('sms ignored: number over its hourly limit');
    // Other numbers are not affected.
    expect((await h.converse('hi', '+447700900502')).length).toBeGreaterThan(0);
  });

  it('texts one number on behalf of others at most 3 times a day, and says it is a limit, not an opt-out', async () => {
    const to = '+447700900503';
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await h.t.app.textMessages.send(to, [`note ${i}`], { conversationId: `chat-${i}` }));
    expect(results).toEqual(['sent', 'sent', 'sent', 'limited', 'limited']);
  });

  it('cuts a text longer than Twilio allows and still answers it', async () => {
    const from = '+447700900504';
    const { response } = await h.text('a'.repeat(MAX_INBOUND_BODY_CHARS + 500), from);
    expect(response.status).toBe(200);
    await h.drained();
    expect(h.twilio.to(from).length).toBeGreaterThan(0);
    expect(h.t.logs.text()).toContain('sms body cut to the maximum length');
  });

  it('records Twilio delivery statuses on each text (signed callbacks to /api/sms/status)', async () => {
    const from = '+447700900505';
    await h.converse('hi', from);
    await h.twilio.callbacksDone();
    const sent = await h.t.app.sms.outbox.listByConversation(smsConversationId(h.t.app.secret, from));
    expect(sent.length).toBeGreaterThan(0);
    for (const message of sent) {
      expect(message.providerId).toMatch(/^SM/);
      expect(message.delivery?.status).toBe('delivered');
      expect(message.segments).toBe(1);
      expect(message.encoding).toBe('GSM-7');
    }
    expect(h.twilio.messages.find((m) => m.to === from)?.statusCallback).toMatch(new RegExp(`^${PUBLIC_URL}/api/sms/status\\?id=`));
  });

  it('refuses an unsigned status callback with 403 and an unknown message with 404', async () => {
    const url = `${PUBLIC_URL}/api/sms/status?id=no-such-message`;
    const fields = { MessageSid: 'SMx', MessageStatus: 'delivered' };
    const post = (signature?: string) =>
      fetch(`${h.t.baseUrl}/api/sms/status?id=no-such-message`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
        body: new URLSearchParams(fields).toString(),
      });
    expect((await post()).status).toBe(403);
    expect((await post(getExpectedTwilioSignature(h.twilio.authToken, `${PUBLIC_URL}/api/sms/status?id=other`, fields))).status).toBe(403);
    expect((await post(getExpectedTwilioSignature(h.twilio.authToken, url, fields))).status).toBe(404);
  });
});

describe('SMS in production without Twilio', () => {
  it('is off: no webhook, and TextMessageSender says it did not send', async () => {
    const t = await startTestApp({ NODE_ENV: 'production', MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x', SIGNPOST_SECRET: 'a'.repeat(40) });
    try {
      expect(t.app.sms.mode).toBe('off');
      const response = await fetch(`${t.baseUrl}/api/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'From=%2B447700900123' });
      expect(response.status).toBe(404);
      expect(await t.app.textMessages.send('+447700900123', ['hello'], {})).toBe('unavailable');
      expect(await t.app.stores.smsOutbox.pendingCount()).toBe(0);
    } finally {
      await t.close();
    }
  });
});
