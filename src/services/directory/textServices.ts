/** "Text me these": a UK mobile number read from what a person typed, and the services sent to it as texts. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { TextMessageSender } from '../sms/TextMessageSender';

/**
 * E.164 of a UK mobile ("07911 123456", "+44 7911 123456"), or undefined. Any +44 mobile counts: the Channel Islands
 * and the Isle of Man share UK numbering (07911 12xxxx is a Guernsey range).
 */
export function parseUkMobile(input: string): string | undefined {
  const text = input.trim();
  if (!/\d{6}/.test(text.replace(/[\s()-]/g, ''))) return undefined;
  const parsed = parsePhoneNumberFromString(text, 'GB');
  if (!parsed || !parsed.isValid() || parsed.countryCallingCode !== '44' || parsed.getType() !== 'MOBILE') return undefined;
  return parsed.number;
}

/** The last three digits, to confirm a number without repeating it ("ending 456"). */
export function numberEnding(e164: string): string {
  return e164.slice(-3);
}

export type SendOutcome = 'sent' | 'opted-out';

/** Sends each message in turn; stops at the first the sender refuses (the number has opted out). */
export async function sendTexts(sender: TextMessageSender, to: string, messages: string[], conversationId?: string): Promise<SendOutcome> {
  for (const body of messages) {
    if (!(await sender.send(to, body, { conversationId }))) return 'opted-out';
  }
  return 'sent';
}
