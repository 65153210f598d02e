/**
 * UK phone numbers as people type them, read with libphonenumber-js's full metadata (the default "min" metadata
 * cannot tell the type of some UK ranges, such as Isle of Man mobiles) and stored as E.164. The one place Signpost
 * decides what is a UK mobile (it can be texted) and what is a UK phone a link worker can ring.
 */
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';

/**
 * Ofcom keeps 07700 900000 to 07700 900999 for drama and examples: never given to a real phone, so safe in tests,
 * training and demonstrations. libphonenumber-js calls them invalid; Signpost accepts them as mobiles.
 */
const EXAMPLE_MOBILES = /^\+447700900\d{3}$/;

/** Types a link worker can ring besides mobiles. */
const RINGABLE = new Set(['FIXED_LINE', 'FIXED_LINE_OR_MOBILE', 'VOIP', 'PERSONAL_NUMBER', 'UAN']);

function parseUk(text: string): PhoneNumber | undefined {
  const cleaned = text.trim().replace(/^(my number is|it'?s|it is|number is|mobile is|phone is)\s*:?\s*/i, '');
  if (!/^[+\d(][\d\s().-]{5,20}$/.test(cleaned)) return undefined;
  const parsed = parsePhoneNumberFromString(cleaned, 'GB');
  if (!parsed || parsed.countryCallingCode !== '44') return undefined;
  return parsed;
}

/**
 * A UK mobile number as E.164 (+447911123456), or undefined. Any +44 mobile counts: the Channel Islands and the
 * Isle of Man share UK numbering.
 */
export function parseUkMobile(text: string): string | undefined {
  const parsed = parseUk(text);
  if (!parsed) return undefined;
  if (EXAMPLE_MOBILES.test(parsed.number)) return parsed.number;
  return parsed.isValid() && parsed.getType() === 'MOBILE' ? parsed.number : undefined;
}

/** Whether a stored number (E.164) is a UK mobile that can be texted. */
export function isUkMobile(e164: string): boolean {
  return parseUkMobile(e164) === e164;
}

/** A UK phone number a link worker can ring (landline or mobile) as E.164, or undefined. */
export function parseUkPhone(text: string): string | undefined {
  const mobile = parseUkMobile(text);
  if (mobile) return mobile;
  const parsed = parseUk(text);
  if (!parsed || !parsed.isValid()) return undefined;
  const type = parsed.getType();
  return type && RINGABLE.has(type) ? parsed.number : undefined;
}

/** How a number is written in the UK: "07700 900123". */
export function nationalFormat(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}

/** The last three digits, to confirm a number without repeating it ("ending 456"). */
export function numberEnding(e164: string): string {
  return e164.slice(-3);
}
