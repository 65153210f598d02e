import { projectPath } from '../../paths';
import type { LatLng } from './distance';
import { readPlainTable } from './plainTable';
import { parsePostcode } from './postcode';

/** A place Signpost can measure from: a postcode district's centroid, or a postcode sector's where it is known. */
export interface Place extends LatLng {
  /** What people see: the district, e.g. "BS16" (a sector too: people know "S10", not "S10 2"). */
  label: string;
  district: string;
  /** The postcode sector ("S10 2") when the place is a sector's centre (from bundled full-postcode positions). */
  sector?: string;
  /** Local authority, e.g. "Bristol"; may be empty. */
  area: string;
}

export type Located =
  | { status: 'found'; place: Place; /** The normalised full postcode, when one was given. */ postcode?: string }
  | { status: 'empty' }
  | { status: 'malformed' }
  | { status: 'unknown'; district: string };

/** Postcode -> place, offline. */
export interface Geography {
  locate(postcodeOrDistrict: string): Located;
  /** The place of a district such as "S6", or undefined. */
  district(district: string): Place | undefined;
  /** The centre of a postcode sector such as "S10 2", where full-postcode positions are bundled; else undefined. */
  sector?(sector: string): Place | undefined;
  /** The position of a full postcode such as "S10 2FD", where bundled; else undefined. */
  position?(postcode: string): LatLng | undefined;
}

/** "S10 2FD" -> "S10 2"; undefined for anything that is not a full postcode. */
export function postcodeSector(postcode: string | undefined): string | undefined {
  if (!postcode) return undefined;
  const parsed = parsePostcode(postcode);
  return parsed.ok && parsed.kind === 'full' ? parsed.postcode.slice(0, -2) : undefined;
}

export const DEFAULT_DISTRICTS_FILE = projectPath('data', 'geography', 'postcode-districts.csv');
export const DEFAULT_FULL_POSTCODES_FILE = projectPath('data', 'geography', 'full-postcodes.csv');

/** Geography from the bundled table of UK postcode-district centroids (data/geography, see its PROVENANCE.md). */
export class DistrictGeography implements Geography {
  private readonly places: ReadonlyMap<string, Place>;
  private positions: ReadonlyMap<string, LatLng> = new Map();
  private sectors: ReadonlyMap<string, Place> = new Map();

  constructor(places: Iterable<Place>) {
    this.places = new Map([...places].map((p) => [p.district, p]));
  }

  /**
   * Adds full-postcode positions (a CSV with postcode, latitude, longitude; see data/geography/PROVENANCE.md): full
   * postcodes there are placed exactly, and their sectors get a centre (the mean of their postcodes).
   */
  withFullPostcodes(file = DEFAULT_FULL_POSTCODES_FILE): this {
    const rows = readPlainTable(file);
    const positions = new Map<string, LatLng>();
    const sums = new Map<string, { latitude: number; longitude: number; count: number }>();
    for (const row of rows) {
      const parsed = parsePostcode(row.postcode ?? '');
      const latitude = Number(row.latitude);
      const longitude = Number(row.longitude);
      if (!parsed.ok || parsed.kind !== 'full' || !Number.isFinite(latitude) || !Number.isFinite(longitude)) continue;
      positions.set(parsed.postcode, { latitude, longitude });
      const sector = parsed.postcode.slice(0, -2);
      const sum = sums.get(sector) ?? { latitude: 0, longitude: 0, count: 0 };
      sums.set(sector, { latitude: sum.latitude + latitude, longitude: sum.longitude + longitude, count: sum.count + 1 });
    }
    const sectors = new Map<string, Place>();
    for (const [sector, sum] of sums) {
      const district = this.places.get(sector.split(' ')[0]);
      if (!district) continue;
      const round = (n: number): number => Math.round(n * 10_000) / 10_000;
      sectors.set(sector, { label: district.district, district: district.district, sector, area: district.area, latitude: round(sum.latitude / sum.count), longitude: round(sum.longitude / sum.count) });
    }
    this.positions = positions;
    this.sectors = sectors;
    return this;
  }

  sector(sector: string): Place | undefined {
    return this.sectors.get(sector.trim().toUpperCase().replace(/\s+/g, ' '));
  }

  position(postcode: string): LatLng | undefined {
    const parsed = parsePostcode(postcode);
    return parsed.ok && parsed.kind === 'full' ? this.positions.get(parsed.postcode) : undefined;
  }

  /** Reads a CSV with columns district, latitude, longitude, area. */
  static fromFile(file = DEFAULT_DISTRICTS_FILE): DistrictGeography {
    const rows = readPlainTable(file);
    return new DistrictGeography(rows.map((row, index) => {
      const latitude = Number(row.latitude);
      const longitude = Number(row.longitude);
      const district = (row.district ?? '').trim().toUpperCase();
      if (!district || !Number.isFinite(latitude) || !Number.isFinite(longitude) || row.latitude === '' || row.longitude === '') {
        throw new Error(`${file}: row ${index + 2} needs district, latitude and longitude`);
      }
      return { label: district, district, latitude, longitude, area: (row.area ?? '').trim() };
    }));
  }

  get size(): number {
    return this.places.size;
  }

  /** Every district's place. */
  districts(): Place[] {
    return [...this.places.values()];
  }

  district(district: string): Place | undefined {
    return this.places.get(district.trim().toUpperCase());
  }

  locate(postcodeOrDistrict: string): Located {
    const parsed = parsePostcode(postcodeOrDistrict);
    if (!parsed.ok) return { status: parsed.reason };
    const place = this.places.get(parsed.district);
    if (!place) return { status: 'unknown', district: parsed.district };
    if (parsed.kind !== 'full') return { status: 'found', place };
    // A full postcode whose sector has bundled positions is measured from the sector's centre.
    return { status: 'found', place: this.sectors.get(parsed.postcode.slice(0, -2)) ?? place, postcode: parsed.postcode };
  }
}

let bundled: DistrictGeography | undefined;

/** The bundled geography, read once (about 2,900 districts and 12,000 Sheffield postcodes, a few tens of milliseconds). */
export function bundledGeography(): DistrictGeography {
  bundled ??= DistrictGeography.fromFile().withFullPostcodes();
  return bundled;
}
