/**
 * Posting incoming texts to Signpost as Twilio does: form-encoded fields signed with the real twilio library's
 * getExpectedTwilioSignature over PUBLIC_URL + path. Reused by every test that texts Signpost.
 */
import { randomBytes } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

export function newMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

export interface IncomingText {
  From: string;
  To: string;
  Body: string;
  MessageSid?: string;
  /** Extra fields Twilio sends (they are signed too). */
  [field: string]: string | undefined;
}

export interface PostOptions {
  /** Where the server really listens (http://127.0.0.1:port). */
  baseUrl: string;
  /** The server's PUBLIC_URL: what Twilio signs. */
  publicUrl: string;
  authToken: string;
  /** Override the signature (a bad one), or null to send none. */
  signature?: string | null;
  path?: string;
}

/** The fields Twilio posts for a text, filled in around what the test gives. */
export function twilioFields(text: IncomingText): Record<string, string> {
  const sid = text.MessageSid ?? newMessageSid();
  const fields: Record<string, string | undefined> = {
    ToCountry: 'GB', ToState: '', SmsMessageSid: sid, NumMedia: '0', ToCity: '', FromZip: '', SmsSid: sid, FromState: '',
    SmsStatus: 'received', FromCity: '', FromCountry: 'GB', ToZip: '', NumSegments: '1', ReferralNumMedia: '0',
    AccountSid: 'AC00000000000000000000000000000001', ApiVersion: '2010-04-01', ...text, MessageSid: sid,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Posts a signed incoming text; resolves with the response and the MessageSid used. */
export async function postIncomingText(text: IncomingText, options: PostOptions): Promise<{ response: Response; messageSid: string }> {
  const path = options.path ?? '/api/sms';
  const fields = twilioFields(text);
  const signature = options.signature === undefined ? getExpectedTwilioSignature(options.authToken, `${options.publicUrl}${path}`, fields) : options.signature;
  const response = await fetch(`${options.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
    body: new URLSearchParams(fields).toString(),
  });
  return { response, messageSid: fields.MessageSid };
}
