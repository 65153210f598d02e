/**
 * Ranks community services for a person: pure and deterministic (same services and query, same answer), fast enough
 * to run on every turn. Each result says why it was chosen, in words a person can read.
 *
 * Order: needs covered first (100 points each), then how reachable the service is (a local service close by beats one
 * that serves everyone, which beats a far one), then small bonuses (age-targeted, who it is for fits what we know,
 * known opening times, open now, free). A service whose eligibility words clash with what we know (only for carers,
 * only for residents of another council area: see eligibility.ts) goes after every service meeting as many needs.
 * A service whose own words limit who it is for in a way Signpost cannot tell the person fits (restrictions.ts), or
 * that a link worker marked not suitable, goes after every other service. Services gone from their feed, or marked
 * closed or wrong number, are left out, and so are services naming only nations other than the person's.
 * Ties break on distance, then name, then id.
 */
import { milesBetween, roundMiles, isLatLng, type LatLng } from '../../geography/distance';
import { postcodeSector, type Geography, type Place } from '../../geography/Geography';
import { postcodeDistrict } from '../../geography/postcode';
import { needLabel, type NeedId } from '../../needs/taxonomy';
import { NATION_NAMES, nationOfPostcode } from '../../geography/nation';
import type { DirectoryService } from '../DirectoryService';
import { eligibilityNotes, type EligibilityNote } from './eligibility';
import { describeAge, describeDistance, describeEligibility, describePlace, describeReach, describeRestrictions, reasonsFor } from './reasons';
import { isOpenDuring, ukWeekTime } from './openingTimes';
import { judgeRestrictions, restrictionsOfService, type RestrictionJudgement } from './restrictions';

export interface MatchFilters {
  /** Only services people can use from home (online or by phone). */
  remoteOnly?: boolean;
  /** Only in-person services within nearMeMiles of the origin. */
  nearMe?: boolean;
  /** Only services whose record says they are free. */
  freeOnly?: boolean;
}

export interface MatchQuery {
  needs: NeedId[];
  /** Where the person is (a postcode district centroid), when known. */
  origin?: Place;
  age?: number;
  filters?: MatchFilters;
  /** The moment "open now" refers to; omit and no result depends on the clock. */
  now?: Date;
  /** Local services further than this are left out when the origin is known (default 20). */
  maxMiles?: number;
  /** The radius of "near me" (default 3). */
  nearMeMiles?: number;
  /** Return at most this many (reasons are only built for these). */
  limit?: number;
}

/** How a person can reach a service. */
export type Reach = 'national' | 'online' | 'phone' | 'local' | 'unknown';

export interface MatchResult {
  service: DirectoryService;
  needsMet: NeedId[];
  /** Miles from the origin to the nearest location, rounded as people see it; null when not measured. */
  distanceMiles: number | null;
  reach: Reach;
  /** Serves people wherever they live (national, or online/by phone with no place attached). */
  servesEveryone: boolean;
  score: number;
  /** Why it was suggested, in plain words: "helps with loneliness and isolation", "1.2 miles from BS16". */
  reasons: string[];
  /** The reason that says where it is or who it reaches ("1.2 miles from BS16", "online, ..."), also in reasons. */
  where?: string;
  /**
   * It may not be for this person: its own words limit who it is for and Signpost cannot tell they fit
   * (restrictions.unsure), or a link worker marked it not suitable. Such services come after all the others.
   */
  mayNotFit: boolean;
  /** Its restricting sentences, as they are: those the person seems to fit, and those Signpost cannot tell. */
  restrictions: RestrictionJudgement;
}

export const DEFAULT_MAX_MILES = 20;
export const DEFAULT_NEAR_ME_MILES = 3;

/**
 * notForThem is more than the whole spread of the other points within one count of needs met (-10 to +56), so a
 * clashing service comes after every service meeting as many needs, and still before those meeting fewer.
 */
const POINTS = { need: 100, nearest: 40, everyone: 20, unknownPlace: -10, ageTargeted: 5, eligibilityFits: 5, notForThem: -70, openingKnown: 3, openNow: 2, free: 1 } as const;

interface Candidate {
  service: DirectoryService;
  needsMet: NeedId[];
  miles: number | null;
  nearest?: { district?: string; place?: Place };
  /** A location shares the person's postcode sector: "near you". */
  sameSector: boolean;
  reach: Reach;
  servesEveryone: boolean;
  openNow: boolean;
  eligibility: EligibilityNote[];
  restrictions: RestrictionJudgement;
  mayNotFit: boolean;
  score: number;
}

/** Finds and ranks the services that meet any of the needs. */
export function matchServices(services: readonly DirectoryService[], query: MatchQuery, geography?: Geography): MatchResult[] {
  const wanted = new Set(query.needs);
  const maxMiles = query.maxMiles ?? DEFAULT_MAX_MILES;
  const nearMeMiles = query.nearMeMiles ?? DEFAULT_NEAR_ME_MILES;
  const filters = query.filters ?? {};
  if (filters.nearMe && !query.origin) return [];
  const weekTime = query.now ? ukWeekTime(query.now) : undefined;
  const postcodeNation = query.origin ? nationOfPostcode(query.origin.district) : undefined;
  const originNation = postcodeNation ? NATION_NAMES[postcodeNation] : undefined;

  const candidates: Candidate[] = [];
  for (const service of services) {
    if (!service.needs.some((n) => wanted.has(n))) continue;
    if (service.active === false || service.mark?.kind === 'closed' || service.mark?.kind === 'wrong-number') continue;
    const needsMet = service.needs.filter((n) => wanted.has(n));
    if (!fitsAge(service, query.age)) continue;
    if (filters.freeOnly && service.free !== true) continue;
    const fromHome = service.delivery.includes('online') || service.delivery.includes('phone');
    if (filters.remoteOnly && !fromHome) continue;
    // A service that names the nations it serves is not offered to someone known to live in another (a helpline
    // for Wales to someone in Bristol). When the person's nation is unknown it stays, with its nations shown.
    if (originNation && service.nations?.length && !service.nations.includes(originNation)) continue;

    const located = nearestLocation(service, query.origin, geography);
    const hasPlace = located.hasPlace;
    const servesEveryone = service.coverage === 'national' || (fromHome && !hasPlace);
    const reach: Reach = service.coverage === 'national' ? 'national'
      : !hasPlace && service.delivery.includes('online') ? 'online'
        : !hasPlace && service.delivery.includes('phone') ? 'phone'
          : hasPlace ? 'local' : 'unknown';
    const miles = servesEveryone ? null : located.miles;

    if (filters.nearMe && (servesEveryone || miles === null || miles > nearMeMiles)) continue;
    if (query.origin && !servesEveryone) {
      if (miles === null) continue; // a local service we cannot place: it may be anywhere
      if (miles > maxMiles) continue;
    }

    const openNow = weekTime !== undefined && service.openingTimes.length > 0 && isOpenDuring(service.openingTimes, weekTime);
    let score = needsMet.length * POINTS.need;
    if (servesEveryone) score += POINTS.everyone;
    else if (miles !== null) score += POINTS.nearest * (1 - Math.min(miles, maxMiles) / maxMiles);
    else if (!hasPlace) score += POINTS.unknownPlace;
    if (query.age !== undefined && (service.eligibility.minAge !== undefined || service.eligibility.maxAge !== undefined)) score += POINTS.ageTargeted;
    const eligibility = eligibilityNotes(service, { needs: query.needs, area: query.origin?.area }, geography);
    if (eligibility.some((e) => e.fits)) score += POINTS.eligibilityFits;
    if (eligibility.some((e) => !e.fits)) score += POINTS.notForThem;
    // Carers and residents words are judged by eligibilityNotes: not twice.
    const judgedThere = eligibility.length > 0 ? (s: string): boolean => /\bcarers?\b|\bresidents?\b|\blive\s+in\b|\bliving\s+in\b|\blocal\s+connection\b/i.test(s) : (): boolean => false;
    const restrictions = judgeRestrictions(restrictionsOfService(service).filter((r) => !judgedThere(r)), { needs: query.needs, age: query.age });
    const mayNotFit = restrictions.unsure.length > 0 || service.mark?.kind === 'not-suitable';
    if (service.openingTimes.length > 0) score += POINTS.openingKnown;
    if (openNow) score += POINTS.openNow;
    if (service.free === true) score += POINTS.free;

    candidates.push({ service, needsMet, miles, nearest: located.nearest, sameSector: located.sameSector, reach, servesEveryone, openNow, eligibility, restrictions, mayNotFit, score });
  }

  candidates.sort(compareCandidates);
  const chosen = query.limit === undefined ? candidates : candidates.slice(0, Math.max(0, query.limit));
  return chosen.map((c) => toResult(c, query));
}

const byName = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

function compareCandidates(a: Candidate, b: Candidate): number {
  return Number(a.mayNotFit) - Number(b.mayNotFit)
    || b.score - a.score
    || (a.miles ?? Infinity) - (b.miles ?? Infinity)
    || byName.compare(a.service.name, b.service.name)
    || (a.service.id < b.service.id ? -1 : a.service.id > b.service.id ? 1 : 0);
}

function fitsAge(service: DirectoryService, age: number | undefined): boolean {
  if (age === undefined) return true;
  const { minAge, maxAge } = service.eligibility;
  return (minAge === undefined || age >= minAge) && (maxAge === undefined || age <= maxAge);
}

/**
 * The service's location nearest the origin (or its first placeable one when there is no origin). A location is
 * placed by its own map position, else its full postcode's bundled position, else its district's centre. sameSector:
 * a location shares the person's postcode sector.
 */
function nearestLocation(service: DirectoryService, origin: Place | undefined, geography?: Geography): { hasPlace: boolean; miles: number | null; nearest?: { district?: string; place?: Place }; sameSector: boolean } {
  let best: { miles: number | null; district?: string; place?: Place } | undefined;
  let sameSector = false;
  for (const location of service.locations) {
    const district = location.postcode ? postcodeDistrict(location.postcode) : undefined;
    const districtPlace = district ? geography?.district(district) : undefined;
    const point: LatLng | undefined = isLatLng(location)
      ? { latitude: location.latitude as number, longitude: location.longitude as number }
      : (location.postcode ? geography?.position?.(location.postcode) : undefined) ?? districtPlace;
    if (!point && !district) continue;
    if (origin?.sector && postcodeSector(location.postcode) === origin.sector) sameSector = true;
    const miles = origin && point ? milesBetween(origin, point) : null;
    if (!best || (miles !== null && (best.miles === null || miles < best.miles))) best = { miles, district, place: districtPlace };
  }
  if (!best) return { hasPlace: false, miles: null, sameSector: false };
  return { hasPlace: true, miles: best.miles, nearest: { district: best.district, place: best.place }, sameSector };
}

function toResult(c: Candidate, query: MatchQuery): MatchResult {
  const distanceMiles = c.miles === null ? null : roundMiles(c.miles);
  const where = placeReason(c, distanceMiles, query.origin);
  const reasons = [
    ...c.needsMet.map((n) => reasonsFor.need(needLabel(n).toLowerCase())),
    where,
    describeAge(c.service),
    ...c.eligibility.map(describeEligibility),
    ...describeRestrictions(c.restrictions),
    ...(c.service.mark?.kind === 'not-suitable' ? [reasonsFor.markedNotSuitable()] : []),
    ...reasonsFor.details(c.service, c.openNow, [...c.restrictions.fits, ...c.restrictions.unsure]),
  ].filter((r): r is string => r !== undefined);
  return { service: c.service, needsMet: c.needsMet, distanceMiles, reach: c.reach, servesEveryone: c.servesEveryone, score: Math.round(c.score * 100) / 100, reasons, ...(where ? { where } : {}), mayNotFit: c.mayNotFit, restrictions: c.restrictions };
}

function placeReason(c: Candidate, distanceMiles: number | null, origin: Place | undefined): string | undefined {
  if (c.servesEveryone) return describeReach(c.reach, c.service);
  if (c.sameSector) return reasonsFor.nearYou();
  if (distanceMiles !== null && origin) return describeDistance(distanceMiles, origin.label);
  if (c.nearest) return describePlace(c.nearest.district, c.nearest.place);
  return reasonsFor.whereUnknown();
}
