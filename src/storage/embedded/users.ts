/** Console users in the embedded store: one row per user, a JSON document, email unique (a unique index enforces it). */
import { DuplicateEmailError, normaliseEmail, type ConsoleUser, type ConsoleUserPatch, type ConsoleUserStore, type NewConsoleUser } from '../../services/accounts/ConsoleUsers';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { newUserDocument, userFromDocument, userPatchFields, type ConsoleUserDocument } from '../shared/usersRecords';
import type { Database } from './database';
import { fromJson, toJson } from './json';

interface Row {
  id: string;
  doc: string;
}

const fromRow = (row: Row): ConsoleUser => userFromDocument({ _id: row.id, ...fromJson<Omit<ConsoleUserDocument, '_id'>>(row.doc) });

export class EmbeddedConsoleUsers implements ConsoleUserStore {
  constructor(private readonly database: Database) {}

  async create(user: NewConsoleUser): Promise<ConsoleUser> {
    const { _id: id, ...doc } = newUserDocument(user, new Date());
    this.database.check();
    try {
      this.database.db.prepare('INSERT INTO console_users (id, doc) VALUES (?, ?)').run(id, toJson(doc));
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateEmailError();
      throw error;
    }
    return userFromDocument({ _id: id, ...doc });
  }

  async get(id: string): Promise<ConsoleUser | null> {
    this.database.check();
    const row = this.database.db.prepare<[string], Row>('SELECT id, doc FROM console_users WHERE id = ?').get(id);
    return row ? fromRow(row) : null;
  }

  async getByEmail(email: string): Promise<ConsoleUser | null> {
    this.database.check();
    const row = this.database.db.prepare<[string], Row>('SELECT id, doc FROM console_users WHERE email = ?').get(normaliseEmail(email));
    return row ? fromRow(row) : null;
  }

  async list(): Promise<ConsoleUser[]> {
    this.database.check();
    return this.database.db.prepare<[], Row>('SELECT id, doc FROM console_users ORDER BY created_at, id').all().map(fromRow);
  }

  async update(id: string, patch: ConsoleUserPatch): Promise<ConsoleUser> {
    const fields = userPatchFields(patch, new Date());
    this.database.check();
    const { db } = this.database;
    return db.transaction(() => {
      const row = db.prepare<[string], Row>('SELECT id, doc FROM console_users WHERE id = ?').get(id);
      if (!row) throw new NotFoundError('Console user', id);
      const doc = { ...fromJson<Record<string, unknown>>(row.doc), ...fields };
      db.prepare('UPDATE console_users SET doc = ? WHERE id = ?').run(toJson(doc), id);
      return fromRow({ id, doc: toJson(doc) });
    }).immediate();
  }
}
