/** Referrals in the embedded store: one row per referral, keyed by its reference, the referral a JSON document. */
import type { ContactAttempt, NewReferral, Referral, ReferralPatch } from '../../services/referrals/Referral';
import { DuplicateReferenceError, NotFoundError, ReferralConflictError, type Page, type ReferralMatch, type ReferralQuery, type ReferralRepository } from '../../services/referrals/ReferralRepository';
import { referralPatchFields, validateContactAttempt, validateNewReferral } from '../shared/validation';
import { paging, withoutUndefined } from '../shared/records';
import type { Database } from './database';
import { fromJson, toJson } from './json';

interface Row {
  reference: string;
  doc: string;
}

export const referralFromRow = (row: Row): Referral => ({ reference: row.reference, ...fromJson<Omit<Referral, 'reference'>>(row.doc) });
const docOf = ({ reference: _reference, ...rest }: Referral): string => toJson(rest);

export class EmbeddedReferrals implements ReferralRepository {
  private readonly byReference;
  private readonly insert;
  private readonly replace;
  private readonly updateTx;
  private readonly followUpTx;
  private readonly claimTx;
  private readonly contactTx;

  constructor(private readonly database: Database) {
    const { db } = database;
    this.byReference = db.prepare<[string], Row>('SELECT reference, doc FROM referrals WHERE reference = ?');
    this.insert = db.prepare<[string, string]>('INSERT INTO referrals (reference, doc) VALUES (?, ?)');
    this.replace = db.prepare<[string, string]>('UPDATE referrals SET doc = ? WHERE reference = ?');
    this.updateTx = db.transaction((reference: string, fields: Partial<Referral>) => {
      const row = this.byReference.get(reference);
      if (!row) throw new NotFoundError('Referral', reference);
      const updated = withoutUndefined({ ...referralFromRow(row), ...fields });
      this.replace.run(docOf(updated), reference);
      return updated;
    });
    // Claims inside BEGIN IMMEDIATE: two workers claiming at once, one wins.
    this.claimTx = db.transaction((reference: string, workerId: string, at: Date) => {
      const row = this.byReference.get(reference);
      if (!row) throw new NotFoundError('Referral', reference);
      const referral = referralFromRow(row);
      const open = referral.status === 'new' || referral.status === 'handed-off';
      const held = referral.status === 'in-progress' && (referral.claimedBy === undefined || referral.claimedBy === workerId);
      if (!open && !held) throw new ReferralConflictError(reference);
      if (referral.status === 'in-progress' && referral.claimedBy === workerId) return referral;
      const updated: Referral = { ...referral, status: 'in-progress', claimedBy: workerId, claimedAt: at, updatedAt: new Date() };
      this.replace.run(docOf(updated), reference);
      return updated;
    });
    this.contactTx = db.transaction((reference: string, attempt: ContactAttempt) => {
      const row = this.byReference.get(reference);
      if (!row) throw new NotFoundError('Referral', reference);
      const referral = referralFromRow(row);
      const updated: Referral = {
        ...referral,
        contacts: [...(referral.contacts ?? []), withoutUndefined(attempt)],
        ...(attempt.reached && !referral.firstContactAt ? { firstContactAt: attempt.at } : {}),
        updatedAt: new Date(),
      };
      this.replace.run(docOf(updated), reference);
      return updated;
    });
    // Marks the follow-up sent only while it is unsent, inside BEGIN IMMEDIATE: exactly one sender, in any process.
    this.followUpTx = db.transaction((reference: string, at: Date) => {
      const row = this.byReference.get(reference);
      if (!row) return false;
      const referral = referralFromRow(row);
      if (!referral.followUp || referral.followUp.sentAt) return false;
      this.replace.run(docOf({ ...referral, followUp: { ...referral.followUp, sentAt: at }, updatedAt: new Date() }), reference);
      return true;
    });
  }

  async create(referral: NewReferral): Promise<Referral> {
    validateNewReferral(referral);
    this.database.check();
    const now = new Date();
    const created: Referral = withoutUndefined({ ...referral, createdAt: now, updatedAt: now });
    try {
      this.insert.run(created.reference, docOf(created));
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DuplicateReferenceError(referral.reference);
      throw error;
    }
    return created;
  }

  async get(reference: string): Promise<Referral | null> {
    this.database.check();
    const row = this.byReference.get(reference);
    return row ? referralFromRow(row) : null;
  }

  async list(query: ReferralQuery = {}): Promise<Page<Referral>> {
    this.database.check();
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (query.status) {
      where.push('status = @status');
      params.status = query.status;
    }
    if (query.conversationId) {
      where.push('conversation_id = @conversationId');
      params.conversationId = query.conversationId;
    }
    if (query.from) {
      where.push('created_at >= @from');
      params.from = query.from.getTime();
    }
    if (query.to) {
      where.push('created_at < @to');
      params.to = query.to.getTime();
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const { limit, offset } = paging(query);
    const { db } = this.database;
    const read = db.transaction(() => ({
      rows: db.prepare<[Record<string, unknown>], Row>(`SELECT reference, doc FROM referrals ${filter} ORDER BY created_at DESC, reference ASC LIMIT @limit OFFSET @offset`).all({ ...params, limit, offset }),
      total: (db.prepare<[Record<string, unknown>], { n: number }>(`SELECT count(*) AS n FROM referrals ${filter}`).get(params) as { n: number }).n,
    }));
    const { rows, total } = read();
    return { items: rows.map(referralFromRow), total };
  }

  async update(reference: string, patch: ReferralPatch): Promise<Referral> {
    const fields = { ...referralPatchFields(patch), updatedAt: new Date() } as Partial<Referral>;
    this.database.check();
    return this.updateTx.immediate(reference, fields);
  }

  async claim(reference: string, workerId: string, at: Date): Promise<Referral> {
    this.database.check();
    return this.claimTx.immediate(reference, workerId, at);
  }

  async addContact(reference: string, attempt: ContactAttempt): Promise<Referral> {
    validateContactAttempt(attempt);
    this.database.check();
    return this.contactTx.immediate(reference, attempt);
  }

  async listFollowUpsDue(now: Date, limit?: number): Promise<Referral[]> {
    this.database.check();
    const rows = this.database.db
      .prepare<[number, number], Row>('SELECT reference, doc FROM referrals WHERE follow_up_sent_at IS NULL AND follow_up_due_at <= ? ORDER BY follow_up_due_at, reference LIMIT ?')
      .all(now.getTime(), paging({ limit }).limit);
    return rows.map(referralFromRow);
  }

  async markFollowUpSent(reference: string, at: Date): Promise<boolean> {
    this.database.check();
    return this.followUpTx.immediate(reference, at);
  }

  async exportByPerson(personId: string): Promise<Referral[]> {
    this.database.check();
    return this.database.db.prepare<[string], Row>('SELECT reference, doc FROM referrals WHERE person_id = ? ORDER BY created_at, reference').all(personId).map(referralFromRow);
  }

  async findMatching(match: ReferralMatch, limit: number): Promise<Referral[]> {
    this.database.check();
    const { db } = this.database;
    if ('contactValue' in match) {
      return db.prepare<[string, number], Row>(`SELECT reference, doc FROM referrals WHERE json_extract(doc, '$.person.contactValue') = ? ORDER BY created_at DESC, reference DESC LIMIT ?`).all(match.contactValue, limit).map(referralFromRow);
    }
    const pattern = `${match.namePrefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return db.prepare<[string, number], Row>(`SELECT reference, doc FROM referrals WHERE lower(json_extract(doc, '$.person.preferredName')) LIKE ? ESCAPE '\\' ORDER BY created_at DESC, reference DESC LIMIT ?`).all(pattern, limit).map(referralFromRow);
  }

  async eraseByPerson(personId: string): Promise<number> {
    this.database.check();
    return this.database.db.prepare('DELETE FROM referrals WHERE person_id = ?').run(personId).changes;
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    this.database.check();
    return this.database.db.prepare('DELETE FROM referrals WHERE created_at < ?').run(cutoff.getTime()).changes;
  }
}
