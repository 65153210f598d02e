/**
 * The local SMS simulator's client (`signpost sms <from> <text>`): posts a text to the running server's webhook at
 * PUBLIC_URL + /api/sms, signed exactly as Twilio signs (with the simulator's token, derived from the app secret),
 * then reads back the texts that answered it through the signed simulator route. Only without Twilio credentials:
 * with them, texts go through Twilio and this would text a real phone.
 */
import { randomBytes } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import type { Config } from '../../config';
import { toE164 } from './identity';
import { SMS_SIMULATOR_REPLIES_PATH, SMS_SIMULATOR_TEXTS_PATH, SMS_WEBHOOK_PATH } from './routes';
import { SIGNATURE_HEADER, simulatorAuthToken } from './signature';
import { SIMULATOR_NUMBER, smsMode } from './mode';

export interface SimulatedReply {
  id: string;
  /** Sending order across all texts. */
  seq: number;
  body: string;
  segments: number;
  encoding: 'GSM-7' | 'UCS-2';
  status: string;
  delivery?: string;
}

export interface SimulatedExchange {
  messageSid: string;
  replies: SimulatedReply[];
  /** Texts sent to the number after its own and its replies, within the wait (a link worker's reply, say). */
  later: SimulatedReply[];
}

export interface TextOptions {
  /** How long to keep listening for later texts after the replies, in ms (0: not at all). */
  waitMs?: number;
  /** Told of the replies as soon as they are read, before any wait. */
  onReplies?: (replies: SimulatedReply[]) => void;
  /** Told of each later text as it arrives. */
  onLater?: (text: SimulatedReply) => void;
  /** How often to ask for later texts (ms). */
  pollMs?: number;
}

export class SimulatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorError';
  }
}

/**
 * Texts the local server as `from` and resolves with its replies, then (for `waitMs`) with the texts sent to that
 * number later: what a link worker sends, or the text when they hand back.
 */
export async function textLocalServer(config: Config, secret: string, from: string, text: string, options: TextOptions = {}): Promise<SimulatedExchange> {
  const mode = smsMode(config);
  if (mode === 'twilio') throw new SimulatorError('TWILIO_ACCOUNT_SID is set, so texts go through Twilio: `signpost sms` is the local simulator for use without Twilio. Unset the TWILIO_* variables to use it.');
  if (mode === 'off') throw new SimulatorError('NODE_ENV=production without Twilio: SMS is off, and the simulator with it.');
  const phone = toE164(from);
  const token = simulatorAuthToken(secret);
  const messageSid = `SM${randomBytes(16).toString('hex')}`;
  // Where this number's texts stand before this one: later texts are those after it.
  const { latest: before } = await textsAfter(config, token, phone, -1);
  const fields: Record<string, string> = {
    MessageSid: messageSid, SmsMessageSid: messageSid, SmsSid: messageSid, AccountSid: 'ACsimulator', From: phone, To: SIMULATOR_NUMBER, Body: text,
    NumMedia: '0', NumSegments: '1', SmsStatus: 'received', ApiVersion: '2010-04-01',
  };
  const webhook = `${config.publicUrl}${SMS_WEBHOOK_PATH}`;
  const posted = await reach(webhook, config, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', [SIGNATURE_HEADER]: getExpectedTwilioSignature(token, webhook, fields) },
    body: new URLSearchParams(fields).toString(),
  });
  if (posted.status === 403) throw new SimulatorError(`The server at ${config.publicUrl} refused the signature: run \`signpost sms\` with the same SIGNPOST_SECRET (or SIGNPOST_DATA_DIR) as the server.`);
  if (posted.status !== 200) throw new SimulatorError(`The server answered ${posted.status}: ${await posted.text()}`);
  const repliesUrl = `${config.publicUrl}${SMS_SIMULATOR_REPLIES_PATH}?sid=${messageSid}`;
  const read = await reach(repliesUrl, config, { headers: { [SIGNATURE_HEADER]: getExpectedTwilioSignature(token, repliesUrl, {}) } });
  if (read.status !== 200) throw new SimulatorError(`Reading the replies failed with ${read.status}: ${await read.text()}`);
  const body = (await read.json()) as { replies: SimulatedReply[] };
  options.onReplies?.(body.replies);
  const later: SimulatedReply[] = [];
  const seen = new Set(body.replies.map((r) => r.id));
  let after = before;
  const until = Date.now() + (options.waitMs ?? 0);
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 250, Math.max(0, until - Date.now()))));
    const next = await textsAfter(config, token, phone, after);
    after = next.latest;
    for (const t of next.texts) {
      if (seen.has(t.id)) continue;
      seen.add(t.id);
      later.push(t);
      options.onLater?.(t);
    }
  }
  return { messageSid, replies: body.replies, later };
}

/** The number's texts after `after` (settled ones only), and where to ask from next. */
async function textsAfter(config: Config, token: string, phone: string, after: number): Promise<{ texts: SimulatedReply[]; latest: number }> {
  const url = `${config.publicUrl}${SMS_SIMULATOR_TEXTS_PATH}?to=${encodeURIComponent(phone)}&after=${after}`;
  const read = await reach(url, config, { headers: { [SIGNATURE_HEADER]: getExpectedTwilioSignature(token, url, {}) } });
  if (read.status === 403) throw new SimulatorError(`The server at ${config.publicUrl} refused the signature: run \`signpost sms\` with the same SIGNPOST_SECRET (or SIGNPOST_DATA_DIR) as the server.`);
  if (read.status !== 200) throw new SimulatorError(`Reading the texts to ${phone.slice(0, 3)}... failed with ${read.status}`);
  return (await read.json()) as { texts: SimulatedReply[]; latest: number };
}

async function reach(url: string, config: Config, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new SimulatorError(`No Signpost server answered at ${config.publicUrl} (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}). Start it with \`npm start\`, or set PUBLIC_URL to where it runs.`);
  }
}
