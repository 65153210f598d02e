/**
 * How a link worker may reach someone: UK phone numbers (libphonenumber-js, stored as E.164) and email addresses.
 */
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js';

/**
 * Ofcom keeps 07700 900000 to 07700 900999 for drama and examples: never given to a real phone, so safe in tests,
 * training and demonstrations. libphonenumber-js calls them invalid; Signpost accepts them as mobiles.
 */
const EXAMPLE_MOBILES = /^\+447700900\d{3}$/;

function parseUk(text: string): PhoneNumber | undefined {
  const cleaned = text.trim().replace(/^(my number is|it'?s|it is|number is|mobile is|phone is)\s*:?\s*/i, '');
  if (!/^[+\d][\d\s().-]{5,20}$/.test(cleaned)) return undefined;
  const parsed = parsePhoneNumberFromString(cleaned, 'GB');
  if (!parsed || parsed.countryCallingCode !== '44') return undefined;
  return parsed;
}

/** A UK mobile number as E.164 (+447700900123), or undefined. */
export function parseMobile(text: string): string | undefined {
  const parsed = parseUk(text);
  if (!parsed) return undefined;
  if (EXAMPLE_MOBILES.test(parsed.number)) return parsed.number;
  return parsed.isValid() && parsed.getType() === 'MOBILE' ? parsed.number : undefined;
}

/** A UK phone number a link worker can ring (landline or mobile) as E.164, or undefined. */
export function parsePhone(text: string): string | undefined {
  const mobile = parseMobile(text);
  if (mobile) return mobile;
  const parsed = parseUk(text);
  if (!parsed || !parsed.isValid()) return undefined;
  const type = parsed.getType();
  return type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE' || type === 'VOIP' || type === 'PERSONAL_NUMBER' || type === 'UAN' ? parsed.number : undefined;
}

/** How a number is written in the UK: "07700 900123". */
export function nationalFormat(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}

// One @, a dot in the domain, no spaces; the usual practical check (RFC 5322 allows far more than anyone types).
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** An email address, trimmed and with the domain in lower case, or undefined. */
export function parseEmail(text: string): string | undefined {
  const cleaned = text.trim().replace(/^(my email is|it'?s|it is|email is)\s*:?\s*/i, '').replace(/[.,;]+$/, '');
  if (cleaned.length > 254 || !EMAIL.test(cleaned) || cleaned.includes('..')) return undefined;
  const at = cleaned.lastIndexOf('@');
  const domain = cleaned.slice(at + 1).toLowerCase();
  if (!/\.[a-z]{2,}$/.test(domain)) return undefined;
  return `${cleaned.slice(0, at)}@${domain}`;
}
