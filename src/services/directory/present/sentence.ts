/** Words as the start of a sentence, and as a whole sentence: the one way services' reasons and details are written. */

/** "by phone" → "By phone". */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "helps with food" → "Helps with food." (a full stop only where it has none). */
export function asSentence(text: string): string {
  const t = text.trim();
  return t === '' ? t : `${capitalise(t)}${/[.!?]$/.test(t) ? '' : '.'}`;
}
