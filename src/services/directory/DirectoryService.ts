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

export interface DirectoryQuery {
  /** Services meeting any of these needs (all when omitted). */
  needs?: NeedId[];
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
