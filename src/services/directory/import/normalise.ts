/** Cleaning the values directories hold: text with HTML, phone numbers, web addresses, emails, postcodes, ages. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { parsePostcode } from '../../geography/postcode';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '-', mdash: '-', rsquo: "'", lsquo: "'", ldquo: '"', rdquo: '"', hellip: '...', pound: '£' };

/** Plain text from text or HTML: tags dropped, entities decoded, paragraphs kept as single new lines. */
export function cleanText(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  return String(value)
    .replace(/<\s*(br|\/p|\/div|\/li|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) => {
      if (code[0] === '#') {
        const n = code[1].toLowerCase() === 'x' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
        return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : whole;
      }
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** One line of text (new lines become spaces). */
export function cleanLine(value: unknown): string {
  return cleanText(value).replace(/\n/g, ' ');
}

export type Normalised<T> = { value?: T; warning?: string };

/**
 * The first valid UK phone number in a field ("0114 321 0733", "07706 285280 / 07754 254462"), in national format.
 * Extensions and notes are dropped.
 */
export function normalisePhone(raw: string): Normalised<string> {
  const text = raw.trim();
  if (text === '') return {};
  for (const part of text.split(/\s*(?:\/|,|;|\n|\bor\b)\s*/i)) {
    const number = part.replace(/\b(ext|extension|x)\.?\s*\d+$/i, '').trim();
    if (!/\d{3}/.test(number)) continue;
    const parsed = parsePhoneNumberFromString(number, 'GB');
    if (parsed?.isValid() && parsed.country === 'GB') return { value: parsed.formatNational() };
  }
  return { warning: 'phone number not understood, left out' };
}

/** An http(s) address; "www.example.org" gets https://. */
export function normaliseUrl(raw: string): Normalised<string> {
  const text = raw.trim();
  if (text === '') return {};
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.') && !/\s/.test(text)) return { value: url.href };
  } catch {
    // fall through
  }
  return { warning: 'web address not understood, left out' };
}

const EMAIL = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/;

/** The first email address in a field ("a@x.org / b@y.org"). */
export function normaliseEmail(raw: string): Normalised<string> {
  const text = raw.trim();
  if (text === '') return {};
  const found = text.split(/[\s/,;]+/).find((part) => EMAIL.test(part));
  return found ? { value: found.toLowerCase() } : { warning: 'email address not understood, left out' };
}

/** "S63BS" -> "S6 3BS"; a district stays a district. */
export function normalisePostcode(raw: string): Normalised<string> {
  if (raw.trim() === '') return {};
  const parsed = parsePostcode(raw);
  if (!parsed.ok) return { warning: 'postcode not understood, left out' };
  return { value: parsed.kind === 'full' ? parsed.postcode : parsed.district };
}

/** Whole years 0-120 from a number or numeric text; undefined otherwise. */
export function parseAge(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isInteger(n) && n >= 0 && n <= 120 ? n : undefined;
}

/** "1", "1.0", "yes", "true", "y" -> true; "0", "no", "false", "n" -> false; anything else undefined. */
export function parseYesNo(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = String(value ?? '').trim().toLowerCase();
  if (['1', '1.0', 'yes', 'y', 'true'].includes(text)) return true;
  if (['0', '0.0', 'no', 'n', 'false'].includes(text)) return false;
  return undefined;
}

/** Within the UK and nearby islands (and not the 0, 0 that means "none"). */
export function isUkPoint(latitude: number | undefined, longitude: number | undefined): boolean {
  return typeof latitude === 'number' && typeof longitude === 'number' && latitude >= 49 && latitude <= 61.5 && longitude >= -9 && longitude <= 2.5;
}

export function toNumber(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isFinite(n) ? n : undefined;
}
