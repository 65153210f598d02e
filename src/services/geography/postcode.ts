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

/** A whole postcode inside a sentence ("my postcode is s6 3bs"). */
const FULL_IN_TEXT = /\b([a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2})\b/i;
/** A postcode district where a sentence says where someone is ("im in S6", "in sheffield S6", "near bs16"). */
const DISTRICT_AFTER_PLACE_WORD = /\b(?:in|near|around|at|from)\s+(?:[a-z]+\s+)?([a-z]{1,2}\d[a-z\d]?)\b/i;

/**
 * The postcode district a sentence gives, if it gives one plainly: a whole postcode anywhere, or a district after a
 * word that says where (so "B12 injections" or "the M1" are not places). Whether the place is known is the caller's.
 */
export function districtInText(text: string): string | undefined {
  const full = FULL_IN_TEXT.exec(text);
  if (full) return postcodeDistrict(full[1]);
  const district = DISTRICT_AFTER_PLACE_WORD.exec(text);
  return district ? postcodeDistrict(district[1]) : undefined;
}
