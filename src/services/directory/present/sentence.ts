/** Words as the start of a sentence, and as a whole sentence: the one way services' reasons and details are written. */

/** "by phone" → "By phone". */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * "helps with food" → "Helps with food." (a full stop only where it has none: not after one inside closing quotes or
 * brackets, as in `only for some people: "You must have a food voucher."`).
 */
export function asSentence(text: string): string {
  const t = text.trim();
  return t === '' ? t : `${capitalise(t)}${/[.!?]["')\]]*$/.test(t) ? '' : '.'}`;
}
