import type { Delivery } from '../DirectoryService';

/** Delivery modes named in free text: "Venue", "Online", "Telephone", "in person or by video call". */
export function deliveryFromText(value: string | undefined): Delivery[] {
  if (!value) return [];
  const found = new Set<Delivery>();
  if (/\b(online|virtual|web|website|video|zoom|teams|internet|remote(ly)?)\b/i.test(value)) found.add('online');
  if (/\b(phone|telephone|helpline|call)\b/i.test(value)) found.add('phone');
  if (/\b(venue|in[- ]person|face[- ]to[- ]face|drop[- ]in|visit|home visit|outreach|building|centre|center)\b/i.test(value)) found.add('in-person');
  return [...found];
}

/** Coverage named in a service area: "National", "UK wide", "England and Wales"... national means anywhere in the UK. */
export function isNationalArea(value: string | undefined): boolean {
  return value !== undefined && /\b(national|nationwide|united kingdom|uk[- ]wide|the uk|all of the uk|great britain)\b/i.test(value);
}
