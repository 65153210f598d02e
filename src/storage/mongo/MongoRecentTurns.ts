/**
 * The recent turns of each conversation (RecentTurns) in MongoDB: one document per conversation, keyed by its
 * bot-state key; a turn's lines are pushed with $each and $slice so the document keeps the last RECENT_LINES, and
 * updatedAt carries a TTL index for retention (RETENTION_DAYS).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { lastLines, RECENT_LINES, storedLine, type RecentLine, type RecentTurns } from '../../services/transcript/RecentTurns';

export interface RecentTurnsDocument {
  _id: string;
  lines: RecentLine[];
  updatedAt: Date;
}

const DAY_SECONDS = 24 * 60 * 60;
/** MongoDB keeps expireAfterSeconds in a 32-bit integer (about 68 years). */
const MAX_EXPIRE_SECONDS = 2_147_483_647;

export function defineRecentTurnsModel(connection: Connection, retentionDays: number): Model<RecentTurnsDocument> {
  const schema = new Schema<RecentTurnsDocument>(
    { _id: String, lines: [{ _id: false, from: String, text: String, at: String }], updatedAt: Date },
    { minimize: false, versionKey: false },
  );
  schema.index({ updatedAt: 1 }, { expireAfterSeconds: Math.min(retentionDays * DAY_SECONDS, MAX_EXPIRE_SECONDS) });
  return connection.model<RecentTurnsDocument>('RecentTurns', schema, 'recentTurns');
}

export class MongoRecentTurns implements RecentTurns {
  constructor(private readonly model: Model<RecentTurnsDocument>) {}

  async append(conversationKey: string, lines: RecentLine[]): Promise<void> {
    if (typeof conversationKey !== 'string' || conversationKey === '') throw new Error('A conversation key is required');
    if (lines.length === 0) return;
    await this.model.updateOne(
      { _id: conversationKey },
      { $push: { lines: { $each: lastLines(lines.map(storedLine)), $slice: -RECENT_LINES } }, $set: { updatedAt: new Date() } },
      { upsert: true },
    );
  }

  async recent(conversationKey: string, limit = RECENT_LINES): Promise<RecentLine[]> {
    const doc = await this.model.findById(conversationKey, { lines: 1 }).lean<Pick<RecentTurnsDocument, 'lines'> | null>();
    return lastLines(doc?.lines ?? [], limit).map(({ from, text, at }) => ({ from, text, at }));
  }

  async erase(conversationKeys: string[]): Promise<number> {
    if (conversationKeys.length === 0) return 0;
    return (await this.model.deleteMany({ _id: { $in: conversationKeys } })).deletedCount;
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return (await this.model.deleteMany({ updatedAt: { $lt: cutoff } })).deletedCount;
  }

  /** The connection is the Stores' to close. */
  async close(): Promise<void> {}
}
