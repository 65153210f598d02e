/** How to reach a service, for people and for buttons. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { DirectoryService } from '../DirectoryService';

/** "tel:+441143210733" for a call button, or undefined. */
export function telUri(phone: string | undefined): string | undefined {
  if (!phone) return undefined;
  const parsed = parsePhoneNumberFromString(phone, 'GB');
  return parsed?.isValid() ? parsed.getURI() : undefined;
}

/** "sheffields6.foodbank.org.uk" from "https://sheffields6.foodbank.org.uk/": short enough for a text message. */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/$/, '');
}

/** The best single way to get in touch, for a compact line: phone, else website, else email. */
export function primaryContact(service: DirectoryService): string | undefined {
  return service.phone ?? (service.url ? shortUrl(service.url) : undefined) ?? service.email;
}

/** The address of the service's first location, for people. */
export function firstAddress(service: DirectoryService): string | undefined {
  const location = service.locations[0];
  if (!location) return undefined;
  const parts = [location.name, location.address, location.postcode].filter((p): p is string => Boolean(p));
  // Drop a part already inside another ("66 Cross Bedford Street Sheffield" vs "Sheffield").
  return parts.filter((p, i) => !parts.some((q, j) => j !== i && q.length > p.length && q.includes(p))).join(', ') || undefined;
}
