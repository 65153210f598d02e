/** Canned replies in MongoDB: one document per reply in `cannedReplies`. */
import { Schema, type Connection, type Model } from 'mongoose';
import type { CannedReply, CannedReplyPatch, CannedReplyStore, NewCannedReply } from '../../services/replies/CannedReplies';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { cannedReplyFromDocument, cannedReplyPatchFields, newCannedReplyDocument, sortReplies, type CannedReplyDocument } from '../shared/cannedReplyRecords';

export function defineCannedReplyModel(connection: Connection): Model<CannedReplyDocument> {
  const schema = new Schema<CannedReplyDocument>({ _id: String, title: String, createdAt: Date }, { strict: false, minimize: false, versionKey: false });
  return connection.model<CannedReplyDocument>('CannedReply', schema, 'cannedReplies');
}

export class MongoCannedReplies implements CannedReplyStore {
  constructor(private readonly model: Model<CannedReplyDocument>) {}

  async list(): Promise<CannedReply[]> {
    return sortReplies((await this.model.find({}).lean<CannedReplyDocument[]>()).map(cannedReplyFromDocument));
  }

  async get(id: string): Promise<CannedReply | null> {
    const doc = await this.model.findById(id).lean<CannedReplyDocument>();
    return doc ? cannedReplyFromDocument(doc) : null;
  }

  async create(reply: NewCannedReply): Promise<CannedReply> {
    const doc = newCannedReplyDocument(reply, new Date());
    await this.model.create(doc);
    return cannedReplyFromDocument(doc);
  }

  async update(id: string, patch: CannedReplyPatch): Promise<CannedReply> {
    const doc = await this.model.findOneAndUpdate({ _id: id }, { $set: cannedReplyPatchFields(patch, new Date()) }, { returnDocument: 'after' }).lean<CannedReplyDocument>();
    if (!doc) throw new NotFoundError('Canned reply', id);
    return cannedReplyFromDocument(doc);
  }

  async delete(id: string): Promise<boolean> {
    const { deletedCount } = await this.model.deleteOne({ _id: id });
    return deletedCount > 0;
  }
}
