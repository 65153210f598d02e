/**
 * The real app on an ephemeral port with SMS through the real twilio client to the fake Twilio API, PUBLIC_URL set
 * to a public https address (as behind a proxy), and a short outbox timing so retries happen within a test.
 */
import { startTestApp, type TestApp } from '../../helpers/testApp';
import type { AppOptions } from '../../../src/app';
import { FakeTwilio } from '../../fakes/twilioApi';
import { postIncomingText, type IncomingText } from '../../fakes/twilioWebhook';

export const PUBLIC_URL = 'https://signpost.example.org';
export const PATIENT = '+447700900123';
/** With a messaging service and no TWILIO_FROM: a number in the service's pool, the one people text. */
export const SERVICE_NUMBER = '+447700900998';
/** Outbox timing short enough that retries happen within a test. */
export const FAST_TIMING = { pollMs: 20, retryBaseMs: 30, retryMaxMs: 200, leaseMs: 2000 };

export interface SmsHarness {
  t: TestApp;
  twilio: FakeTwilio;
  /** Our Twilio number (TWILIO_FROM, or with only a messaging service, SERVICE_NUMBER). */
  ours: string;
  /** Posts a signed incoming text; resolves with the HTTP response once the webhook answers. */
  text(body: string, from?: string, extra?: Partial<IncomingText>): Promise<{ response: Response; messageSid: string }>;
  /** Texts, then waits until Twilio has been asked to send every reply to it; returns the new replies' bodies. */
  converse(body: string, from?: string): Promise<string[]>;
  /** Waits until the outbox has nothing left to send. */
  drained(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmsHarness(env: Record<string, string> = {}, options: AppOptions = {}): Promise<SmsHarness> {
  const twilio = await FakeTwilio.start();
  let t: TestApp;
  try {
    t = await startTestApp({ PUBLIC_URL, ...twilio.env(), ...env }, { sms: { timing: FAST_TIMING }, ...options });
  } catch (error) {
    await twilio.close();
    throw error;
  }
  const ours = t.app.config.twilio?.from ?? SERVICE_NUMBER;
  twilio.reach = (url) => url.replace(PUBLIC_URL, t.baseUrl);
  const text = (body: string, from = PATIENT, extra: Partial<IncomingText> = {}) =>
    postIncomingText({ From: from, To: ours, Body: body, ...extra } as IncomingText, { baseUrl: t.baseUrl, publicUrl: PUBLIC_URL, authToken: twilio.authToken });
  const drained = async (timeoutMs = 10_000): Promise<void> => {
    const until = Date.now() + timeoutMs;
    while ((await t.app.sms.outbox.pendingCount()) > 0) {
      if (Date.now() > until) throw new Error('the SMS outbox did not drain');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return {
    t,
    twilio,
    ours,
    text,
    drained,
    converse: async (body, from = PATIENT) => {
      const before = twilio.to(from).length;
      const { response } = await text(body, from);
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
      await drained();
      return twilio.to(from).slice(before).map((m) => m.body);
    },
    close: async () => {
      await t.close();
      await twilio.close();
    },
  };
}
