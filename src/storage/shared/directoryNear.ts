/**
 * The directory's area search (DirectoryQuery.near) as every adapter answers it: what "within reach" means, checked the
 * same way, and the parts of the filter MongoDB needs. The embedded store measures each candidate exactly with
 * isWithinReach; MongoDB asks its 2dsphere index (MongoDirectory).
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

/** Filters, in MongoDB's operators, for services that serve everyone. */
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
