import type { NeedId } from '../needs/taxonomy';

export type Delivery = 'in-person' | 'online' | 'phone';

export interface ServiceLocation {
  name?: string;
  address?: string;
  postcode?: string;
  latitude?: number;
  longitude?: number;
}

/** Weekly opening: days 0 (Sunday) .. 6 (Saturday), local times "HH:MM". */
export interface OpeningTime {
  days: number[];
  opens: string;
  closes: string;
  note?: string;
}

/** One community service as Signpost holds it (mapped from Open Referral UK / HSDS or CSV). */
export interface DirectoryService {
  id: string;
  name: string;
  organisation?: string;
  description: string;
  needs: NeedId[];
  /** Original taxonomy terms, kept for provenance and re-mapping. */
  taxonomyTerms: string[];
  url?: string;
  email?: string;
  phone?: string;
  locations: ServiceLocation[];
  /** national: serves everyone wherever they live. */
  coverage: 'local' | 'national';
  delivery: Delivery[];
  openingTimes: OpeningTime[];
  /** The source's own words for opening times, kept when they could not all be read into openingTimes. */
  openingText?: string;
  eligibility: { minAge?: number; maxAge?: number; description?: string };
  /** true free, false paid, undefined unknown. */
  free?: boolean;
  howToAccess?: string;
  source: { dataset: string; licence: string; originalId?: string };
  updatedAt: Date;
}

/** A circle on the map: a point (WGS84 degrees) and a distance from it in miles. */
export interface NearArea {
  latitude: number;
  longitude: number;
  /** Great-circle miles, on the same sphere as milesBetween (src/services/geography/distance.ts). */
  withinMiles: number;
}

export interface DirectoryQuery {
  /** Services meeting any of these needs (all when omitted). */
  needs?: NeedId[];
  /**
   * Only services a person at this point could reach, which is:
   * - services with a location whose map position is within withinMiles of the point;
   * - services that serve everyone wherever they live: coverage national, or delivered online or by phone;
   * - services with a location that has a postcode but no map position: a store cannot measure those, so it returns
   *   them and the caller places them by postcode.
   * A service far away on every measured location, and with none of the above, is left out. This is what a person's
   * place narrows the directory to before matching measures and ranks (matching still drops what is too far).
   * Throws InvalidRecordError for a point off the globe or a distance that is negative or not a number.
   */
  near?: NearArea;
  limit?: number;
  offset?: number;
}

/** Port for the community services directory. Every storage adapter implements it and passes the conformance suite. */
export interface DirectoryRepository {
  /** Insert or update by id (idempotent re-import). */
  upsertMany(services: DirectoryService[]): Promise<{ inserted: number; updated: number }>;
  get(id: string): Promise<DirectoryService | null>;
  /** Throws NotFoundError. */
  update(id: string, patch: Partial<Omit<DirectoryService, 'id'>>): Promise<DirectoryService>;
  search(query?: DirectoryQuery): Promise<DirectoryService[]>;
  count(): Promise<number>;
}
