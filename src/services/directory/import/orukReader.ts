/**
 * Open Referral UK service JSON: the objects the ORUK API returns for a service, in both shapes in use: v1 (the
 * "LGA extended" schema: service_taxonomys, service_at_locations with physical_addresses, regular_schedules,
 * eligibilitys, contacts with phones) and HSDS 3.0 UK profile (attributes with taxonomy_term, addresses, schedules
 * with byday, minimum_age/maximum_age). A file may hold one service, an array, or a page ({content|contents|items}).
 */
import { say } from '../../content/messages';
import type { Delivery } from '../DirectoryService';
import { bundledAreaNations, type AreaNations } from '../../geography/areaNations';
import { deliveryFromText } from './delivery';
import { parseAge, toNumber } from './normalise';
import { readSchedules } from './schedules';
import { readServiceAreas } from './serviceAreas';
import { emptyDraft, type DraftLocation, type ServiceDraft } from './serviceDraft';
import type { TermRef } from './taxonomyMap';
import { isObject, objectOf, objectsOf, text, texts, type Json } from './values';

export class ImportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFormatError';
  }
}

/** The service records in a parsed ORUK JSON document. */
export function orukRecords(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (isObject(document)) {
    for (const key of ['content', 'contents', 'items', 'services', 'data']) {
      if (Array.isArray(document[key])) return document[key] as unknown[];
    }
    if ('name' in document || 'id' in document) return [document];
  }
  throw new ImportFormatError('this JSON holds no Open Referral services: expected a service, an array of services, or a page with "content" or "contents"');
}

/** Taxonomy terms, plus the v1 deliverable type and Open Place target audiences, which say what a service is for. */
function termsOf(raw: Json): TermRef[] {
  const v1 = [...objectsOf(raw.service_taxonomys), ...objectsOf(raw.service_taxonomies)].map((link) => objectOf(link.taxonomy));
  const hsds3 = objectsOf(raw.attributes).map((attribute) => objectOf(attribute.taxonomy_term));
  const terms = [...v1, ...hsds3]
    .map((t) => ({ name: text(t.name) ?? text(t.term), id: text(t.id) ?? text(t.term_uri), vocabulary: text(t.vocabulary) ?? text(t.taxonomy) ?? text(objectOf(t.taxonomy_detail).name) }))
    .filter((t) => t.name !== undefined || t.id !== undefined);
  const deliverable = texts(raw.deliverable_type).map((name) => ({ name, vocabulary: 'deliverable_type' }));
  return [...terms, ...deliverable, ...audiencesOf(raw).map((name) => ({ name, vocabulary: 'target audience' }))];
}

const audiencesOf = (raw: Json): string[] => [...new Set(objectsOf(raw.pc_targetAudience).flatMap((a) => texts(a.audienceType)))];

const phonesOf = (holder: Json): string[] => objectsOf(holder.phones).flatMap((p) => texts(p.number));

function addressOf(location: Json): { address?: string; postcode?: string } {
  const addresses = [...objectsOf(location.physical_addresses), ...objectsOf(location.addresses)];
  const physical = addresses.find((a) => text(a.address_type)?.toLowerCase() !== 'postal') ?? addresses[0];
  if (!physical) return {};
  const parts = texts(physical.address_1, physical.address_2, physical.city);
  return { ...(parts.length > 0 ? { address: parts.join(', ') } : {}), ...(text(physical.postal_code) ? { postcode: text(physical.postal_code) } : {}) };
}

/** Accessibility of a location: v1 accessibility_for_disabilities, HSDS 3 accessibilities / accessibility. */
const accessibilityOf = (location: Json): string[] => [
  ...objectsOf(location.accessibility_for_disabilities).flatMap((a) => texts(a.accessibility, a.details)),
  ...[...objectsOf(location.accessibilities), ...objectsOf(location.accessibility)].flatMap((a) => texts(a.description, a.details)),
];

/** Languages: v1 [{language}], HSDS 3 [{name, code}], or plain strings. */
const languagesOf = (raw: Json): string[] => [...texts(...(Array.isArray(raw.languages) ? raw.languages : [])), ...objectsOf(raw.languages).flatMap((l) => texts(l.language ?? l.name))];

/** Costs in the source's words: fees, fees_description, and each cost option ("Under 18s and Over 60s: 35, per 1 hour session"). */
function feesOf(raw: Json): string | undefined {
  const options = objectsOf(raw.cost_options).map((o) => {
    const amount = toNumber(o.amount);
    const price = amount === undefined ? undefined : amount === 0 ? 'free' : `\u00a3${Number.isInteger(amount) ? amount : amount.toFixed(2)}`;
    const [option, description] = [text(o.option), text(o.amount_description)];
    return [option ? `${option}:` : undefined, price, description].filter(Boolean).join(' ');
  }).filter(Boolean);
  const words = [...new Set([...texts(raw.fees, raw.fees_description), ...options])];
  return words.length > 0 ? words.join('; ') : undefined;
}

function locationsOf(raw: Json, delivery: Set<Delivery>, phones: string[], accessibility: string[]): DraftLocation[] {
  const locations: DraftLocation[] = [];
  for (const link of objectsOf(raw.service_at_locations)) {
    const location = objectOf(link.location);
    accessibility.push(...accessibilityOf(location));
    phones.push(...phonesOf(link), ...phonesOf(location));
    if (text(location.location_type)?.toLowerCase() === 'virtual') {
      delivery.add('online');
      continue;
    }
    const { address, postcode } = addressOf(location);
    const draft: DraftLocation = {
      ...(text(location.name) ? { name: text(location.name) } : {}),
      ...(address ? { address } : {}),
      ...(postcode ? { postcode } : {}),
      ...(toNumber(location.latitude) !== undefined ? { latitude: toNumber(location.latitude) } : {}),
      ...(toNumber(location.longitude) !== undefined ? { longitude: toNumber(location.longitude) } : {}),
    };
    if (Object.keys(draft).length > 0) locations.push(draft);
  }
  return locations;
}

function freeOf(raw: Json): boolean | undefined {
  const options = objectsOf(raw.cost_options);
  const amounts = options.map((o) => toNumber(o.amount)).filter((a): a is number => a !== undefined);
  if (amounts.some((a) => a > 0)) return false;
  if (amounts.length > 0 && amounts.every((a) => a === 0)) return true;
  if (options.some((o) => /\bfree\b/i.test(`${text(o.option) ?? ''} ${text(o.amount_description) ?? ''}`))) return true;
  const fees = text(raw.fees);
  // "Free", "No charge" -> free; any price in pounds -> not free for everyone.
  if (fees && /\u00a3\s*\d/.test(fees)) return false;
  if (fees && /\bfree\b|no charge/i.test(fees)) return true;
  return undefined;
}

function ageRange(raw: Json): { minAge?: number; maxAge?: number; text?: string } {
  const eligibilities = [...objectsOf(raw.eligibilitys), ...objectsOf(raw.eligibilities)];
  const mins = [raw.minimum_age, ...eligibilities.map((e) => e.minimum_age)].map(parseAge).filter((a): a is number => a !== undefined);
  const maxes = [raw.maximum_age, ...eligibilities.map((e) => e.maximum_age)].map(parseAge).filter((a): a is number => a !== undefined);
  const audiences = audiencesOf(raw);
  const words = [...texts(raw.eligibility_description), ...eligibilities.flatMap((e) => texts(e.eligibility)), ...(audiences.length > 0 ? [audiences.join(', ')] : [])];
  return {
    ...(mins.length > 0 ? { minAge: Math.min(...mins) } : {}),
    ...(maxes.length > 0 ? { maxAge: Math.max(...maxes) } : {}),
    ...(words.length > 0 ? { text: [...new Set(words)].join('; ') } : {}),
  };
}

function updatedAtOf(raw: Json): Date | undefined {
  const value = text(raw.last_modified) ?? text(objectOf(raw.pc_metadata).date_modified) ?? text(raw.assured_date);
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "Professional referral", "by referral only"; never "Self referral". */
function needsReferral(access: string): boolean {
  return /professional referral|referral (is )?(needed|required|only)|by referral|need(s)? a referral/i.test(access) && !/self[- ]?referral/i.test(access);
}

/** One ORUK service object as a draft; areaNations reads its service areas (default: from the bundled geography). */
export function draftFromOruk(record: unknown, areaNations: AreaNations = bundledAreaNations()): ServiceDraft {
  const draft = emptyDraft();
  if (!isObject(record)) {
    draft.warnings.push('not a JSON object');
    return draft;
  }
  const raw = record;
  const organisation = objectOf(raw.organization ?? raw.organisation);
  const contacts = objectsOf(raw.contacts);
  const delivery = new Set<Delivery>([
    ...deliveryFromText(text(raw.attending_type)),
    ...deliveryFromText(text(raw.deliverable_type)),
    ...objectsOf(raw.schedules).flatMap((s) => deliveryFromText(text(s.attending_type))),
  ]);
  const phones = [...phonesOf(raw), ...contacts.flatMap(phonesOf)];
  const accessibility: string[] = [];
  const locations = locationsOf(raw, delivery, phones, accessibility);
  phones.push(...phonesOf(organisation));
  const schedules = readSchedules(raw.regular_schedules, raw.schedules);
  if (schedules.unreadable > 0 && !schedules.text) draft.warnings.push('some opening times are not weekly or not complete, left out');
  const ages = ageRange(raw);
  const areas = readServiceAreas(raw.service_areas, locations.flatMap((l) => (l.postcode ? [l.postcode] : [])), areaNations);
  draft.warnings.push(...areas.warnings);
  const access = `${text(raw.attending_access) ?? ''} ${text(raw.pc_attendingAccess_additionalInfo) ?? ''}`;
  // How to get it, in the source's words: v1 attending_access and Open Place's additional information, HSDS 3 application_process.
  const referral = texts(raw.attending_access, raw.pc_attendingAccess_additionalInfo, raw.application_process, raw.referral_process).join('\n');
  const notes = texts(raw.alert, raw.additional_information).join('\n');
  const fees = feesOf(raw);

  return {
    ...draft,
    originalId: text(raw.id),
    name: text(raw.name),
    organisation: text(organisation.name),
    description: text(raw.description) ?? text(raw.short_description) ?? '',
    terms: termsOf(raw),
    urls: texts(raw.url, organisation.website, organisation.url),
    emails: texts(raw.email, ...contacts.map((c) => c.email), organisation.email),
    phones,
    locations,
    delivery: [...delivery],
    coverage: areas.national ? 'national' : 'local',
    ...(areas.nations ? { nations: areas.nations } : {}),
    ...(areas.councilAreas ? { councilAreas: areas.councilAreas } : {}),
    openingTimes: schedules.times,
    ...(schedules.text ? { openingText: schedules.text } : {}),
    ...(ages.minAge !== undefined ? { minAge: ages.minAge } : {}),
    ...(ages.maxAge !== undefined ? { maxAge: ages.maxAge } : {}),
    ...(ages.text ? { eligibilityText: ages.text } : {}),
    free: freeOf(raw),
    ...(fees ? { fees } : {}),
    ...(referral ? { referral } : {}),
    ...(notes ? { notes } : {}),
    languages: languagesOf(raw),
    accessibility,
    ...(needsReferral(access) ? { howToAccess: say('signpost.access.referralNeeded') } : {}),
    status: text(raw.status),
    updatedAt: updatedAtOf(raw),
    warnings: draft.warnings,
  };
}

