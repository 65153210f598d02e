/**
 * A plain CSV directory, one service per row. Column names are matched loosely (case, spaces and common alternatives:
 * "website" for url, "lat"/"long" for latitude/longitude, "category" for taxonomy). See README "Directory".
 */
import { say } from '../../content/messages';
import type { Delivery } from '../DirectoryService';
import { parseOpeningText } from '../matching/openingTimes';
import { deliveryFromText } from './delivery';
import { parseAge, parseYesNo, toNumber } from './normalise';
import { emptyDraft, type ServiceDraft } from './serviceDraft';
import type { TaxonomyMap, TermRef } from './taxonomyMap';

/** Our column -> the names it may have in a file (after lower-casing and turning spaces into _). */
export const CSV_COLUMNS = {
  id: ['id', 'service_id', 'ref', 'reference'],
  name: ['name', 'service_name', 'service'],
  organisation: ['organisation', 'organization', 'organisation_name', 'organization_name', 'provider'],
  description: ['description', 'summary', 'about'],
  needs: ['needs', 'need_ids'],
  taxonomy: ['taxonomy', 'taxonomy_terms', 'category', 'categories', 'service_type', 'service_types'],
  url: ['url', 'website', 'web', 'web_address'],
  email: ['email', 'e_mail', 'email_address'],
  phone: ['phone', 'telephone', 'phone_number', 'tel'],
  address: ['address', 'address_1', 'street_address'],
  postcode: ['postcode', 'post_code', 'postal_code'],
  latitude: ['latitude', 'lat'],
  longitude: ['longitude', 'long', 'lng', 'lon'],
  delivery: ['delivery', 'attending_type'],
  coverage: ['coverage'],
  opening: ['opening', 'opening_times', 'opening_hours', 'hours'],
  min_age: ['min_age', 'minimum_age', 'age_from'],
  max_age: ['max_age', 'maximum_age', 'age_to'],
  eligibility: ['eligibility', 'who_for', 'who_it_is_for'],
  free: ['free', 'is_free'],
  fees: ['fees', 'cost', 'costs'],
  how_to_access: ['how_to_access', 'access'],
  referral_required: ['referral_required', 'needs_referral'],
  referral: ['referral', 'referral_rules', 'how_to_refer', 'referrals'],
  notes: ['notes', 'info', 'additional_info', 'other_information', 'more_information'],
  languages: ['languages', 'language'],
  accessibility: ['accessibility', 'accessible', 'disabled_access'],
  nations: ['nations', 'nations_served'],
  status: ['status'],
} as const;

export type CsvColumn = keyof typeof CSV_COLUMNS;

const headerKey = (header: string): string => header.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
const aliasToColumn = new Map<string, CsvColumn>(
  (Object.entries(CSV_COLUMNS) as [CsvColumn, readonly string[]][]).flatMap(([column, aliases]) => aliases.map((a) => [a, column] as [string, CsvColumn])),
);

/** Our column for each header (undefined: not used), and the headers not used. */
export function mapHeaders(headers: string[]): { columns: (CsvColumn | undefined)[]; unused: string[] } {
  const taken = new Set<CsvColumn>();
  const columns = headers.map((h) => {
    const column = aliasToColumn.get(headerKey(h));
    if (!column || taken.has(column)) return undefined;
    taken.add(column);
    return column;
  });
  if (!taken.has('name')) throw new Error(`the CSV has no name column (its columns: ${headers.join(', ')})`);
  return { columns, unused: headers.filter((h, i) => columns[i] === undefined && h.trim() !== '') };
}

/**
 * Terms in a cell: split on | and ; always; split on / too unless the whole piece is a known term
 * ("Debt / Money" stays one term; "foodbank/ community meal" is two).
 */
export function splitTerms(cell: string, taxonomy: TaxonomyMap): TermRef[] {
  return cell.split(/[|;]/).flatMap((piece) => {
    const whole = piece.trim();
    if (whole === '') return [];
    if (!whole.includes('/') || taxonomy.map([{ name: whole }]).needs.length > 0) return [{ name: whole }];
    return whole.split('/').map((t) => t.trim()).filter(Boolean).map((name) => ({ name }));
  });
}

function deliveryOf(cell: string): Delivery[] {
  const modes = cell.split(/[|;,/]/).map((m) => m.trim().toLowerCase()).filter(Boolean);
  return [...new Set(modes.flatMap((m) => (m === 'in-person' || m === 'in person' ? ['in-person' as const] : deliveryFromText(m))))];
}

/**
 * A directory's notes, less curators' working notes ("Bryony called on 22/08/2023 ...", "emailed them on
 * 15/08/2023"): a line that records someone contacting the service on a date is about the curators, not the
 * service, and may name people. Those lines are left out and the report says so.
 */
export function notesWithoutWorkingNotes(text: string): { notes: string; dropped: number } {
  const lines = text.split(/\r?\n/);
  const working = (line: string): boolean => /\b(?:called|emailed|rang|phoned|spoke\s+to|left\s+(?:them\s+)?a\s+message)\b/i.test(line) && /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/.test(line);
  const kept = lines.filter((line) => !working(line));
  return { notes: kept.join('\n').trim(), dropped: lines.length - kept.length };
}

const listCell = (value: string): string[] => value.split(/[|;,]/).map((v) => v.trim()).filter(Boolean);

/** One CSV row (already keyed by our columns) as a draft. */
export function draftFromCsv(row: Partial<Record<CsvColumn, string>>, taxonomy: TaxonomyMap): ServiceDraft {
  const draft = emptyDraft();
  const cell = (column: CsvColumn): string => (row[column] ?? '').trim();
  const opening = cell('opening') ? parseOpeningText(cell('opening')) : { times: [], complete: true };
  if (!opening.complete) draft.warnings.push('opening times only partly understood: their words are kept');
  const fees = cell('fees');
  const notes = notesWithoutWorkingNotes(cell('notes'));
  if (notes.dropped > 0) draft.warnings.push('a working note (who contacted the service, and when) left out of its notes');
  const free = parseYesNo(cell('free')) ?? (fees ? (/\u00a3\s*\d/.test(fees) ? false : /\bfree\b|no charge/i.test(fees) ? true : undefined) : undefined);
  const referral = parseYesNo(cell('referral_required'));
  const coverage = cell('coverage').toLowerCase();
  const latitude = toNumber(cell('latitude'));
  const longitude = toNumber(cell('longitude'));
  const hasLocation = cell('address') !== '' || cell('postcode') !== '' || latitude !== undefined || longitude !== undefined;
  return {
    ...draft,
    originalId: cell('id') || undefined,
    name: cell('name'),
    organisation: cell('organisation') || undefined,
    description: cell('description'),
    terms: cell('taxonomy') ? splitTerms(cell('taxonomy'), taxonomy) : [],
    needIds: cell('needs') ? cell('needs').split(/[|;,\s]+/).filter(Boolean) : [],
    urls: cell('url') ? [cell('url')] : [],
    emails: cell('email') ? [cell('email')] : [],
    phones: cell('phone') ? [cell('phone')] : [],
    locations: hasLocation ? [{
      ...(cell('address') ? { address: cell('address') } : {}),
      ...(cell('postcode') ? { postcode: cell('postcode') } : {}),
      ...(latitude !== undefined ? { latitude } : {}),
      ...(longitude !== undefined ? { longitude } : {}),
    }] : [],
    delivery: deliveryOf(cell('delivery')),
    ...(coverage === 'national' || coverage === 'local' ? { coverage } : {}),
    openingTimes: opening.times,
    ...(opening.complete ? {} : { openingText: cell('opening') }),
    ...(parseAge(cell('min_age')) !== undefined ? { minAge: parseAge(cell('min_age')) } : {}),
    ...(parseAge(cell('max_age')) !== undefined ? { maxAge: parseAge(cell('max_age')) } : {}),
    ...(cell('eligibility') ? { eligibilityText: cell('eligibility') } : {}),
    ...(free !== undefined ? { free } : {}),
    ...(fees ? { fees } : {}),
    ...(cell('referral') ? { referral: cell('referral') } : {}),
    ...(notes.notes ? { notes: notes.notes } : {}),
    ...(cell('languages') ? { languages: listCell(cell('languages')) } : {}),
    ...(cell('accessibility') ? { accessibility: listCell(cell('accessibility')) } : {}),
    ...(cell('nations') ? { nations: listCell(cell('nations')) } : {}),
    ...(cell('how_to_access') ? { howToAccess: cell('how_to_access') } : referral === true ? { howToAccess: say('signpost.access.referralNeeded') } : {}),
    ...(cell('status') ? { status: cell('status') } : {}),
    warnings: draft.warnings,
  };
}
