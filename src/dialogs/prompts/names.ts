/**
 * Preferred names: letters of any script, spaces, hyphens, apostrophes and full stops, up to 50 characters, with
 * "my name is" and "call me" taken off the front.
 */
const LEAD_INS = /^(hi|hello|hey)?[\s,]*(my name is|my name's|my names|name is|i am called|i'm called|im called|call me|it's|its|it is|i am|i'm|im)\s+/i;
const NAME = /^[\p{L}\p{M}][\p{L}\p{M}' .-]*$/u;
export const MAX_NAME_LENGTH = 50;

export function parseName(text: string): string | undefined {
  const name = text.trim().replace(/\u2019/g, "'").replace(LEAD_INS, '').replace(/[.!]+$/, '').replace(/\s+/g, ' ').trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return undefined;
  if (!NAME.test(name) || name.split(' ').length > 5) return undefined;
  return name;
}
