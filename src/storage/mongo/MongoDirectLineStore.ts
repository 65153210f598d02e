/**
 * Direct Line conversations and their activity logs in MongoDB: `$inc` on the conversation's lastWatermark in one
 * findOneAndUpdate hands out each watermark once, even across processes. Activities are kept as JSON text (keys such
 * as an Adaptive Card's "$schema" stay as they are). TTL indexes remove conversations idle past retention and their
 * activities as they age; deleteConversationsIdleSince does the same on demand.
 */
import type { Model } from 'mongoose';
import type { Activity } from 'botbuilder';
import { ConversationNotFoundError, type DirectLineConversation, type DirectLineStore, type StoredActivity } from '../../services/directline/DirectLineStore';
import { isDuplicateKey } from './errors';
import type { DirectLineActivityDocument as ActivityDocument, DirectLineConversationDocument as ConversationDocument } from './models';

/** Schemas, indexes and TTLs are in models.ts (directLineConversations, directLineActivities). */
export class MongoDirectLineStore implements DirectLineStore {
  constructor(
    private readonly conversations: Model<ConversationDocument>,
    private readonly activities: Model<ActivityDocument>,
  ) {}

  async createConversation(conversation: DirectLineConversation): Promise<boolean> {
    try {
      await this.conversations.create({
        _id: conversation.id,
        userId: conversation.userId,
        ...(conversation.locale ? { locale: conversation.locale } : {}),
        createdAt: conversation.createdAt,
        lastWatermark: 0,
        lastActivityAt: conversation.createdAt,
      });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async getConversation(id: string): Promise<DirectLineConversation | undefined> {
    const doc = await this.conversations.findById(id).lean<ConversationDocument>();
    if (!doc) return undefined;
    return { id: doc._id, userId: doc.userId, createdAt: doc.createdAt, ...(doc.locale ? { locale: doc.locale } : {}), lastActivityAt: doc.lastActivityAt };
  }

  async appendActivity(conversationId: string, activity: Partial<Activity>): Promise<number> {
    const now = new Date();
    const updated = await this.conversations
      .findOneAndUpdate({ _id: conversationId }, { $inc: { lastWatermark: 1 }, $set: { lastActivityAt: now } }, { returnDocument: 'after' })
      .lean<ConversationDocument>();
    if (!updated) throw new ConversationNotFoundError(conversationId);
    const watermark = updated.lastWatermark;
    await this.activities.create({ _id: `${conversationId}|${watermark}`, conversationId, watermark, json: JSON.stringify(activity), createdAt: now });
    return watermark;
  }

  async activitiesAfter(conversationId: string, afterWatermark: number, limit: number): Promise<StoredActivity[]> {
    const docs = await this.activities.find({ conversationId, watermark: { $gt: afterWatermark } }).sort({ watermark: 1 }).limit(limit).lean<ActivityDocument[]>();
    return docs.map((doc) => ({ watermark: doc.watermark, activity: JSON.parse(doc.json) as Partial<Activity> }));
  }

  async deleteConversation(id: string): Promise<boolean> {
    await this.activities.deleteMany({ conversationId: id });
    return (await this.conversations.deleteOne({ _id: id })).deletedCount > 0;
  }

  async deleteConversationsIdleSince(cutoff: Date): Promise<number> {
    const idle = await this.conversations.find({ lastActivityAt: { $lt: cutoff } }, { _id: 1 }).lean<{ _id: string }[]>();
    if (idle.length === 0) return 0;
    const ids = idle.map((doc) => doc._id);
    await this.activities.deleteMany({ conversationId: { $in: ids } });
    return (await this.conversations.deleteMany({ _id: { $in: ids } })).deletedCount;
  }
}
