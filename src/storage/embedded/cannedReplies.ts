/** Canned replies in the embedded store: one row per reply, a JSON document (migration 2). */
import type { CannedReply, CannedReplyPatch, CannedReplyStore, NewCannedReply } from '../../services/replies/CannedReplies';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { cannedReplyFromDocument, cannedReplyPatchFields, newCannedReplyDocument, sortReplies, type CannedReplyDocument } from '../shared/cannedReplyRecords';
import type { Database } from './database';
import { fromJson, toJson } from './json';

interface Row {
  id: string;
  doc: string;
}

const fromRow = (row: Row): CannedReply => cannedReplyFromDocument({ _id: row.id, ...fromJson<Omit<CannedReplyDocument, '_id'>>(row.doc) });

export class EmbeddedCannedReplies implements CannedReplyStore {
  constructor(private readonly database: Database) {}

  async list(): Promise<CannedReply[]> {
    this.database.check();
    return sortReplies(this.database.db.prepare<[], Row>('SELECT id, doc FROM canned_replies').all().map(fromRow));
  }

  async get(id: string): Promise<CannedReply | null> {
    this.database.check();
    const row = this.database.db.prepare<[string], Row>('SELECT id, doc FROM canned_replies WHERE id = ?').get(id);
    return row ? fromRow(row) : null;
  }

  async create(reply: NewCannedReply): Promise<CannedReply> {
    const { _id: id, ...doc } = newCannedReplyDocument(reply, new Date());
    this.database.check();
    this.database.db.prepare('INSERT INTO canned_replies (id, doc) VALUES (?, ?)').run(id, toJson(doc));
    return cannedReplyFromDocument({ _id: id, ...doc });
  }

  async update(id: string, patch: CannedReplyPatch): Promise<CannedReply> {
    const fields = cannedReplyPatchFields(patch, new Date());
    this.database.check();
    const { db } = this.database;
    return db.transaction(() => {
      const row = db.prepare<[string], Row>('SELECT id, doc FROM canned_replies WHERE id = ?').get(id);
      if (!row) throw new NotFoundError('Canned reply', id);
      const doc = { ...fromJson<Record<string, unknown>>(row.doc), ...fields };
      db.prepare('UPDATE canned_replies SET doc = ? WHERE id = ?').run(toJson(doc), id);
      return fromRow({ id, doc: toJson(doc) });
    }).immediate();
  }

  async delete(id: string): Promise<boolean> {
    this.database.check();
    return this.database.db.prepare('DELETE FROM canned_replies WHERE id = ?').run(id).changes > 0;
  }
}
