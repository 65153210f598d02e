import type { NationName } from '../geography/nation';
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
  eligibility: {
    minAge?: number;
    maxAge?: number;
    /** The source's own words about who it is for. */
    description?: string;
    /**
     * Sentences from the source's words (eligibility, notes, referral rules, description) that limit who it is for:
     * "For people having alcohol/drug issues only!", "Members only" (matching/restrictions.ts). Shown as they are;
     * matching ranks the service after unrestricted ones unless it can tell the person fits.
     */
    restrictions?: string[];
  };
  /** true free, false paid, undefined unknown. */
  free?: boolean;
  /** The source's words about cost ("£1 donation if possible", "£35 per 1 hour session"). */
  fees?: string;
  howToAccess?: string;
  /** The source's words about referrals ("Self-referral or a referral from a supporting organisation"). */
  referral?: string;
  /** Anything else the source says (notes, alerts, additional access information), in its own words. */
  notes?: string;
  /** Languages it is offered in, as the source names them. */
  languages?: string[];
  /** Accessibility, as the source says it ("Wheelchair accessible", "Hearing loop"). */
  accessibility?: string[];
  /**
   * Nations it serves ("England", "Wales"...): a national service serves everyone in them; for an imported service,
   * the nations its Open Referral service areas and own locations are in. Never offered to someone in another nation.
   */
  nations?: Nation[];
  /**
   * Council areas it is for, when its Open Referral service areas name only council areas (import/serviceAreas.ts),
   * as the bundled postcode-district table names them: judged like "for residents of ..." (matching/eligibility.ts).
   */
  councilAreas?: string[];
  /** false: gone from its live feed (directory sync), kept for history and never matched. Absent: active. */
  active?: boolean;
  /** A link worker's mark: not suitable, closed or wrong number (console; audited). null: a mark was cleared. */
  mark?: ServiceMark | null;
  source: { dataset: string; licence: string; originalId?: string };
  updatedAt: Date;
}

export type Nation = NationName;
export const NATIONS: readonly Nation[] = ['England', 'Scotland', 'Wales', 'Northern Ireland'];

export type ServiceMarkKind = 'not-suitable' | 'closed' | 'wrong-number';

/**
 * A link worker's mark on a service. not-suitable lowers it in matching (after every unmarked service meeting as many
 * needs); closed and wrong-number take it out of matching until the mark is cleared (directory sync keeps it).
 */
export interface ServiceMark {
  kind: ServiceMarkKind;
  /** The console user's id. */
  by: string;
  /** Their first name, as the console shows it ("marked closed by Sam"). */
  byName?: string;
  /** ISO 8601. */
  at: string;
  note?: string;
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
