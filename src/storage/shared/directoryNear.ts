/**
 * The directory's area search (DirectoryQuery.near) as every adapter answers it: what "within reach" means, checked the
 * same way, and the parts of the filter both nedb and MongoDB understand. The embedded store narrows with a bounding
 * box, then measures exactly with isWithinReach; MongoDB asks its 2dsphere index (MongoDirectory).
 */
import type { DirectoryService, NearArea, ServiceLocation } from '../../services/directory/DirectoryService';
import { EARTH_RADIUS_MILES, isLatLng, milesBetween } from '../../services/geography/distance';
import { InvalidRecordError } from './validation';

/** Refuses a point off the globe or a distance that is negative or not a number (the same error on every adapter). */
export function checkNear(near: NearArea): void {
  const problems = [
    isLatLng(near) ? undefined : 'near.latitude and near.longitude must be a point on the globe (degrees)',
    Number.isFinite(near.withinMiles) && near.withinMiles >= 0 ? undefined : 'near.withinMiles must be a number of miles, 0 or more',
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new InvalidRecordError('directory search', problems);
}

/** The angle at the centre of the Earth that withinMiles spans, in radians (at most half way round). */
export const nearRadians = (near: NearArea): number => Math.min(near.withinMiles / EARTH_RADIUS_MILES, Math.PI);

/** Delivered so anyone can use it wherever they live. */
export const FROM_ANYWHERE_DELIVERY = ['online', 'phone'] as const;

/** Filters, in the operators nedb and MongoDB share, for services that serve everyone. */
export const SERVES_EVERYONE_FILTERS: Record<string, unknown>[] = [
  { coverage: 'national' },
  { delivery: { $in: [...FROM_ANYWHERE_DELIVERY] } },
];

/** A location with a postcode but no usable map position: only the caller's geography can place it. */
export const placedByPostcodeOnly = (location: ServiceLocation): boolean => Boolean(location.postcode) && !isLatLng(location);

/** The exact answer to "is this service within reach of the area" (DirectoryQuery.near). */
export function isWithinReach(service: Pick<DirectoryService, 'coverage' | 'delivery' | 'locations'>, near: NearArea): boolean {
  if (service.coverage === 'national') return true;
  if (service.delivery.some((d) => (FROM_ANYWHERE_DELIVERY as readonly string[]).includes(d))) return true;
  return service.locations.some((location) => placedByPostcodeOnly(location)
    || (isLatLng(location) && milesBetween(near, location) <= near.withinMiles));
}

export interface LatLngBox {
  minLatitude: number;
  maxLatitude: number;
  minLongitude: number;
  maxLongitude: number;
}

const degrees = (radians: number): number => (radians * 180) / Math.PI;
const radians = (deg: number): number => (deg * Math.PI) / 180;

/**
 * The smallest latitude/longitude box holding every point within reach (a cap on the sphere): a cheap first cut before
 * measuring. Near a pole, or across the 180th meridian, it spans every longitude.
 */
export function nearBoundingBox(near: NearArea): LatLngBox {
  const angle = nearRadians(near);
  const minLatitude = near.latitude - degrees(angle);
  const maxLatitude = near.latitude + degrees(angle);
  if (minLatitude <= -90 || maxLatitude >= 90) {
    return { minLatitude: Math.max(minLatitude, -90), maxLatitude: Math.min(maxLatitude, 90), minLongitude: -180, maxLongitude: 180 };
  }
  const spread = degrees(Math.asin(Math.min(1, Math.sin(angle) / Math.cos(radians(near.latitude)))));
  const minLongitude = near.longitude - spread;
  const maxLongitude = near.longitude + spread;
  if (minLongitude < -180 || maxLongitude > 180) return { minLatitude, maxLatitude, minLongitude: -180, maxLongitude: 180 };
  return { minLatitude, maxLatitude, minLongitude, maxLongitude };
}
