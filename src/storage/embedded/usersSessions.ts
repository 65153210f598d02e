/** Console sessions in the embedded store, by the hash of their token; expired sessions are removed as new ones start. */
import type { ConsoleSession, ConsoleSessionStore } from '../../services/accounts/ConsoleUsers';
import { sessionFromDocument, sessionToDocument, type ConsoleSessionDocument } from '../shared/usersRecords';
import type { Database } from './database';
import { fromJson, toJson } from './json';

interface Row {
  id: string;
  doc: string;
}

export class EmbeddedConsoleSessions implements ConsoleSessionStore {
  constructor(private readonly database: Database) {}

  async create(session: ConsoleSession): Promise<void> {
    const { _id: id, ...doc } = sessionToDocument(session);
    this.database.check();
    const { db } = this.database;
    db.transaction(() => {
      db.prepare('DELETE FROM console_sessions WHERE expires_at <= ?').run(session.createdAt.getTime());
      db.prepare('INSERT INTO console_sessions (id, doc) VALUES (?, ?)').run(id, toJson(doc));
    })();
  }

  async get(id: string, now = new Date()): Promise<ConsoleSession | null> {
    this.database.check();
    const row = this.database.db.prepare<[string, number], Row>('SELECT id, doc FROM console_sessions WHERE id = ? AND expires_at > ?').get(id, now.getTime());
    return row ? sessionFromDocument({ _id: row.id, ...fromJson<Omit<ConsoleSessionDocument, '_id'>>(row.doc) }) : null;
  }

  async touch(id: string, lastSeenAt: Date): Promise<void> {
    this.database.check();
    this.database.db.prepare(`UPDATE console_sessions SET doc = json_set(doc, '$.lastSeenAt', json(?)) WHERE id = ?`).run(toJson(lastSeenAt), id);
  }

  async delete(id: string): Promise<void> {
    this.database.check();
    this.database.db.prepare('DELETE FROM console_sessions WHERE id = ?').run(id);
  }

  async deleteByUser(userId: string, exceptId?: string): Promise<number> {
    this.database.check();
    return this.database.db.prepare('DELETE FROM console_sessions WHERE user_id = ? AND id IS NOT ?').run(userId, exceptId ?? null).changes;
  }

  async purgeExpired(now = new Date()): Promise<number> {
    this.database.check();
    return this.database.db.prepare('DELETE FROM console_sessions WHERE expires_at <= ?').run(now.getTime()).changes;
  }
}
