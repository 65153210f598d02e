/**
 * The community services directory in the embedded store: one document per service, keyed by its id.
 * The area search (DirectoryQuery.near) asks nedb for a cheap superset (serves everyone, a location inside the
 * bounding box of the circle, or a location placed by postcode only), then measures each location exactly.
 */
import type Datastore from '@seald-io/nedb';
import type { DirectoryQuery, DirectoryRepository, DirectoryService, NearArea } from '../../services/directory/DirectoryService';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { checkNear, isWithinReach, nearBoundingBox, SERVES_EVERYONE_FILTERS } from '../shared/directoryNear';
import { paging } from '../shared/records';
import { DIRECTORY_SORT, directorySearchFilter, serviceFromDocument, serviceToDocument, type ServiceDocument } from '../shared/documents';
import { directoryPatchFields, validateDirectoryService } from '../shared/validation';
import { Mutex } from './Mutex';

export type DirectoryDoc = ServiceDocument & Record<string, unknown>;

const toDoc = (service: DirectoryService) => serviceToDocument(service) as DirectoryDoc;
const fromDoc = (doc: DirectoryDoc) => serviceFromDocument(doc);

/** nedb's first cut for an area: every service within reach passes it, and some that are not. */
function nearPrefilter(near: NearArea): Record<string, unknown> {
  const box = nearBoundingBox(near);
  const onTheGlobe = { latitude: { $gte: -90, $lte: 90 }, longitude: { $gte: -180, $lte: 180 } };
  return {
    $or: [
      ...SERVES_EVERYONE_FILTERS,
      { locations: { $elemMatch: { latitude: { $gte: box.minLatitude, $lte: box.maxLatitude }, longitude: { $gte: box.minLongitude, $lte: box.maxLongitude } } } },
      { locations: { $elemMatch: { postcode: { $exists: true }, $not: onTheGlobe } } },
    ],
  };
}

export class EmbeddedDirectory implements DirectoryRepository {
  private readonly lock = new Mutex();

  constructor(private readonly db: Datastore<DirectoryDoc>) {}

  async upsertMany(services: DirectoryService[]): Promise<{ inserted: number; updated: number }> {
    services.forEach(validateDirectoryService);
    return this.lock.run(async () => {
      const existing = new Set((await this.db.findAsync({ _id: { $in: services.map((s) => s.id) } }, { _id: 1 })).map((d) => d._id));
      let inserted = 0;
      let updated = 0;
      for (const service of services) {
        await this.db.updateAsync({ _id: service.id }, toDoc(service), { upsert: true });
        if (existing.has(service.id)) updated += 1;
        else {
          inserted += 1;
          existing.add(service.id);
        }
      }
      return { inserted, updated };
    });
  }

  async get(id: string): Promise<DirectoryService | null> {
    const doc = await this.db.findOneAsync({ _id: id });
    return doc ? fromDoc(doc) : null;
  }

  async update(id: string, patch: Partial<Omit<DirectoryService, 'id'>>): Promise<DirectoryService> {
    const fields = directoryPatchFields(patch);
    const { affectedDocuments } = await this.db.updateAsync({ _id: id }, { $set: fields }, { returnUpdatedDocs: true });
    if (!affectedDocuments) throw new NotFoundError('Directory service', id);
    return fromDoc(affectedDocuments as DirectoryDoc);
  }

  async search(query: DirectoryQuery = {}): Promise<DirectoryService[]> {
    const filter = directorySearchFilter(query);
    const { limit, offset } = paging(query, 1000, 100_000);
    const near = query.near;
    if (!near) {
      const docs = await this.db.findAsync(filter).sort(DIRECTORY_SORT).skip(offset).limit(limit);
      return docs.map(fromDoc);
    }
    checkNear(near);
    // Measured after nedb's cut, so the page is taken here.
    const docs = await this.db.findAsync({ $and: [filter, nearPrefilter(near)] }).sort(DIRECTORY_SORT);
    return docs.filter((doc) => isWithinReach(doc, near)).slice(offset, offset + limit).map(fromDoc);
  }

  count(): Promise<number> {
    return this.db.countAsync({});
  }
}
