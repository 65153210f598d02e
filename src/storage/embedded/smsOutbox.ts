/**
 * The SMS outbox in the embedded store: one row per text, a JSON document, with the fields a claim decides on as
 * indexed generated columns (`sms_outbox_pending` holds only the unsent texts, by number in sending order). A claim
 * finds each number's first unsent text that is due and leases it in one immediate transaction (BEGIN IMMEDIATE takes
 * SQLite's write lock first, and the UPDATE checks the status it read), so two senders, in one process or two, never
 * get the same text.
 */
import { randomUUID } from 'node:crypto';
import { type NewOutgoingSms, type OutgoingSms, type SmsOutbox } from '../../services/sms/SmsOutbox';
import { withoutUndefined } from '../shared/records';
import { nextSeq } from '../shared/sequence';
import { preparedOnce, type Database } from './database';
import { fromJson, toJson } from './json';

interface Row {
  id: string;
  doc: string;
}

const fromRow = (row: Row): OutgoingSms => ({ id: row.id, ...fromJson<Omit<OutgoingSms, 'id'>>(row.doc) });
const docOf = ({ id: _id, ...rest }: OutgoingSms): string => toJson(withoutUndefined(rest));

/**
 * Each number's first unsent text (by seq), when it may be sent now: queued and due, or its lease has run out. The
 * firsts come from the index of unsent texts alone (`sms_outbox_pending`: no document is read for them), then one row
 * each; so a claim costs the unsent texts, however many were sent before.
 */
const DUE = `
  WITH firsts AS (
    SELECT conversation_id, min(seq) AS seq FROM sms_outbox INDEXED BY sms_outbox_pending
    WHERE status IN ('queued', 'sending') GROUP BY conversation_id
  )
  SELECT o.id, o.doc FROM firsts JOIN sms_outbox AS o ON o.conversation_id = firsts.conversation_id AND o.seq = firsts.seq
  WHERE o.status IN ('queued', 'sending')
    AND CASE o.status WHEN 'queued' THEN o.next_attempt_at <= @now ELSE coalesce(o.lease_until, @now) <= @now END
  ORDER BY o.seq
  LIMIT @limit`;

/** The due urgent texts (a safety turn's), oldest first, wherever they stand in their number's queue. */
const URGENT_DUE = `
  SELECT id, doc FROM sms_outbox INDEXED BY sms_outbox_pending
  WHERE status IN ('queued', 'sending') AND status = 'queued' AND json_extract(doc, '$.urgent') = 1 AND next_attempt_at <= @now
  ORDER BY seq
  LIMIT @limit`;

export class EmbeddedSmsOutbox implements SmsOutbox {
  private readonly insert;
  private readonly byId;
  private readonly replace;
  private readonly replaceIfStatus;
  private readonly due;
  private readonly urgentDue;
  private readonly claimTx;
  private readonly finishTx;

  constructor(private readonly database: Database) {
    const { db, normalDb } = database;
    this.insert = db.prepare<[string, string]>('INSERT INTO sms_outbox (id, doc) VALUES (?, ?)');
    this.byId = db.prepare<[string], Row>('SELECT id, doc FROM sms_outbox WHERE id = ?');
    // Leases and outcomes through the synchronous=NORMAL connection (database.ts); queued texts stay FULL.
    const byIdNormal = normalDb.prepare<[string], Row>('SELECT id, doc FROM sms_outbox WHERE id = ?');
    this.replace = normalDb.prepare<[string, string]>('UPDATE sms_outbox SET doc = ? WHERE id = ?');
    this.replaceIfStatus = normalDb.prepare<[string, string, string], { id: string }>('UPDATE sms_outbox SET doc = ? WHERE id = ? AND status = ? RETURNING id');
    this.due = normalDb.prepare<[{ now: number; limit: number }], Row>(DUE);
    this.urgentDue = normalDb.prepare<[{ now: number; limit: number }], Row>(URGENT_DUE);
    this.claimTx = normalDb.transaction((now: Date, limit: number, leaseUntil: Date, urgentOnly: boolean) => {
      const claimed: OutgoingSms[] = [];
      for (const row of (urgentOnly ? this.urgentDue : this.due).all({ now: now.getTime(), limit: Math.max(0, Math.trunc(limit)) })) {
        const text = fromRow(row);
        const next: OutgoingSms = { ...text, status: 'sending', leaseUntil, attempts: text.attempts + 1 };
        if (this.replaceIfStatus.get(docOf(next), text.id, text.status)) claimed.push(next);
      }
      return claimed;
    });
    this.finishTx = normalDb.transaction((id: string, fields: Partial<OutgoingSms>) => {
      const row = byIdNormal.get(id);
      if (!row) return;
      const { leaseUntil: _lease, ...text } = fromRow(row);
      this.replace.run(docOf({ ...text, ...fields } as OutgoingSms), id);
    });
  }

  async enqueue(messages: NewOutgoingSms[], now = new Date()): Promise<OutgoingSms[]> {
    if (messages.length === 0) return [];
    this.database.check();
    const texts = messages.map((m) => withoutUndefined<OutgoingSms>({ ...m, id: randomUUID(), status: 'queued', seq: nextSeq(now), attempts: 0, createdAt: now, nextAttemptAt: now }));
    this.database.db.transaction(() => {
      for (const text of texts) this.insert.run(text.id, docOf(text));
    })();
    return texts;
  }

  async claimDue(now: Date, limit: number, leaseMs: number, options: { urgentOnly?: boolean } = {}): Promise<OutgoingSms[]> {
    this.database.check();
    return this.claimTx.immediate(now, limit, new Date(now.getTime() + leaseMs), options.urgentOnly === true);
  }

  async markSent(id: string, providerId: string, at: Date): Promise<void> {
    this.finish(id, { status: 'sent', providerId, sentAt: at });
  }

  async markRetry(id: string, error: string, nextAttemptAt: Date): Promise<void> {
    this.finish(id, { status: 'queued', lastError: error, nextAttemptAt });
  }

  async markFailed(id: string, error: string): Promise<void> {
    this.finish(id, { status: 'failed', lastError: error });
  }

  async markCancelled(id: string, reason: string): Promise<void> {
    this.finish(id, { status: 'cancelled', lastError: reason });
  }

  async recordDelivery(id: string, status: string, errorCode: string | undefined, at: Date): Promise<boolean> {
    this.database.check();
    const delivery = toJson(withoutUndefined({ status, errorCode, at }));
    return preparedOnce<[string, string]>(this.database.normalDb, `UPDATE sms_outbox SET doc = json_set(doc, '$.delivery', json(?)) WHERE id = ?`).run(delivery, id).changes > 0;
  }

  async get(id: string): Promise<OutgoingSms | undefined> {
    this.database.check();
    const row = this.byId.get(id);
    return row ? fromRow(row) : undefined;
  }

  async repliesTo(inReplyTo: string): Promise<OutgoingSms[]> {
    this.database.check();
    return preparedOnce<[string], Row>(this.database.db, 'SELECT id, doc FROM sms_outbox WHERE in_reply_to = ? ORDER BY seq').all(inReplyTo).map(fromRow);
  }

  async listByConversation(conversationId: string, limit = 100): Promise<OutgoingSms[]> {
    this.database.check();
    const newest = preparedOnce<[string, number], Row>(this.database.db, 'SELECT id, doc FROM sms_outbox WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?').all(conversationId, limit);
    return newest.reverse().map(fromRow);
  }

  async pendingCount(): Promise<number> {
    this.database.check();
    return (preparedOnce<[], { n: number }>(this.database.db, `SELECT count(*) AS n FROM sms_outbox WHERE status IN ('queued', 'sending')`).get() as { n: number }).n;
  }

  async eraseConversation(conversationId: string): Promise<number> {
    this.database.check();
    return this.database.db.prepare('DELETE FROM sms_outbox WHERE conversation_id = ?').run(conversationId).changes;
  }

  async purgeBefore(cutoff: Date): Promise<number> {
    this.database.check();
    return this.database.db.prepare(`DELETE FROM sms_outbox WHERE created_at < ? AND status NOT IN ('queued', 'sending')`).run(cutoff.getTime()).changes;
  }

  /** Ends a send (its lease released) with what became of the text. */
  private finish(id: string, fields: Partial<OutgoingSms>): void {
    this.database.check();
    this.finishTx.immediate(id, fields);
  }
}
