/**
 * How replies are compared with the words a prompt understands: lower case, curly quotes made straight, spaces
 * collapsed, and the punctuation people add at the end ("yes!", "skip.") dropped.
 */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201B\u2032`]/g, "'")
    .replace(/[\u201C\u201D\u2033]/g, '"')
    .toLowerCase()
    .replace(/[\s\u00A0]+/g, ' ')
    .replace(/^[\s"'.,!?]+|[\s"'.,!?;:)]+$/g, '')
    .trim();
}

/** The words of a reply, without punctuation (letters and digits of any script are kept). */
export function words(text: string): string[] {
  return normalise(text)
    .replace(/[^\p{L}\p{M}\p{N}'@.+-]+/gu, ' ')
    .split(' ')
    .filter(Boolean);
}

/** True when the reply has no letters or digits at all (only emoji, punctuation or spaces). */
export function hasNoWords(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}
