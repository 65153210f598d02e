/**
 * The GSM 03.38 alphabet (GSM-7) that SMS uses by default. One character outside it makes the whole message UCS-2,
 * which fits 70 characters instead of 160 and so costs more than double: every outgoing text goes through toGsm7.
 */

/** The basic character set: each costs one septet. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs two septets (an escape, then the character). */
const EXTENSION = '\f^{}\\[~]|€';

const BASIC_SET = new Set(BASIC);
const EXTENSION_SET = new Set(EXTENSION);

export const SEGMENT_SEPTETS = 160;
export const CONCATENATED_SEGMENT_SEPTETS = 153;
export const UCS2_SEGMENT_CHARS = 70;
export const UCS2_CONCATENATED_SEGMENT_CHARS = 67;

/** Characters people and word processors use that have a plain GSM-7 equivalent. */
const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u02BC': "'", '`': "'", '\u00B4': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\u00AD': '',
  '\u2026': '...', '\u2022': '-', '\u00B7': '-', '\u2023': '-', '\u25CF': '-', '\u25E6': '-',
  '\u00A0': ' ', '\u2002': ' ', '\u2003': ' ', '\u2009': ' ', '\u202F': ' ', '\u2007': ' ', '\t': ' ',
  '\u200B': '', '\u200C': '', '\u200D': '', '\u2060': '', '\uFEFF': '',
  '\u00D7': 'x', '\u00F7': '/', '\u2192': '->', '\u2190': '<-', '\u2264': '<=', '\u2265': '>=', '\u2260': '!=',
  '\u00A9': '(c)', '\u00AE': '(R)', '\u2122': 'TM', '\u00BD': '1/2', '\u00BC': '1/4', '\u00BE': '3/4', '\u00B0': ' degrees',
  '\u0153': 'oe', '\u0152': 'OE', '\u00F0': 'd', '\u00DE': 'Th', '\u00FE': 'th', '\u0141': 'L', '\u0142': 'l', '\u0110': 'D', '\u0111': 'd', '\u0131': 'i',
  '\u2028': '\n', '\u2029': '\n', '\u0085': '\n',
};

/** Pictographs, emoji modifiers, variation selectors and joiners: dropped (they have no text equivalent). */
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\p{Variation_Selector}|[\u{E0020}-\u{E007F}]|\u20E3/gu;

export function isGsm7Char(char: string): boolean {
  return BASIC_SET.has(char) || EXTENSION_SET.has(char);
}

/** True when every character of text is in the GSM-7 alphabet (basic or extension). */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!isGsm7Char(char)) return false;
  return true;
}

/** Septets the text costs in GSM-7 (extension characters count two). */
export function septets(text: string): number {
  let count = 0;
  for (const char of text) count += EXTENSION_SET.has(char) ? 2 : 1;
  return count;
}

/**
 * The text with every character outside GSM-7 replaced: curly quotes, dashes, ellipses and spaces by their plain
 * forms, accented letters by the letter without the accent, emoji dropped, anything else by "?".
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC').replace(EMOJI, '')) {
    if (isGsm7Char(char)) out += char;
    else if (char in REPLACEMENTS) out += REPLACEMENTS[char];
    else out += withoutAccent(char);
  }
  // Dropped emoji leave doubled or trailing spaces behind.
  return out.replace(/ {2,}/g, ' ').replace(/ +\n/g, '\n').replace(/\n +/g, '\n').trim();
}

function withoutAccent(char: string): string {
  const base = char.normalize('NFD').replace(/\p{M}/gu, '');
  if (base.length > 0 && isGsm7(base)) return base;
  if (/\p{Z}/u.test(char)) return ' ';
  if (/\p{Cc}|\p{Cf}/u.test(char)) return '';
  return '?';
}

/** How many SMS segments a text takes, and in which encoding. */
export function segmentCount(text: string): { segments: number; encoding: 'GSM-7' | 'UCS-2' } {
  if (isGsm7(text)) {
    const n = septets(text);
    return { segments: n <= SEGMENT_SEPTETS ? 1 : Math.ceil(n / CONCATENATED_SEGMENT_SEPTETS), encoding: 'GSM-7' };
  }
  // UCS-2 counts UTF-16 code units.
  const n = text.length;
  return { segments: n <= UCS2_SEGMENT_CHARS ? 1 : Math.ceil(n / UCS2_CONCATENATED_SEGMENT_CHARS), encoding: 'UCS-2' };
}
