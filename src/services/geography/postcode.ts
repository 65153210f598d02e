/**
 * UK postcodes as people type them: "bs16 1qy", "BS161QY", "BS16". Full postcodes reduce to their district (the
 * outward code), which is all Signpost needs to work out distances.
 */

export type ParsedPostcode =
  | { ok: true; kind: 'full'; postcode: string; district: string }
  | { ok: true; kind: 'district'; district: string }
  | { ok: false; reason: 'empty' | 'malformed' };

// Outward code: A9, A99, AA9, AA99, A9A, AA9A. Inward code: 9AA (the last letters never use C I K M O V).
const OUTWARD = '[A-Z]{1,2}[0-9][A-Z0-9]?';
const INWARD = '[0-9][ABD-HJLNP-UW-Z]{2}';
const FULL = new RegExp(`^(${OUTWARD})(${INWARD})$`);
const DISTRICT_ONLY = new RegExp(`^${OUTWARD}$`);

/** Reads a postcode or district; spaces and case do not matter. */
export function parsePostcode(input: string): ParsedPostcode {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact === '') return { ok: false, reason: 'empty' };
  const full = FULL.exec(compact);
  if (full) return { ok: true, kind: 'full', postcode: `${full[1]} ${full[2]}`, district: full[1] };
  if (DISTRICT_ONLY.test(compact)) return { ok: true, kind: 'district', district: compact };
  return { ok: false, reason: 'malformed' };
}

/** The district of a postcode or district, or undefined when it is not one. */
export function postcodeDistrict(input: string): string | undefined {
  const parsed = parsePostcode(input);
  return parsed.ok ? parsed.district : undefined;
}
