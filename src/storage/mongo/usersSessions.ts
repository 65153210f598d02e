/** Console sessions in MongoDB, by the hash of their token; a TTL index removes them once expired. */
import type { Model } from 'mongoose';
import type { ConsoleSession, ConsoleSessionStore } from '../../services/accounts/ConsoleUsers';
import { sessionFromDocument, sessionToDocument, type ConsoleSessionDocument } from '../shared/usersRecords';

export class MongoConsoleSessions implements ConsoleSessionStore {
  constructor(private readonly model: Model<ConsoleSessionDocument>) {}

  async create(session: ConsoleSession): Promise<void> {
    await this.model.create(sessionToDocument(session));
  }

  async get(id: string, now = new Date()): Promise<ConsoleSession | null> {
    const doc = await this.model.findOne({ _id: id, expiresAt: { $gt: now } }).lean<ConsoleSessionDocument>();
    return doc ? sessionFromDocument(doc) : null;
  }

  async touch(id: string, lastSeenAt: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { lastSeenAt } });
  }

  async delete(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id });
  }

  async deleteByUser(userId: string, exceptId?: string): Promise<number> {
    const { deletedCount } = await this.model.deleteMany(exceptId === undefined ? { userId } : { userId, _id: { $ne: exceptId } });
    return deletedCount;
  }

  async purgeExpired(now = new Date()): Promise<number> {
    const { deletedCount } = await this.model.deleteMany({ expiresAt: { $lte: now } });
    return deletedCount;
  }
}
