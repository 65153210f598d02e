/** The community services directory in MongoDB: one document per service, keyed by its id. */
import type { Model } from 'mongoose';
import type { DirectoryQuery, DirectoryRepository, DirectoryService } from '../../services/directory/DirectoryService';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { DIRECTORY_SORT, directorySearchFilter, serviceFromDocument, serviceToDocument, type ServiceDocument } from '../shared/documents';
import { paging } from '../shared/records';
import { directoryPatchFields, validateDirectoryService } from '../shared/validation';

export class MongoDirectory implements DirectoryRepository {
  constructor(private readonly model: Model<ServiceDocument>) {}

  async upsertMany(services: DirectoryService[]): Promise<{ inserted: number; updated: number }> {
    services.forEach(validateDirectoryService);
    if (services.length === 0) return { inserted: 0, updated: 0 };
    // ordered: a service repeated within one import ends as its last version, as it would one by one.
    const result = await this.model.bulkWrite(
      services.map((service) => ({ replaceOne: { filter: { _id: service.id }, replacement: serviceToDocument(service), upsert: true } })),
      { ordered: true },
    );
    const inserted = result.upsertedCount;
    return { inserted, updated: services.length - inserted };
  }

  async get(id: string): Promise<DirectoryService | null> {
    const doc = await this.model.findById(id).lean<ServiceDocument>();
    return doc ? serviceFromDocument(doc) : null;
  }

  async update(id: string, patch: Partial<Omit<DirectoryService, 'id'>>): Promise<DirectoryService> {
    const fields = directoryPatchFields(patch);
    const doc = await this.model.findOneAndUpdate({ _id: id }, { $set: fields }, { returnDocument: 'after' }).lean<ServiceDocument>();
    if (!doc) throw new NotFoundError('Directory service', id);
    return serviceFromDocument(doc);
  }

  async search(query: DirectoryQuery = {}): Promise<DirectoryService[]> {
    const { limit, offset } = paging(query, 1000, 100_000);
    const docs = await this.model.find(directorySearchFilter(query)).sort(DIRECTORY_SORT).skip(offset).limit(limit).lean<ServiceDocument[]>();
    return docs.map(serviceFromDocument);
  }

  count(): Promise<number> {
    return this.model.countDocuments({});
  }
}
