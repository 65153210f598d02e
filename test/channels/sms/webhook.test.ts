import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { MESSAGES } from '../../../src/services/content/messages';
import { smsConversationId } from '../../../src/channels/sms/identity';
import { twilioFields } from '../../fakes/twilioWebhook';
import { FAST_TIMING, PATIENT, PUBLIC_URL, startSmsHarness, type SmsHarness } from './smsHarness';

describe('POST /api/sms (Twilio webhook)', () => {
  let h: SmsHarness;

  beforeAll(async () => {
    h = await startSmsHarness();
  });
  afterAll(async () => h.close());

  it('answers a signed text with empty TwiML and texts the replies through Twilio', async () => {
    const { response } = await h.text('hello', '+447700900201');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await response.text()).toBe('<Response/>');
    await h.drained();
    const sent = h.twilio.to('+447700900201');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0].from).toBe(h.ours);
    expect(sent.map((m) => m.body).join(' ')).toContain('999');
  });

  it('refuses a missing signature with 403 and stores nothing', async () => {
    const from = '+447700900202';
    const { response } = await postUnsigned(h, from, null);
    expect(response.status).toBe(403);
    await expectNothingFor(h, from);
  });

  it('refuses a bad signature with 403 and stores nothing', async () => {
    const from = '+447700900203';
    const { response } = await postUnsigned(h, from, 'bm90IGEgc2lnbmF0dXJl');
    expect(response.status).toBe(403);
    await expectNothingFor(h, from);
  });

  it('refuses a signature made for another URL (the server checks PUBLIC_URL + path)', async () => {
    const from = '+447700900204';
    const fields = twilioFields({ From: from, To: h.ours, Body: 'hello' });
    const signature = getExpectedTwilioSignature(h.twilio.authToken, `${h.t.baseUrl}/api/sms`, fields);
    const response = await fetch(`${h.t.baseUrl}/api/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(fields).toString() });
    expect(response.status).toBe(403);
    await expectNothingFor(h, from);
  });

  it('checks the signature over the whole body: a field added after signing is refused', async () => {
    const from = '+447700900205';
    const fields = twilioFields({ From: from, To: h.ours, Body: 'hello' });
    const signature = getExpectedTwilioSignature(h.twilio.authToken, `${PUBLIC_URL}/api/sms`, fields);
    const body = new URLSearchParams({ ...fields, Injected: 'x' }).toString();
    const response = await fetch(`${h.t.baseUrl}/api/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body });
    expect(response.status).toBe(403);
    await expectNothingFor(h, from);
  });

  it('accepts fields Twilio adds without notice, as long as they are signed', async () => {
    const { response } = await h.text('hello', '+447700900206', { SomeNewTwilioField: 'value', AddOns: '{"status":"successful"}' });
    expect(response.status).toBe(200);
    await h.drained();
    expect(h.twilio.to('+447700900206').length).toBeGreaterThan(0);
  });

  it('never logs the phone number or what was written', async () => {
    await h.text('my secret words', '+447700900207');
    await h.drained();
    const logs = h.t.logs.text();
    expect(logs).not.toContain('7700900207');
    expect(logs).not.toContain('my secret words');
    expect(logs).toContain(smsConversationId(h.t.app.secret, '+447700900207'));
  });

  it('gives one conversation per number, its id derived from the number', async () => {
    const contact = await h.t.app.sms.contacts.byPhone(PATIENT);
    expect(contact).toBeUndefined();
    await h.text('hi');
    await h.drained();
    const after = await h.t.app.sms.contacts.byPhone(PATIENT);
    expect(after?.conversationId).toBe(smsConversationId(h.t.app.secret, PATIENT));
    expect(after?.conversationId).not.toContain('7700900123');
  });

  it('ignores texts from our own number (no reply, no loop)', async () => {
    const before = h.twilio.messages.length;
    const { response } = await h.text('hello', h.ours);
    expect(response.status).toBe(200);
    await h.drained();
    expect(h.twilio.messages.length).toBe(before);
    expect(h.twilio.to(h.ours)).toEqual([]);
    expect(await h.t.app.sms.contacts.byPhone(h.ours)).toBeUndefined();
  });

  it('answers a signed request that is not a text with 400', async () => {
    const fields = { AccountSid: 'AC1', From: 'not-a-number', To: h.ours, Body: 'x', MessageSid: 'SMnope' };
    const signature = getExpectedTwilioSignature(h.twilio.authToken, `${PUBLIC_URL}/api/sms`, fields);
    const response = await fetch(`${h.t.baseUrl}/api/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(fields).toString() });
    expect(response.status).toBe(400);
  });

  it('handles the same MessageSid once, however often Twilio posts it', async () => {
    const from = '+447700900208';
    const first = await h.text('hello', from, { MessageSid: 'SM0123456789abcdef0123456789abcdef' });
    await h.drained();
    const count = h.twilio.to(from).length;
    const again = await h.text('hello', from, { MessageSid: 'SM0123456789abcdef0123456789abcdef' });
    await h.drained();
    expect(first.response.status).toBe(200);
    expect(again.response.status).toBe(200);
    expect(h.twilio.to(from).length).toBe(count);
  });

  it('handles a MessageSid once even when Twilio replays it after a restart', async () => {
    const from = '+447700900218';
    const sid = 'SMfedcba9876543210fedcba9876543210';
    await h.text('hello', from, { MessageSid: sid });
    await h.drained();
    const count = h.twilio.to(from).length;
    expect(count).toBeGreaterThan(0);
    const env = { PUBLIC_URL: h.t.app.config.publicUrl, SIGNPOST_DATA_DIR: h.t.dataDir };
    await h.t.close({ keepData: true });
    await h.twilio.close();
    h = await startSmsHarness(env);
    const again = await h.text('hello', from, { MessageSid: sid });
    await h.drained();
    expect(again.response.status).toBe(200);
    expect(h.twilio.to(from)).toHaveLength(0);
  });

  it('HELP and INFO give short help with the crisis numbers, whatever the bot was doing', async () => {
    const replies = await h.converse('help', '+447700900209');
    expect(replies).toEqual([MESSAGES['sms.help'], MESSAGES['sms.helpUrgent'], MESSAGES['sms.helpTalk']]);
    expect(replies.join(' ')).toMatch(/999.*111.*116 123.*85258/s);
    expect(await h.converse('INFO', '+447700900209')).toHaveLength(3);
  });
});

describe('POST /api/sms when a turn is slow', () => {
  const TURN_WAIT_MS = 300;
  const SLOW_READ_MS = 1000;
  let h: SmsHarness;
  let slow = false;

  beforeAll(async () => {
    // Conversation state is read slowly while `slow` is set, as from a database under strain: each turn reads it at least once.
    h = await startSmsHarness({}, {
      sms: { timing: FAST_TIMING, turnWaitMs: TURN_WAIT_MS },
      wrapStores: (stores) => {
        const readJson = stores.botState.readJson.bind(stores.botState);
        stores.botState.readJson = async (key) => {
          if (slow) await new Promise((resolve) => setTimeout(resolve, SLOW_READ_MS));
          return readJson(key);
        };
        return stores;
      },
    });
  });
  afterAll(async () => {
    slow = false;
    await h.close();
  });

  it('answers Twilio within turnWaitMs with empty TwiML, then sends the replies through the outbox', async () => {
    const from = '+447700900210';
    slow = true;
    const started = Date.now();
    const { response, messageSid } = await h.text('hello', from);
    const answeredAfter = Date.now() - started;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await response.text()).toBe('<Response/>');
    expect(answeredAfter).toBeGreaterThanOrEqual(TURN_WAIT_MS - 10);
    expect(answeredAfter).toBeLessThan(SLOW_READ_MS);
    // Twilio had its answer before the turn had written anything.
    expect(await h.t.app.sms.outbox.repliesTo(messageSid)).toEqual([]);
    expect(h.twilio.to(from)).toEqual([]);

    // The turn carries on; its replies are queued as answers to that text and sent.
    const until = Date.now() + 15_000;
    let replies = await h.t.app.sms.outbox.repliesTo(messageSid);
    while (replies.length === 0 || replies.some((m) => m.status !== 'sent')) {
      if (Date.now() > until) throw new Error(`the replies were not sent: ${JSON.stringify(replies.map((m) => m.status))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      replies = await h.t.app.sms.outbox.repliesTo(messageSid);
    }
    slow = false;
    const sent = h.twilio.to(from);
    expect(sent.map((m) => m.body)).toEqual(replies.map((m) => m.body));
    // The short SMS forms, joined into one text (issue 21).
    expect(sent[0].body).toBe(`${MESSAGES['welcome.hello.sms']}\n${MESSAGES['welcome.notForEmergencies.sms']}`);
    expect(sent.map((m) => m.sid)).toEqual(replies.map((m) => m.providerId));
  });
});

async function postUnsigned(h: SmsHarness, from: string, signature: string | null): Promise<{ response: Response }> {
  const fields = twilioFields({ From: from, To: h.ours, Body: 'hello' });
  const response = await fetch(`${h.t.baseUrl}/api/sms`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
    body: new URLSearchParams(fields).toString(),
  });
  return { response };
}

/** Nothing stored, nothing run, nothing sent for that number. */
async function expectNothingFor(h: SmsHarness, from: string): Promise<void> {
  const conversationId = smsConversationId(h.t.app.secret, from);
  expect(await h.t.app.sms.contacts.byPhone(from)).toBeUndefined();
  expect(await h.t.app.sms.outbox.listByConversation(conversationId)).toEqual([]);
  expect(h.twilio.to(from)).toEqual([]);
  expect(h.t.logs.text()).not.toContain(`"conversation":"${conversationId}"`);
}
