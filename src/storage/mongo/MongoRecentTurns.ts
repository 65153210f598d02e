/** A conversation's recent turns in MongoDB: a document a line (recentTurnsModel.ts), a turn's lines in one insertMany. */
import type { Model } from 'mongoose';
import type { ConversationKey, RecentTurns, TranscriptLine } from '../../services/transcript/RecentTurns';
import type { RecentTurnDocument } from './recentTurnsModel';

const NEWEST_FIRST = { at: -1, _id: -1 } as const;

export class MongoRecentTurns implements RecentTurns {
  constructor(private readonly model: Model<RecentTurnDocument>) {}

  async append({ channel, conversationId }: ConversationKey, lines: readonly TranscriptLine[], keep: number): Promise<void> {
    if (lines.length === 0) return;
    await this.model.insertMany(lines.map((line) => ({ channel, conversationId, from: line.from, text: line.text, at: new Date(line.at) })), { ordered: true });
    // The newest line beyond `keep`: it and everything older go.
    const [oldestGone] = await this.model.find({ channel, conversationId }).sort(NEWEST_FIRST).skip(keep).limit(1).select({ at: 1 }).lean<Pick<RecentTurnDocument, '_id' | 'at'>[]>();
    if (oldestGone) await this.model.deleteMany({ channel, conversationId, $or: [{ at: { $lt: oldestGone.at } }, { at: oldestGone.at, _id: { $lte: oldestGone._id } }] });
  }

  async read({ channel, conversationId }: ConversationKey, limit: number): Promise<TranscriptLine[]> {
    const docs = await this.model.find({ channel, conversationId }).sort(NEWEST_FIRST).limit(limit).lean<RecentTurnDocument[]>();
    return docs.reverse().map((doc) => ({ from: doc.from, text: doc.text, at: doc.at.toISOString() }));
  }

  async clear({ channel, conversationId }: ConversationKey): Promise<number> {
    return (await this.model.deleteMany({ channel, conversationId })).deletedCount;
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return (await this.model.deleteMany({ at: { $lt: cutoff } })).deletedCount;
  }
}
