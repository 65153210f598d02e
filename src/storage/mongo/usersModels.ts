/**
 * Mongoose models for console users and sessions: email unique; sessions expire by MongoDB's TTL monitor at
 * expiresAt (and get() checks expiresAt too, since the monitor runs about once a minute).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { ConsoleSessionDocument, ConsoleUserDocument } from '../shared/usersRecords';

export interface ConsoleModels {
  consoleUsers: Model<ConsoleUserDocument>;
  consoleSessions: Model<ConsoleSessionDocument>;
}

const options = { strict: false, minimize: false, versionKey: false } as const;

export function defineConsoleModels(connection: Connection): ConsoleModels {
  const users = new Schema<ConsoleUserDocument>({ _id: String, email: String, createdAt: Date }, options);
  users.index({ email: 1 }, { unique: true });
  users.index({ createdAt: 1, _id: 1 });

  const sessions = new Schema<ConsoleSessionDocument>({ _id: String, userId: String, expiresAt: Date, lastSeenAt: Date }, options);
  sessions.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  sessions.index({ userId: 1 });

  return {
    consoleUsers: connection.model<ConsoleUserDocument>('ConsoleUser', users, 'consoleUsers'),
    consoleSessions: connection.model<ConsoleSessionDocument>('ConsoleSession', sessions, 'consoleSessions'),
  };
}
