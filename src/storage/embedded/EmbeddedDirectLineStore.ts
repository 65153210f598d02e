/**
 * Direct Line conversations and their activity logs in the embedded store: two nedb files, opened, compacted and
 * closed with the others by openEmbeddedStores. nedb runs one operation at a time, so `$inc` on a conversation's
 * lastWatermark hands out each watermark once. Activities are kept as JSON text: bot activities may hold keys nedb
 * refuses (an Adaptive Card's "$schema").
 */
import type Datastore from '@seald-io/nedb';
import type { Activity } from 'botbuilder';
import { ConversationNotFoundError, type DirectLineConversation, type DirectLineStore, type StoredActivity } from '../../channels/directline/DirectLineStore';

export type DirectLineConversationDoc = {
  _id: string;
  userId: string;
  locale?: string;
  createdAt: Date;
  lastWatermark: number;
  lastActivityAt: Date;
} & Record<string, unknown>;

export type DirectLineActivityDoc = {
  _id: string;
  conversationId: string;
  watermark: number;
  json: string;
  createdAt: Date;
} & Record<string, unknown>;

/** Indexes the two files need (openEmbeddedStores passes them to openDatafile). */
export const DIRECT_LINE_INDEXES = {
  conversations: [{ fieldName: 'lastActivityAt' }],
  activities: [{ fieldName: 'conversationId' }],
};

export class EmbeddedDirectLineStore implements DirectLineStore {
  constructor(
    private readonly conversations: Datastore<DirectLineConversationDoc>,
    private readonly activities: Datastore<DirectLineActivityDoc>,
  ) {}

  async createConversation(conversation: DirectLineConversation): Promise<boolean> {
    try {
      await this.conversations.insertAsync({
        _id: conversation.id,
        userId: conversation.userId,
        ...(conversation.locale ? { locale: conversation.locale } : {}),
        createdAt: conversation.createdAt,
        lastWatermark: 0,
        lastActivityAt: conversation.createdAt,
      });
      return true;
    } catch (error) {
      if ((error as { errorType?: string }).errorType === 'uniqueViolated') return false;
      throw error;
    }
  }

  async getConversation(id: string): Promise<DirectLineConversation | undefined> {
    const doc = await this.conversations.findOneAsync({ _id: id });
    if (!doc) return undefined;
    return { id: doc._id, userId: doc.userId, createdAt: doc.createdAt, ...(doc.locale ? { locale: doc.locale } : {}), lastActivityAt: doc.lastActivityAt };
  }

  async appendActivity(conversationId: string, activity: Partial<Activity>): Promise<number> {
    const now = new Date();
    const { affectedDocuments } = await this.conversations.updateAsync(
      { _id: conversationId },
      { $inc: { lastWatermark: 1 }, $set: { lastActivityAt: now } },
      { returnUpdatedDocs: true },
    );
    const updated = affectedDocuments as DirectLineConversationDoc | null;
    if (!updated) throw new ConversationNotFoundError(conversationId);
    const watermark = updated.lastWatermark;
    await this.activities.insertAsync({ _id: `${conversationId}|${watermark}`, conversationId, watermark, json: JSON.stringify(activity), createdAt: now });
    return watermark;
  }

  async activitiesAfter(conversationId: string, afterWatermark: number, limit: number): Promise<StoredActivity[]> {
    const docs = await this.activities.findAsync({ conversationId, watermark: { $gt: afterWatermark } }).sort({ watermark: 1 }).limit(limit);
    return docs.map((doc) => ({ watermark: doc.watermark, activity: JSON.parse(doc.json) as Partial<Activity> }));
  }

  async deleteConversation(id: string): Promise<boolean> {
    await this.activities.removeAsync({ conversationId: id }, { multi: true });
    return (await this.conversations.removeAsync({ _id: id }, {})) > 0;
  }

  async deleteConversationsIdleSince(cutoff: Date): Promise<number> {
    const idle = await this.conversations.findAsync({ lastActivityAt: { $lt: cutoff } }, { _id: 1 });
    for (const { _id } of idle) await this.deleteConversation(_id);
    return idle.length;
  }
}
