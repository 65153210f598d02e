/**
 * Direct Line conversations and their activities in the embedded store: a row per conversation and a row per activity
 * (appended, as JSON text: bot activities may hold keys such as an Adaptive Card's "$schema"). An append bumps the
 * conversation's lastWatermark and inserts the activity in one transaction, so each watermark is handed out once
 * even with several processes.
 */
import type { Activity } from 'botbuilder';
import { ConversationNotFoundError, type DirectLineConversation, type DirectLineStore, type StoredActivity } from '../../services/directline/DirectLineStore';
import type { Database } from './database';

interface ConversationRow {
  id: string;
  user_id: string;
  locale: string | null;
  created_at: number;
  last_activity_at: number;
}

export class EmbeddedDirectLineStore implements DirectLineStore {
  private readonly insertConversation;
  private readonly conversation;
  private readonly bump;
  private readonly insertActivity;
  private readonly after;
  private readonly remove;
  private readonly appendTx;

  constructor(private readonly database: Database) {
    const { db } = database;
    this.insertConversation = db.prepare<[string, string, string | null, number, number]>(
      'INSERT INTO directline_conversations (id, user_id, locale, created_at, last_watermark, last_activity_at) VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.conversation = db.prepare<[string], ConversationRow>('SELECT id, user_id, locale, created_at, last_activity_at FROM directline_conversations WHERE id = ?');
    // Activities through the synchronous=NORMAL connection (database.ts): several a turn, already delivered live.
    const { normalDb } = database;
    this.bump = normalDb.prepare<[number, string], { last_watermark: number }>('UPDATE directline_conversations SET last_watermark = last_watermark + 1, last_activity_at = ? WHERE id = ? RETURNING last_watermark');
    this.insertActivity = normalDb.prepare<[string, number, number, string]>('INSERT INTO directline_activities (conversation_id, watermark, created_at, json) VALUES (?, ?, ?, ?)');
    this.after = db.prepare<[string, number, number], { watermark: number; json: string }>('SELECT watermark, json FROM directline_activities WHERE conversation_id = ? AND watermark > ? ORDER BY watermark LIMIT ?');
    this.remove = db.prepare<[string]>('DELETE FROM directline_conversations WHERE id = ?');
    this.appendTx = normalDb.transaction((conversationId: string, json: string) => {
      const now = Date.now();
      const bumped = this.bump.get(now, conversationId);
      if (!bumped) throw new ConversationNotFoundError(conversationId);
      this.insertActivity.run(conversationId, bumped.last_watermark, now, json);
      return bumped.last_watermark;
    });
  }

  async createConversation(conversation: DirectLineConversation): Promise<boolean> {
    this.database.check();
    const at = conversation.createdAt.getTime();
    return this.insertConversation.run(conversation.id, conversation.userId, conversation.locale ?? null, at, at).changes === 1;
  }

  async getConversation(id: string): Promise<DirectLineConversation | undefined> {
    this.database.check();
    const row = this.conversation.get(id);
    if (!row) return undefined;
    return { id: row.id, userId: row.user_id, createdAt: new Date(row.created_at), ...(row.locale ? { locale: row.locale } : {}), lastActivityAt: new Date(row.last_activity_at) };
  }

  async appendActivity(conversationId: string, activity: Partial<Activity>): Promise<number> {
    const json = JSON.stringify(activity);
    this.database.check();
    return this.appendTx.immediate(conversationId, json);
  }

  async activitiesAfter(conversationId: string, afterWatermark: number, limit: number): Promise<StoredActivity[]> {
    this.database.check();
    return this.after.all(conversationId, afterWatermark, limit).map((row) => ({ watermark: row.watermark, activity: JSON.parse(row.json) as Partial<Activity> }));
  }

  async deleteConversation(id: string): Promise<boolean> {
    this.database.check();
    // Its activities go with it (ON DELETE CASCADE).
    return this.remove.run(id).changes > 0;
  }

  async deleteConversationsIdleSince(cutoff: Date): Promise<number> {
    this.database.check();
    return this.database.db.prepare('DELETE FROM directline_conversations WHERE last_activity_at < ?').run(cutoff.getTime()).changes;
  }
}
