/**
 * Issue 16, item 2: a crisis answer is never limited or dropped, and "text me these" cannot be turned against a
 * number. Over HTTP: anonymous web chats on Signpost's own Direct Line ask to text a chosen mobile, and that mobile's
 * owner texts Signpost through the signed Twilio webhook.
 */
import { smsConversationId } from '../../../src/channels/sms/identity';
import type { OutgoingSms } from '../../../src/services/sms/SmsOutbox';
import { MESSAGES, say } from '../../../src/services/content/messages';
import { eventually, WebChatPatient } from '../../hardening/clients';
import { startSmsHarness, type SmsHarness } from './smsHarness';

const CRISIS = 'I want to end my life';
const lead = (id: keyof typeof MESSAGES): string => MESSAGES[id].split(/[.?!]/)[0];

/** An anonymous web chat that has been shown services and is asked for a mobile. */
async function chatAtMobilePrompt(baseUrl: string): Promise<WebChatPatient> {
  const chat = new WebChatPatient(baseUrl);
  await chat.start();
  for (const text of ['just show me services', 'food', 'yes', 'text me these']) await chat.post(text);
  return chat;
}

async function lastBotText(chat: WebChatPatient, before: number): Promise<string> {
  const texts = await chat.botTexts();
  return texts.slice(before).join('\n');
}

/** Asks the chat to text `to`; returns what the bot said. */
async function textMe(chat: WebChatPatient, to: string, again = false): Promise<string> {
  if (again) await chat.post('text me these');
  const before = (await chat.botTexts()).length;
  await chat.post(to);
  return lastBotText(chat, before);
}

describe('crisis answers are never limited; "text me these" has limits of its own', () => {
  let h: SmsHarness;
  /** Every text queued, as the outbox returned it. */
  const queued: OutgoingSms[] = [];
  beforeAll(async () => {
    h = await startSmsHarness({ SMS_MAX_PER_NUMBER_PER_HOUR: '6' }, {
      wrapStores: (stores) => {
        const enqueue = stores.smsOutbox.enqueue.bind(stores.smsOutbox);
        stores.smsOutbox.enqueue = async (messages, now) => {
          const done = await enqueue(messages, now);
          queued.push(...done);
          return done;
        };
        return stores;
      },
    });
  });
  afterAll(async () => h.close());

  it("never spends the target's own budget: after many requests to a number its owner still gets every answer", async () => {
    const owner = '+447700900701';
    const answers: string[] = [];
    for (let i = 0; i < 8; i++) answers.push(await textMe(await chatAtMobilePrompt(h.t.baseUrl), '07700 900701'));
    // The target's daily limit on texts sent on someone's behalf: a few, then a plain refusal that is not "opted out".
    expect(answers.slice(0, 3).every((a) => a.includes(lead('signpost.mobile.sent')))).toBe(true);
    expect(answers.slice(3).every((a) => a.includes(say('signpost.mobile.limited')))).toBe(true);
    expect(answers.join('\n')).not.toContain(say('signpost.mobile.optedOut'));
    await h.drained();
    // Texted, and then the number is not kept: the texts sent on someone's behalf are gone from the outbox.
    const onBehalf = queued.filter((m) => m.to === owner);
    expect(onBehalf.length).toBeGreaterThanOrEqual(3);
    expect(h.twilio.to(owner).length).toBe(onBehalf.length);
    await eventually('the texts sent on behalf to be forgotten', async () => ((await Promise.all(onBehalf.map((m) => h.t.app.sms.outbox.get(m.id)))).every((m) => m === undefined) ? true : undefined), 5000);
    // The owner texts: answered, and crisis words get the crisis numbers.
    expect((await h.converse('hi', owner)).length).toBeGreaterThan(0);
    const crisis = (await h.converse(CRISIS, owner)).join('\n');
    expect(crisis).toMatch(/999[\s\S]*111[\s\S]*116 123[\s\S]*85258/);
  });

  it('limits one chat, and one client address, whatever numbers they choose', async () => {
    const chat = await chatAtMobilePrompt(h.t.baseUrl);
    const answers = [await textMe(chat, '07700 900711')];
    for (const n of ['07700 900712', '07700 900713', '07700 900714']) answers.push(await textMe(chat, n, true));
    expect(answers.slice(0, 3).every((a) => a.includes(lead('signpost.mobile.sent')))).toBe(true);
    expect(answers[3]).toContain(say('signpost.mobile.limited'));
    // New chats from the same address: the per-address limit (10 a day) stops an SMS-pumping run of many targets. This
    // address has had 6 sent already (3 in the test above, 3 here); refusals spend nothing.
    const more: string[] = [];
    for (let i = 0; i < 8; i++) more.push(await textMe(await chatAtMobilePrompt(h.t.baseUrl), `07700 9007${20 + i}`));
    expect(more.filter((a) => a.includes(lead('signpost.mobile.sent')))).toHaveLength(4);
    expect(more.at(-1)).toContain(say('signpost.mobile.limited'));
  });

  it("answers crisis words from a number past its own hourly limits, in and out", async () => {
    const from = '+447700900731';
    for (let i = 0; i < 6; i++) await h.text(`message ${i}`, from);
    await h.drained();
    expect(await h.converse('one too many', from)).toEqual([MESSAGES['sms.tooFast']]);
    const crisis = (await h.converse(CRISIS, from)).join('\n');
    expect(crisis).toContain(lead('crisis.intro'));
    expect(crisis).toMatch(/999[\s\S]*111[\s\S]*116 123[\s\S]*85258/);
  });

  it('sends a crisis answer at once behind a claim left by a worker that died mid-send (kill -9)', async () => {
    const from = '+447700900741';
    await h.converse('hi', from);
    // A text to this number claimed by a worker that then died: its claim lasts a minute.
    const conversationId = smsConversationId(h.t.app.secret, from);
    await h.t.app.sms.outbox.enqueue([{ to: from, conversationId, body: 'in flight when the server died', segments: 1, encoding: 'GSM-7' }]);
    await h.t.app.sms.worker.stop();
    const stale = await h.t.app.sms.outbox.claimDue(new Date(), 100, 60_000);
    expect(stale.map((m) => m.to)).toContain(from);
    h.t.app.sms.worker.start();
    const before = h.twilio.to(from).length;
    const started = Date.now();
    await h.text(CRISIS, from);
    const sent = await eventually('the crisis answer', async () => {
      const bodies = h.twilio.to(from).slice(before).map((m) => m.body).join('\n');
      return /85258/.test(bodies) ? bodies : undefined;
    }, 10_000);
    expect(sent).toContain(lead('crisis.intro'));
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the global per-minute cap holds ordinary texts, never a crisis answer', () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness({ SMS_MAX_PER_MINUTE: '3' });
  });
  afterAll(async () => h.close());

  it('sends crisis texts first, past the cap', async () => {
    for (let i = 0; i < 4; i++) await h.text('hi', `+4477009008${10 + i}`);
    const from = '+447700900899';
    const before = h.twilio.to(from).length;
    await h.text(CRISIS, from);
    const sent = await eventually('the crisis answer past the cap', async () => {
      const bodies = h.twilio.to(from).slice(before).map((m) => m.body).join('\n');
      return /85258/.test(bodies) ? bodies : undefined;
    }, 5000);
    expect(sent).toMatch(/999[\s\S]*111[\s\S]*116 123[\s\S]*85258/);
  });
});
