/** Email addresses as people type them (phone numbers: ukPhone.ts). */
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
