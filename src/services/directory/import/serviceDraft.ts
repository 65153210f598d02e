/**
 * A service as read from any source format, before checks: the Open Referral UK and CSV readers fill a ServiceDraft;
 * finishService checks and cleans it into a DirectoryService, or says why it was skipped.
 */
import { createHash } from 'node:crypto';
import { isNeedId, type NeedId } from '../../needs/taxonomy';
import { NATIONS, type Delivery, type DirectoryService, type Nation, type OpeningTime, type ServiceLocation } from '../DirectoryService';
import { restrictionsOfService } from '../matching/restrictions';
import { cleanLine, cleanText, isUkPoint, normaliseEmail, normalisePhone, normalisePostcode, normaliseUrl, type Normalised } from './normalise';
import type { TaxonomyMap, TermRef } from './taxonomyMap';

export interface DraftLocation {
  name?: string;
  address?: string;
  postcode?: string;
  latitude?: number;
  longitude?: number;
}

export interface ServiceDraft {
  originalId?: string;
  name?: string;
  organisation?: string;
  description?: string;
  terms: TermRef[];
  /** Need ids given directly (CSV "needs" column). */
  needIds?: string[];
  urls: string[];
  emails: string[];
  phones: string[];
  locations: DraftLocation[];
  delivery: Delivery[];
  coverage?: 'local' | 'national';
  openingTimes: OpeningTime[];
  openingText?: string;
  minAge?: number;
  maxAge?: number;
  eligibilityText?: string;
  free?: boolean;
  fees?: string;
  howToAccess?: string;
  referral?: string;
  notes?: string;
  languages?: string[];
  accessibility?: string[];
  nations?: string[];
  /** Council areas it is for, as the bundled district table names them (Open Referral service areas). */
  councilAreas?: string[];
  /** Open Referral status; anything but "active" (or none) is skipped. */
  status?: string;
  updatedAt?: Date;
  /** Problems the reader already found (kept as warnings). */
  warnings: string[];
}

export function emptyDraft(): ServiceDraft {
  return { terms: [], urls: [], emails: [], phones: [], locations: [], delivery: [], openingTimes: [], warnings: [] };
}

export interface ImportContext {
  /** Short name of the source, used in ids: "sheffield_food". */
  dataset: string;
  licence: string;
  taxonomy: TaxonomyMap;
  /** updatedAt for records that carry no date of their own. */
  now: Date;
}

export type Finished =
  | { ok: true; service: DirectoryService; warnings: string[]; unmappedTerms: string[]; restrictions: string[] }
  | { ok: false; reason: string; originalId?: string; name?: string };

/** Ids are `<dataset>:<original id>`, or `<dataset>:~<hash of name and postcode>` when the source has none. */
export function serviceId(dataset: string, draft: Pick<ServiceDraft, 'originalId' | 'name' | 'locations'>): string {
  if (draft.originalId) return `${dataset}:${draft.originalId}`;
  const basis = `${cleanLine(draft.name).toLowerCase()}|${draft.locations.map((l) => (l.postcode ?? '').replace(/\s/g, '').toUpperCase()).join(',')}`;
  return `${dataset}:~${createHash('sha256').update(basis).digest('hex').slice(0, 12)}`;
}

function firstValid(values: string[], normalise: (raw: string) => Normalised<string>, warnings: string[]): string | undefined {
  const problems: string[] = [];
  for (const raw of values) {
    const result = normalise(raw);
    if (result.value) return result.value;
    if (result.warning) problems.push(result.warning);
  }
  warnings.push(...new Set(problems));
  return undefined;
}

function finishLocation(draft: DraftLocation, warnings: string[]): ServiceLocation | undefined {
  const postcode = draft.postcode ? normalisePostcode(draft.postcode) : {};
  if (postcode.warning) warnings.push(postcode.warning);
  const hasPoint = draft.latitude !== undefined || draft.longitude !== undefined;
  const point = isUkPoint(draft.latitude, draft.longitude);
  if (hasPoint && !point) warnings.push('map position outside the UK, left out');
  const location: ServiceLocation = {
    ...(draft.name ? { name: cleanLine(draft.name) } : {}),
    ...(draft.address ? { address: cleanText(draft.address).split('\n').map((l) => l.replace(/,$/, '').trim()).filter(Boolean).join(', ') } : {}),
    ...(postcode.value ? { postcode: postcode.value } : {}),
    ...(point ? { latitude: draft.latitude, longitude: draft.longitude } : {}),
  };
  return location.postcode || location.latitude !== undefined || location.address ? location : undefined;
}

/** Checks and cleans a draft. */
export function finishService(draft: ServiceDraft, ctx: ImportContext): Finished {
  const name = cleanLine(draft.name);
  const originalId = draft.originalId?.trim() || undefined;
  if (!name) return { ok: false, reason: 'no name', originalId };
  const status = draft.status?.trim().toLowerCase();
  if (status && status !== 'active') return { ok: false, reason: `status is "${status}", not active`, originalId, name };

  const warnings = [...draft.warnings];
  const phone = firstValid(draft.phones, normalisePhone, warnings);
  const url = firstValid(draft.urls, normaliseUrl, warnings);
  const email = firstValid(draft.emails, normaliseEmail, warnings);
  const locations = draft.locations.map((l) => finishLocation(l, warnings)).filter((l): l is ServiceLocation => l !== undefined);
  if (!phone && !url && !email && locations.length === 0) {
    return { ok: false, reason: 'no way to reach it: no phone, email, website or address', originalId, name };
  }

  const mapped = ctx.taxonomy.map(draft.terms);
  const direct = (draft.needIds ?? []).map((n) => n.trim()).filter(Boolean);
  const unknownNeeds = direct.filter((n) => !isNeedId(n));
  if (unknownNeeds.length > 0) warnings.push(`unknown need ids left out: ${unknownNeeds.join(', ')}`);
  const needs = [...new Set<NeedId>([...direct.filter(isNeedId), ...mapped.needs])];
  if (needs.length === 0) {
    warnings.push(draft.terms.length === 0 ? 'no needs: it has no taxonomy terms, so it will not be matched' : `no needs: none of its terms are in the mapping (${mapped.unmapped.join(', ')}), so it will not be matched`);
  }

  let { minAge, maxAge } = draft;
  if (minAge !== undefined && maxAge !== undefined && minAge > maxAge) {
    warnings.push('minimum age above maximum age, ages left out');
    minAge = undefined;
    maxAge = undefined;
  }
  // How it is delivered, as the source says; a service with only an address is in person.
  const delivery: Delivery[] = draft.delivery.length > 0 ? [...new Set(draft.delivery)] : locations.length > 0 ? ['in-person'] : [];

  const list = (values: string[] | undefined): string[] => [...new Set((values ?? []).map(cleanLine).filter(Boolean))];
  const languages = list(draft.languages);
  const accessibility = list(draft.accessibility);
  const nations: Nation[] = [];
  for (const raw of list(draft.nations)) {
    const nation = NATIONS.find((n) => n.toLowerCase() === raw.toLowerCase());
    if (nation) nations.push(nation);
    else warnings.push(`nation "${raw}" not understood, left out`);
  }
  const wordsOf = (value: string | undefined): string | undefined => (value && cleanText(value) ? cleanText(value) : undefined);
  const fees = wordsOf(draft.fees);
  const referral = wordsOf(draft.referral);
  const notes = wordsOf(draft.notes);
  const eligibilityText = draft.eligibilityText && cleanLine(draft.eligibilityText) ? cleanLine(draft.eligibilityText) : undefined;
  const description = cleanText(draft.description);
  const restrictions = restrictionsOfService({ eligibility: { ...(eligibilityText ? { description: eligibilityText } : {}) }, referral, notes, description });

  const service: DirectoryService = {
    id: serviceId(ctx.dataset, { ...draft, originalId }),
    name,
    ...(draft.organisation && cleanLine(draft.organisation) !== name ? { organisation: cleanLine(draft.organisation) } : {}),
    description,
    needs,
    taxonomyTerms: [...new Set(draft.terms.map((t) => cleanLine(t.name ?? t.id)).filter(Boolean))],
    ...(url ? { url } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    locations,
    coverage: draft.coverage ?? 'local',
    delivery,
    openingTimes: draft.openingTimes,
    ...(draft.openingText ? { openingText: cleanLine(draft.openingText) } : {}),
    eligibility: {
      ...(minAge !== undefined ? { minAge } : {}),
      ...(maxAge !== undefined ? { maxAge } : {}),
      ...(eligibilityText ? { description: eligibilityText } : {}),
      ...(restrictions.length > 0 ? { restrictions } : {}),
    },
    ...(draft.free !== undefined ? { free: draft.free } : {}),
    ...(fees ? { fees } : {}),
    ...(draft.howToAccess ? { howToAccess: cleanLine(draft.howToAccess) } : {}),
    ...(referral ? { referral } : {}),
    ...(notes ? { notes } : {}),
    ...(languages.length > 0 ? { languages } : {}),
    ...(accessibility.length > 0 ? { accessibility } : {}),
    ...(nations.length > 0 ? { nations } : {}),
    ...(list(draft.councilAreas).length > 0 ? { councilAreas: list(draft.councilAreas) } : {}),
    source: { dataset: ctx.dataset, licence: ctx.licence, ...(originalId ? { originalId } : {}) },
    updatedAt: draft.updatedAt && !Number.isNaN(draft.updatedAt.getTime()) ? draft.updatedAt : ctx.now,
  };
  return { ok: true, service, warnings: [...new Set(warnings)], unmappedTerms: mapped.unmapped, restrictions };
}
