/**
 * GSM-7, the character set of a plain text message. One character outside it (a curly quote, an en dash, an emoji)
 * turns the whole message into UCS-2: 70 characters a segment instead of 160. Directory data is full of them.
 */
const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENDED = '^{}\\[~]|€\f';
const basic = new Set(BASIC);
const extended = new Set(EXTENDED);

const LOOKALIKES: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'", '`': "'", '\u00b4': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u2033': '"', '\u00ab': '"', '\u00bb': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...', '\u00a0': ' ', '\u2022': '-', '\u00b7': '-', '\t': ' ',
};

/** Text using only GSM-7 characters: look-alikes swapped in, accents dropped where GSM-7 lacks them, the rest left out. */
export function toGsm7(text: string): string {
  let out = '';
  for (const ch of text) {
    if (basic.has(ch) || extended.has(ch)) out += ch;
    else if (LOOKALIKES[ch] !== undefined) out += LOOKALIKES[ch];
    else {
      const plain = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      if (plain !== ch && [...plain].every((c) => basic.has(c))) out += plain;
    }
  }
  return out.replace(/ {2,}/g, ' ');
}

export function isGsm7(text: string): boolean {
  return [...text].every((ch) => basic.has(ch) || extended.has(ch));
}

/** Length in GSM-7 septets (extended characters count twice). */
export function gsm7Length(text: string): number {
  let n = 0;
  for (const ch of text) n += extended.has(ch) ? 2 : 1;
  return n;
}

/** One SMS segment. */
export const SMS_SEGMENT = 160;
