/** An incoming text as Twilio posts it (form fields), checked and reduced to what Signpost uses. */

export interface InboundSms {
  messageSid: string;
  /** E.164 sender. */
  from: string;
  /** E.164 number (or messaging service number) it was sent to. */
  to: string;
  body: string;
  /** True when the body was cut to MAX_INBOUND_BODY_CHARS. */
  truncated: boolean;
  media: { url: string; contentType?: string }[];
  /** Segments Twilio says the text arrived in. */
  numSegments?: number;
}

/** Twilio joins a long text into at most 1,600 characters; anything longer is cut there. */
export const MAX_INBOUND_BODY_CHARS = 1600;
const MAX_MEDIA = 10;
const E164 = /^\+[1-9]\d{6,14}$/;
const SID = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

export type Params = Record<string, string | string[]>;

/** The form fields of a raw application/x-www-form-urlencoded body, exactly as sent (every field, repeated ones as arrays). */
export function formParams(rawBody: unknown): Params {
  // No prototype: a field named "constructor" or "toString" is a field like any other, not Object's own.
  const params = Object.create(null) as Params;
  if (typeof rawBody !== 'string' && !Buffer.isBuffer(rawBody)) return params;
  for (const [key, value] of new URLSearchParams(rawBody.toString())) {
    const existing = params[key];
    params[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return params;
}

function field(params: Params, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The incoming text, or a short reason it is not one Signpost can answer. */
export function parseInbound(params: Params): InboundSms | { problem: string } {
  const messageSid = field(params, 'MessageSid') ?? field(params, 'SmsSid');
  const from = field(params, 'From');
  const to = field(params, 'To');
  if (!messageSid || !SID.test(messageSid)) return { problem: 'MessageSid is missing or malformed' };
  if (!from || !E164.test(from)) return { problem: 'From is not an E.164 phone number' };
  if (!to) return { problem: 'To is missing' };
  const rawBody = field(params, 'Body') ?? '';
  const numMedia = Math.min(MAX_MEDIA, Number.parseInt(field(params, 'NumMedia') ?? '0', 10) || 0);
  const media = Array.from({ length: numMedia }, (_, i) => ({ url: field(params, `MediaUrl${i}`) ?? '', contentType: field(params, `MediaContentType${i}`) })).filter((m) => m.url);
  const numSegments = Number.parseInt(field(params, 'NumSegments') ?? '', 10);
  return {
    messageSid,
    from,
    to,
    body: [...rawBody].slice(0, MAX_INBOUND_BODY_CHARS).join(''),
    truncated: [...rawBody].length > MAX_INBOUND_BODY_CHARS,
    media,
    ...(Number.isFinite(numSegments) ? { numSegments } : {}),
  };
}
