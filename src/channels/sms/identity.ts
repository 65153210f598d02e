/**
 * Who is texting: a phone number is one conversation, and its conversation id is derived from the number with an
 * HMAC keyed by the app secret, so ids in logs, state and references never show the number.
 */
import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { CHANNEL_IDS } from '../../services/channelIds';

export const SMS_CHANNEL_ID = CHANNEL_IDS.sms;

export class InvalidPhoneNumberError extends Error {
  constructor() {
    super('Not a phone number that can get texts (expected E.164 such as +447700900123, or a UK number).');
    this.name = 'InvalidPhoneNumberError';
  }
}

/** The conversation id of a number: "sms-" and 32 hex characters of HMAC-SHA256(secret, number). */
export function smsConversationId(secret: string, phone: string): string {
  return `sms-${createHmac('sha256', secret).update(`sms-conversation:${phone}`).digest('hex').slice(0, 32)}`;
}

/** A number as E.164 ("07700 900123" and "+44 7700 900123" both become "+447700900123"); throws when it is not one. */
export function toE164(number: string): string {
  const parsed = parsePhoneNumberFromString(number.trim(), 'GB');
  if (!parsed || !parsed.isPossible()) throw new InvalidPhoneNumberError();
  return parsed.number;
}

/** The people and conversation on every SMS activity and reference: the number's conversation, its person, and us. */
export function smsParties(conversationId: string, botId: string) {
  return {
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    user: { id: conversationId, name: '', role: 'user' },
    bot: { id: botId, name: 'Signpost', role: 'bot' },
  };
}
