/**
 * `sms`: Signpost turns through the Twilio webhook: 50 numbers at once, each texting through the referral script,
 * every request signed (X-Twilio-Signature, checked by the server with the twilio library) and every reply sent with
 * the real twilio client to the fake Twilio API (in this process). Signpost runs in its own process. Beside it, in the
 * same run: the same turns on the same server through /api/messages with expectReplies (no signature, no SMS
 * rendering, no outbox), and the twilio library's signature check alone (validateRequest on one webhook).
 * "Turns/s with sends" counts a turn as done when Twilio has been asked to send its replies: turns divided by the time
 * from the first request until the outbox is empty.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks';
import { projectPath } from '../src/paths';
import { FakeTwilio } from '../test/fakes/twilioApi';
import { twilioFields } from '../test/fakes/twilioWebhook';
import { startChildServer, type ChildServer } from './childServer';
import { loadMessages, REFERRAL_SCRIPT } from './turn';
import { SMS_REFERRAL_STEPS } from '../test/channels/sms/smsScript';
import { segmentCount } from '../src/services/sms/gsm7';
import { benchRateLimit, benchSeconds, type Bench, type BenchFigure } from './types';

const CONNECTIONS = 50;
const PUBLIC_URL = 'https://signpost.example.org';
const DRAIN_TIMEOUT_MS = 120_000;

interface SmsLoad {
  turnsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  turns: number;
}

/**
 * 50 connections, each a phone number walking the referral script, then a new number for the next pass; each request
 * freshly signed. Each step is its own autocannon request: autocannon clears a connection's context after the last
 * request of the list, so one pass through the list is one person's conversation (as in the turn bench).
 */
export async function loadWebhook(server: ChildServer, authToken: string, ours: string, numberBase: number, durationS: number): Promise<SmsLoad> {
  let next = 0;
  const url = `${PUBLIC_URL}/api/sms`;
  const result = await autocannon({
    url: `${server.baseUrl}/api/sms`,
    connections: CONNECTIONS,
    duration: durationS,
    ...benchRateLimit(),
    method: 'POST',
    requests: REFERRAL_SCRIPT.map((body) => ({
      setupRequest: (request: autocannon.Request, context: { from?: string }) => {
        context.from ??= `+447700${String(numberBase + next++).padStart(6, '0')}`;
        const fields = twilioFields({ From: context.from, To: ours, Body: body });
        return {
          ...request,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': getExpectedTwilioSignature(authToken, url, fields) },
          body: new URLSearchParams(fields).toString(),
        };
      },
    })),
  });
  return { turnsPerSec: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors: result.errors + result.non2xx, turns: result.requests.total };
}

/** Waits until Twilio has been asked for `count` messages in all and no more arrive (the outbox is empty). */
export async function drained(twilio: FakeTwilio): Promise<void> {
  const until = Date.now() + DRAIN_TIMEOUT_MS;
  let last = -1;
  let quietSince = Date.now();
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (twilio.messages.length !== last) {
      last = twilio.messages.length;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 500) return;
  }
  throw new Error('the SMS outbox did not drain');
}

/**
 * One complete self-referral by text, texted one message at a time (the script of test/channels/sms/smsScript.ts,
 * then "1" to send it): the texts and segments Signpost sent that number, the figure every referral is paid by.
 */
export async function segmentsPerReferral(server: ChildServer, twilio: FakeTwilio, authToken: string, ours: string): Promise<{ texts: number; segments: number }> {
  const from = '+447700899001';
  const url = `${PUBLIC_URL}/api/sms`;
  for (const body of [...SMS_REFERRAL_STEPS.map(([text]) => text), '1']) {
    const fields = twilioFields({ From: from, To: ours, Body: body });
    const response = await fetch(`${server.baseUrl}/api/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': getExpectedTwilioSignature(authToken, url, fields) },
      body: new URLSearchParams(fields).toString(),
    });
    if (response.status !== 200) throw new Error(`the SMS webhook answered ${response.status}`);
    await response.text();
    await drained(twilio);
  }
  const bodies = twilio.to(from).map((m) => m.body);
  return { texts: bodies.length, segments: bodies.reduce((sum, body) => sum + segmentCount(body).segments, 0) };
}

/** The twilio library's signature check on one Twilio-shaped webhook, per second. */
function signatureChecksPerSec(authToken: string): number {
  const fields = twilioFields({ From: '+447700900123', To: '+447700900999', Body: 'I feel lonely and I am behind on my rent' });
  const url = `${PUBLIC_URL}/api/sms`;
  const signature = getExpectedTwilioSignature(authToken, url, fields);
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < 1000) {
    for (let i = 0; i < 100; i++) if (validateRequest(authToken, signature, url, fields)) n++;
  }
  return n / ((performance.now() - started) / 1000);
}

export const smsBench: Bench = {
  name: 'sms',
  get description() {
    return `Signpost turns over the Twilio webhook (signed, replies sent to a fake Twilio), ${CONNECTIONS} numbers, ${benchSeconds()}s, beside /api/messages and the signature check alone`;
  },
  async run(): Promise<BenchFigure[]> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signpost-bench-sms-'));
    const twilio = await FakeTwilio.start();
    const env = twilio.env();
    const server = await startChildServer(projectPath('dist', 'src', 'index.js'), {
      PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SIGNPOST_DATA_DIR: dataDir, PUBLIC_URL,
      ...env, SMS_MAX_PER_MINUTE: '100000000', SMS_MAX_PER_NUMBER_PER_HOUR: '100000000',
    });
    try {
      const perReferral = await segmentsPerReferral(server, twilio, twilio.authToken, env.TWILIO_FROM);
      await loadWebhook(server, twilio.authToken, env.TWILIO_FROM, 900_000, 2); // warm-up
      await drained(twilio);
      await loadMessages(server.baseUrl, REFERRAL_SCRIPT, 2);
      const direct = await loadMessages(server.baseUrl, REFERRAL_SCRIPT);

      const sentBefore = twilio.messages.length;
      const started = performance.now();
      const sms = await loadWebhook(server, twilio.authToken, env.TWILIO_FROM, 0, benchSeconds());
      const loadEnded = performance.now();
      await drained(twilio);
      const allSent = performance.now() - 500; // drained() waits 500 ms of quiet
      const sent = twilio.messages.length - sentBefore;
      const withSends = sms.turns / ((allSent - started) / 1000);
      const checks = signatureChecksPerSec(twilio.authToken);
      const directBase = { label: '/api/messages turn', value: direct.turnsPerSec, unit: 'turns/s' };
      return [
        { key: 'smsSegmentsPerReferral', label: 'segments per completed SMS self-referral (target <= 20)', value: perReferral.segments, unit: 'segments' },
        { key: 'smsTextsPerReferral', label: 'texts per completed SMS self-referral', value: perReferral.texts, unit: 'texts' },
        { key: 'smsWebhookTurnsPerSec', label: 'SMS webhook turn (signed)', value: sms.turnsPerSec, unit: 'turns/s', baseline: directBase },
        { key: 'smsTurnsWithSendsPerSec', label: 'SMS turn incl. sends to Twilio', value: withSends, unit: 'turns/s', baseline: directBase },
        { key: 'smsSendsPerSec', label: 'texts sent to fake Twilio', value: sent / ((allSent - started) / 1000), unit: 'texts/s' },
        { key: 'smsDrainAfterLoadMs', label: 'outbox empty after load ended', value: Math.max(0, allSent - loadEnded), unit: 'ms' },
        { key: 'smsWebhookP50Ms', label: 'SMS webhook p50', value: sms.p50Ms, unit: 'ms', baseline: { label: '/api/messages p50', value: direct.p50Ms, unit: 'ms' } },
        { key: 'smsWebhookP99Ms', label: 'SMS webhook p99', value: sms.p99Ms, unit: 'ms', baseline: { label: '/api/messages p99', value: direct.p99Ms, unit: 'ms' } },
        { key: 'smsSignatureChecksPerSec', label: 'signature check alone (twilio validateRequest)', value: checks, unit: 'checks/s' },
        { key: 'smsErrors', label: 'SMS errors (non-2xx) + Twilio failures', value: sms.errors + twilio.requests.filter((r) => r.status >= 400).length, unit: 'count' },
      ];
    } finally {
      await server.stop();
      await twilio.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
