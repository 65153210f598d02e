/**
 * The outbox worker with the real twilio client against the fake Twilio API, on the real embedded store: nothing is
 * lost when Twilio fails, each number gets its texts in order, permanent refusals stop, opt-outs are honoured.
 */
import { rmSync } from 'node:fs';
import { OutboxWorker } from '../../../src/channels/sms/OutboxWorker';
import { BaseUrlRequestClient, TwilioTransport } from '../../../src/channels/sms/TwilioTransport';
import { createLogger } from '../../../src/logging';
import { RateLimiter } from '../../../src/services/sms/RateLimiter';
import type { OutgoingSms } from '../../../src/services/sms/SmsOutbox';
import { openEmbeddedStores } from '../../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../../src/storage/Stores';
import { FAKE_FROM, FakeTwilio } from '../../fakes/twilioApi';
import { LogCapture } from '../../helpers/logCapture';
import { tempDataDir } from '../../helpers/tempDir';
import { FAST_TIMING } from './smsHarness';

const A = '+447700900301';
const B = '+447700900302';

describe('the SMS outbox worker', () => {
  let twilio: FakeTwilio;
  let dataDir: string;
  let stores: Stores;
  let worker: OutboxWorker;
  let logs: LogCapture;

  const makeWorker = (overrides: Partial<ConstructorParameters<typeof OutboxWorker>[0]> = {}): OutboxWorker =>
    new OutboxWorker({
      outbox: stores.smsOutbox,
      contacts: stores.smsContacts,
      transport: new TwilioTransport({ accountSid: twilio.accountSid, authToken: twilio.authToken, from: FAKE_FROM, apiBase: twilio.baseUrl }),
      global: new RateLimiter(1000, 60_000),
      logger: createLogger('info', logs),
      timing: FAST_TIMING,
      ...overrides,
    });

  const queue = async (to: string, ...bodies: string[]): Promise<OutgoingSms[]> => {
    const queued = await stores.smsOutbox.enqueue(bodies.map((body) => ({ to, conversationId: `conv-${to}`, body, segments: 1, encoding: 'GSM-7' as const })));
    worker.wake();
    return queued;
  };

  const settle = async (timeoutMs = 10_000): Promise<void> => {
    const until = Date.now() + timeoutMs;
    while ((await stores.smsOutbox.pendingCount()) > 0) {
      if (Date.now() > until) throw new Error('outbox did not settle');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  beforeEach(async () => {
    twilio = await FakeTwilio.start();
    dataDir = tempDataDir('signpost-sms-outbox-');
    stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    logs = new LogCapture();
    worker = makeWorker();
    worker.start();
  });

  afterEach(async () => {
    await worker.stop();
    await stores.close();
    await twilio.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends through the real twilio client, authenticated, from our number', async () => {
    const [message] = await queue(A, 'hello');
    await settle();
    expect(twilio.messages).toEqual([expect.objectContaining({ to: A, from: FAKE_FROM, body: 'hello' })]);
    expect(await stores.smsOutbox.get(message.id)).toMatchObject({ status: 'sent', providerId: twilio.messages[0].sid, attempts: 1 });
  });

  it('loses nothing when Twilio answers 500 and then recovers, and keeps each number in order', async () => {
    twilio.failNext(3, 500);
    await queue(A, 'a1', 'a2', 'a3');
    await queue(B, 'b1', 'b2');
    await settle();
    expect(twilio.to(A).map((m) => m.body)).toEqual(['a1', 'a2', 'a3']);
    expect(twilio.to(B).map((m) => m.body)).toEqual(['b1', 'b2']);
    expect(twilio.requests.filter((r) => r.status === 500)).toHaveLength(3);
    const all = [...(await stores.smsOutbox.listByConversation(`conv-${A}`)), ...(await stores.smsOutbox.listByConversation(`conv-${B}`))];
    expect(all.every((m) => m.status === 'sent')).toBe(true);
    expect(all.some((m) => m.attempts > 1 && m.lastError?.includes('500'))).toBe(true);
    expect(logs.text()).toContain('will retry');
  });

  it('holds texts while Twilio is down (503, 429) and sends them all when it is back', async () => {
    twilio.setDown(true, 503);
    await queue(A, 'one', 'two');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(twilio.messages).toHaveLength(0);
    expect(await stores.smsOutbox.pendingCount()).toBe(2);
    twilio.setDown(true, 429);
    await new Promise((resolve) => setTimeout(resolve, 200));
    twilio.setDown(false);
    await settle();
    expect(twilio.to(A).map((m) => m.body)).toEqual(['one', 'two']);
  });

  it('retries when Twilio cannot be reached at all (connection refused)', async () => {
    const transport = new TwilioTransport({ accountSid: twilio.accountSid, authToken: twilio.authToken, from: FAKE_FROM, apiBase: 'http://127.0.0.1:1' });
    await worker.stop();
    worker = makeWorker({ transport });
    worker.start();
    const [message] = await queue(A, 'hello');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stored = await stores.smsOutbox.get(message.id);
    expect(stored?.status).toMatch(/queued|sending/);
    expect(stored?.lastError).toContain('Could not reach Twilio');
  });

  it('keeps queued texts across a restart and sends them after', async () => {
    twilio.setDown(true);
    await queue(A, 'before restart');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await worker.stop();
    await stores.close();
    stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    twilio.setDown(false);
    worker = makeWorker();
    worker.start();
    await settle();
    expect(twilio.to(A).map((m) => m.body)).toEqual(['before restart']);
  });

  it('marks a permanent refusal (an invalid number) failed, without retrying', async () => {
    twilio.refuse(A, 400, 21211, "The 'To' number is not a valid phone number.");
    const [bad] = await queue(A, 'first');
    await settle();
    expect(await stores.smsOutbox.get(bad.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('21211') });
    expect(twilio.requests.filter((r) => r.status === 400)).toHaveLength(1);
  });

  it('treats Twilio error 21610 (the number texted STOP to Twilio) as an opt-out', async () => {
    twilio.refuse(A, 400, 21610, 'Attempt to send to unsubscribed recipient');
    const [first, second] = await queue(A, 'one', 'two');
    await settle();
    expect(await stores.smsOutbox.get(first.id)).toMatchObject({ status: 'cancelled' });
    expect(await stores.smsOutbox.get(second.id)).toMatchObject({ status: 'cancelled', lastError: 'opted out' });
    expect(await stores.smsContacts.byPhone(A)).toMatchObject({ optedOut: true, optOutKeyword: 'PROVIDER' });
    expect(twilio.requests.filter((r) => r.status === 400)).toHaveLength(1);
  });

  it('cancels a queued text when the number opts out before it goes', async () => {
    // Queued while no worker runs (as after a restart), so it is still waiting when the number opts out.
    await worker.stop();
    const [message] = await stores.smsOutbox.enqueue([{ to: A, conversationId: `conv-${A}`, body: 'not wanted', segments: 1, encoding: 'GSM-7' }]);
    await stores.smsContacts.setOptedOut(A, `conv-${A}`, true, new Date(), 'STOP');
    worker = makeWorker();
    worker.start();
    await settle();
    expect(twilio.messages).toHaveLength(0);
    expect(await stores.smsOutbox.get(message.id)).toMatchObject({ status: 'cancelled' });
  });

  it('holds texts over the global per-minute cap in the outbox instead of dropping them', async () => {
    await worker.stop();
    let now = Date.now();
    const global = new RateLimiter(2, 60_000, () => now);
    worker = makeWorker({ global });
    worker.start();
    await queue(A, 'a');
    await queue(B, 'b');
    await queue('+447700900303', 'c');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(twilio.messages).toHaveLength(2);
    expect(await stores.smsOutbox.pendingCount()).toBe(1);
    now += 60_001;
    worker.wake();
    await settle();
    expect(twilio.messages).toHaveLength(3);
  });

  it('gives up after giveUpAfterMs and marks the text failed', async () => {
    await worker.stop();
    worker = makeWorker({ timing: { ...FAST_TIMING, giveUpAfterMs: 150 } });
    worker.start();
    twilio.setDown(true);
    const [message] = await queue(A, 'too late');
    await settle();
    expect(await stores.smsOutbox.get(message.id)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('503') });
  });

  it('points the client at TWILIO_API_BASE, keeping path and query', () => {
    const client = new BaseUrlRequestClient('http://127.0.0.1:9999/prefix');
    expect(client.rewrite('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=2')).toBe('http://127.0.0.1:9999/prefix/2010-04-01/Accounts/AC1/Messages.json?PageSize=2');
  });
});
