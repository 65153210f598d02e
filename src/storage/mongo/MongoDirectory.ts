/**
 * The community services directory in MongoDB: one document per service, keyed by its id.
 *
 * For the area search (DirectoryQuery.near) each document also carries `geo`, worked out from its locations whenever
 * they are written and never returned: `geo.points`, an array of { point: GeoJSON Point } (one per location with a map
 * position; a 2dsphere index on `geo.points.point`, see models.ts), and `geo.byPostcode`, true when a location has a
 * postcode but no map position. The points sit one level down so that the index and $geoWithin take each location on
 * its own: a MultiPoint would be "within" only when every location was, and a bare array of coordinate pairs reads as
 * a polygon. Documents written before `geo` existed get it on the first area search.
 */
import type { Model } from 'mongoose';
import type { DirectoryQuery, DirectoryRepository, DirectoryService, NearArea, ServiceLocation } from '../../services/directory/DirectoryService';
import { isLatLng } from '../../services/geography/distance';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { checkNear, nearRadians, placedByPostcodeOnly, SERVES_EVERYONE_FILTERS } from '../shared/directoryNear';
import { DIRECTORY_SORT, directorySearchFilter, serviceFromDocument, serviceToDocument, type ServiceDocument } from '../shared/documents';
import { paging } from '../shared/records';
import { directoryPatchFields, validateDirectoryService } from '../shared/validation';

/** GeoJSON: longitude first. */
interface GeoPoint {
  type: 'Point';
  coordinates: [number, number];
}

export interface ServiceGeo {
  points: { point: GeoPoint }[];
  byPostcode: boolean;
}

type StoredService = ServiceDocument & { geo?: ServiceGeo };

/** What the area search reads of a service's locations. */
export function geoOf(locations: readonly ServiceLocation[]): ServiceGeo {
  return {
    points: locations.filter(isLatLng).map((l) => ({ point: { type: 'Point', coordinates: [l.longitude, l.latitude] } })),
    byPostcode: locations.some(placedByPostcodeOnly),
  };
}

const fromStored = ({ geo: _geo, ...doc }: StoredService): DirectoryService => serviceFromDocument(doc);

/** The area part of a search: serves everyone, a location's point inside the circle, or placed by postcode only. */
/** The directory search as a MongoDB filter: the shared needs filter, and the area one beside it when asked. */
export function mongoSearchFilter(query: DirectoryQuery): Record<string, unknown> {
  const needs = directorySearchFilter(query);
  return query.near ? { $and: [needs, nearFilter(query.near)] } : needs;
}

export function nearFilter(near: NearArea): Record<string, unknown> {
  return {
    $or: [
      ...SERVES_EVERYONE_FILTERS,
      { 'geo.points.point': { $geoWithin: { $centerSphere: [[near.longitude, near.latitude], nearRadians(near)] } } },
      { 'geo.byPostcode': true },
    ],
  };
}

export class MongoDirectory implements DirectoryRepository {
  private geoReady?: Promise<void>;

  constructor(private readonly model: Model<ServiceDocument>) {}

  async upsertMany(services: DirectoryService[]): Promise<{ inserted: number; updated: number }> {
    services.forEach(validateDirectoryService);
    if (services.length === 0) return { inserted: 0, updated: 0 };
    // ordered: a service repeated within one import ends as its last version, as it would one by one.
    const result = await this.model.bulkWrite(
      services.map((service) => ({ replaceOne: { filter: { _id: service.id }, replacement: { ...serviceToDocument(service), geo: geoOf(service.locations) }, upsert: true } })),
      { ordered: true },
    );
    const inserted = result.upsertedCount;
    return { inserted, updated: services.length - inserted };
  }

  async get(id: string): Promise<DirectoryService | null> {
    const doc = await this.model.findById(id).lean<StoredService>();
    return doc ? fromStored(doc) : null;
  }

  async update(id: string, patch: Partial<Omit<DirectoryService, 'id'>>): Promise<DirectoryService> {
    const fields = directoryPatchFields(patch);
    const set = fields.locations ? { ...fields, geo: geoOf(fields.locations as ServiceLocation[]) } : fields;
    const doc = await this.model.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }).lean<StoredService>();
    if (!doc) throw new NotFoundError('Directory service', id);
    return fromStored(doc);
  }

  async search(query: DirectoryQuery = {}): Promise<DirectoryService[]> {
    const { limit, offset } = paging(query, 1000, 100_000);
    if (query.near) {
      checkNear(query.near);
      await this.ensureGeo();
    }
    const docs = await this.model.find(mongoSearchFilter(query)).sort(DIRECTORY_SORT).skip(offset).limit(limit).lean<StoredService[]>();
    return docs.map(fromStored);
  }

  count(): Promise<number> {
    return this.model.countDocuments({});
  }

  /** Once per process: gives `geo` to services stored before it existed (tried again after a failure). */
  private ensureGeo(): Promise<void> {
    this.geoReady ??= this.addMissingGeo().catch((error: unknown) => {
      this.geoReady = undefined;
      throw error;
    });
    return this.geoReady;
  }

  private async addMissingGeo(): Promise<void> {
    const docs = await this.model.find({ geo: { $exists: false } }, { locations: 1 }).lean<Pick<StoredService, '_id' | 'locations'>[]>();
    if (docs.length === 0) return;
    // Only where the locations are still the ones read, so a service replaced meanwhile keeps its own geo.
    await this.model.bulkWrite(docs.map((doc) => ({
      updateOne: { filter: { _id: doc._id, geo: { $exists: false }, locations: doc.locations }, update: { $set: { geo: geoOf(doc.locations ?? []) } } },
    })), { ordered: false });
  }
}
