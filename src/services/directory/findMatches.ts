/**
 * Matching against the directory store: loads only the services that could match, then ranks them with
 * matchServices. When the person's place is known the store is asked for the services within reach of it
 * (DirectoryQuery.near: near enough, serving everyone, or placed by postcode only) instead of every service meeting
 * the needs, and the answer is exactly what ranking the whole directory would give (test/directory/findMatches.test.ts).
 */
import type { Geography } from '../geography/Geography';
import type { DirectoryRepository } from './DirectoryService';
import { loadServices } from './loadServices';
import { DEFAULT_MAX_MILES, DEFAULT_NEAR_ME_MILES, matchServices, type MatchQuery, type MatchResult } from './matching/matchServices';

/**
 * The store measures on its own (MongoDB with its own spherical geometry), so a service right on the limit could come
 * out a hair the other side of it; the store's circle is this much wider and matching makes the exact cut.
 */
export const STORE_MARGIN_MILES = 0.05;

/** How far from the origin a local service can be and still be kept by matchServices. */
export function reachMiles(query: Pick<MatchQuery, 'maxMiles' | 'nearMeMiles' | 'filters'>): number {
  const maxMiles = query.maxMiles ?? DEFAULT_MAX_MILES;
  return query.filters?.nearMe ? Math.min(maxMiles, query.nearMeMiles ?? DEFAULT_NEAR_ME_MILES) : maxMiles;
}

export async function findMatches(directory: DirectoryRepository, query: MatchQuery, geography?: Geography): Promise<MatchResult[]> {
  if (query.needs.length === 0 || (query.filters?.nearMe && !query.origin)) return [];
  const near = query.origin
    ? { latitude: query.origin.latitude, longitude: query.origin.longitude, withinMiles: Math.max(0, reachMiles(query)) + STORE_MARGIN_MILES }
    : undefined;
  const services = await loadServices(directory, query.needs, near);
  return matchServices(services, query, geography);
}
