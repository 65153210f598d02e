/**
 * Mongoose model for a conversation's recent turns: a document a line, read newest first by conversation (the index
 * leads with channel and conversation, then time and _id: a turn's lines, inserted together, share their time and keep
 * their order by _id). Retention runs through purgeExpired by `at`, as the embedded store does.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { TranscriptLine } from '../../services/transcript/RecentTurns';

export interface RecentTurnDocument {
  _id: Types.ObjectId;
  channel: string;
  conversationId: string;
  from: TranscriptLine['from'];
  text: string;
  at: Date;
}

export function defineRecentTurnsModel(connection: Connection): Model<RecentTurnDocument> {
  const schema = new Schema<RecentTurnDocument>({ channel: String, conversationId: String, from: String, text: String, at: Date }, { strict: false, minimize: false, versionKey: false });
  schema.index({ channel: 1, conversationId: 1, at: -1, _id: -1 });
  schema.index({ at: 1 });
  return connection.model<RecentTurnDocument>('RecentTurn', schema, 'recentTurns');
}
