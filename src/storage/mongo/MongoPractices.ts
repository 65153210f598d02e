/** The imported GP practice list in MongoDB: one document per practice (_id the ODS code), found by code or name key. */
import { Schema, type Connection, type Model } from 'mongoose';
import { practiceNameKey, type GpPractice, type PracticeList } from '../../services/dataset/practices';

export interface PracticeDocument {
  _id: string;
  name: string;
  nameKey: string;
  postcode?: string;
}

export function definePracticeModel(connection: Connection): Model<PracticeDocument> {
  const schema = new Schema<PracticeDocument>({ _id: String, name: String, nameKey: String, postcode: String }, { strict: false, versionKey: false });
  schema.index({ nameKey: 1, _id: 1 });
  return connection.models.GpPractice ?? connection.model<PracticeDocument>('GpPractice', schema, 'gp_practices');
}

const fromDoc = (doc: PracticeDocument): GpPractice => ({ odsCode: doc._id, name: doc.name, ...(doc.postcode ? { postcode: doc.postcode } : {}) });

export class MongoPractices implements PracticeList {
  constructor(private readonly model: Model<PracticeDocument>) {}

  /** Upserts the new list, then removes practices not in it: readers never see an empty list mid-import. */
  async replaceAll(practices: readonly GpPractice[]): Promise<number> {
    const codes = practices.map((p) => p.odsCode);
    if (practices.length > 0) {
      await this.model.bulkWrite(
        practices.map((p) => ({
          replaceOne: { filter: { _id: p.odsCode }, replacement: { _id: p.odsCode, name: p.name, nameKey: practiceNameKey(p.name), ...(p.postcode ? { postcode: p.postcode } : {}) }, upsert: true },
        })),
        { ordered: false },
      );
    }
    await this.model.deleteMany({ _id: { $nin: codes } });
    return this.count();
  }

  async count(): Promise<number> {
    return this.model.countDocuments({});
  }

  async get(odsCode: string): Promise<GpPractice | null> {
    const doc = await this.model.findById(odsCode).lean<PracticeDocument>();
    return doc ? fromDoc(doc) : null;
  }

  async findByNameKey(key: string, limit = 10): Promise<GpPractice[]> {
    const docs = await this.model.find({ nameKey: key }).sort({ _id: 1 }).limit(limit).lean<PracticeDocument[]>();
    return docs.map(fromDoc);
  }
}
