import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { projectPath } from '../../paths';
import type { LatLng } from './distance';
import { parsePostcode } from './postcode';

/** A place Signpost can measure from: a postcode district's centroid. */
export interface Place extends LatLng {
  /** What people see, e.g. "BS16". */
  label: string;
  district: string;
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
}

export const DEFAULT_DISTRICTS_FILE = projectPath('data', 'geography', 'postcode-districts.csv');

/** Geography from the bundled table of UK postcode-district centroids (data/geography, see its PROVENANCE.md). */
export class DistrictGeography implements Geography {
  private readonly places: ReadonlyMap<string, Place>;

  constructor(places: Iterable<Place>) {
    this.places = new Map([...places].map((p) => [p.district, p]));
  }

  /** Reads a CSV with columns district, latitude, longitude, area. */
  static fromFile(file = DEFAULT_DISTRICTS_FILE): DistrictGeography {
    const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
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

  district(district: string): Place | undefined {
    return this.places.get(district.trim().toUpperCase());
  }

  locate(postcodeOrDistrict: string): Located {
    const parsed = parsePostcode(postcodeOrDistrict);
    if (!parsed.ok) return { status: parsed.reason };
    const place = this.places.get(parsed.district);
    if (!place) return { status: 'unknown', district: parsed.district };
    return parsed.kind === 'full' ? { status: 'found', place, postcode: parsed.postcode } : { status: 'found', place };
  }
}

let bundled: DistrictGeography | undefined;

/** The bundled geography, read once (about 2,900 districts, a few milliseconds). */
export function bundledGeography(): DistrictGeography {
  bundled ??= DistrictGeography.fromFile();
  return bundled;
}
