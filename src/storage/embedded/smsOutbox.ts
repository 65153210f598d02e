/**
 * The SMS outbox in the embedded store (@seald-io/nedb, sms-outbox.db under the data folder). The unsent texts are
 * also held in memory by number (PendingTexts), so a claim does not search the file. Claims and erasures run under an
 * in-process lock: a claim decides, then updates.
 */
import { randomUUID } from 'node:crypto';
import type Datastore from '@seald-io/nedb';
import { PENDING_SMS_STATUSES, type NewOutgoingSms, type OutgoingSms, type SmsOutbox } from '../../services/sms/SmsOutbox';
import { nextSeq } from '../shared/sequence';
import { Mutex } from './Mutex';
import { PendingTexts } from './pendingTexts';

export type SmsOutboxDoc = Omit<OutgoingSms, 'id'> & { _id: string } & Record<string, unknown>;
export const SMS_OUTBOX_INDEXES = [{ fieldName: 'status' }, { fieldName: 'conversationId' }, { fieldName: 'inReplyTo' }, { fieldName: 'createdAt' }];

const PENDING = [...PENDING_SMS_STATUSES];

export class EmbeddedSmsOutbox implements SmsOutbox {
  private readonly lock = new Mutex();

  private constructor(private readonly db: Datastore<SmsOutboxDoc>, private readonly pending: PendingTexts) {}

  /** The outbox on its loaded file, its unsent texts held in memory from now on. */
  static async open(db: Datastore<SmsOutboxDoc>): Promise<EmbeddedSmsOutbox> {
    const pending = new PendingTexts();
    for (const doc of await db.findAsync({ status: { $in: PENDING } })) pending.put(fromDoc(doc));
    return new EmbeddedSmsOutbox(db, pending);
  }

  async enqueue(messages: NewOutgoingSms[], now = new Date()): Promise<OutgoingSms[]> {
    if (messages.length === 0) return [];
    const docs = messages.map((m) =>
      withoutUndefined<SmsOutboxDoc>({ ...m, _id: randomUUID(), status: 'queued' as const, seq: nextSeq(now), attempts: 0, createdAt: now, nextAttemptAt: now }),
    );
    await this.db.insertAsync(docs);
    const queued = docs.map(fromDoc);
    for (const text of queued) this.pending.put(text);
    return queued;
  }

  claimDue(now: Date, limit: number, leaseMs: number, options: { urgentOnly?: boolean } = {}): Promise<OutgoingSms[]> {
    return this.exclusive(async () => {
      const ids = (options.urgentOnly ? this.pending.urgentDue(now, limit) : this.pending.due(now, limit)).map((text) => text.id);
      if (ids.length === 0) return [];
      const leaseUntil = new Date(now.getTime() + leaseMs);
      // One update for the whole batch: nedb appends it to the file in one write.
      const { affectedDocuments } = await this.db.updateAsync({ _id: { $in: ids } }, { $set: { status: 'sending', leaseUntil }, $inc: { attempts: 1 } }, { multi: true, returnUpdatedDocs: true });
      const claimed = new Map((affectedDocuments as SmsOutboxDoc[]).map((doc) => [doc._id, fromDoc(doc)]));
      for (const text of claimed.values()) this.pending.put(text);
      return ids.flatMap((id) => claimed.get(id) ?? []);
    });
  }

  async markSent(id: string, providerId: string, at: Date): Promise<void> {
    await this.finish(id, { status: 'sent', providerId, sentAt: at });
  }

  async markRetry(id: string, error: string, nextAttemptAt: Date): Promise<void> {
    await this.finish(id, { status: 'queued', lastError: error, nextAttemptAt });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.finish(id, { status: 'failed', lastError: error });
  }

  async markCancelled(id: string, reason: string): Promise<void> {
    await this.finish(id, { status: 'cancelled', lastError: reason });
  }

  async recordDelivery(id: string, status: string, errorCode: string | undefined, at: Date): Promise<boolean> {
    const delivery = withoutUndefined({ status, errorCode, at });
    const { numAffected } = await this.db.updateAsync({ _id: id }, { $set: { delivery } }, {});
    return numAffected > 0;
  }

  async get(id: string): Promise<OutgoingSms | undefined> {
    const doc = await this.db.findOneAsync({ _id: id });
    return doc ? fromDoc(doc) : undefined;
  }

  async repliesTo(inReplyTo: string): Promise<OutgoingSms[]> {
    return (await this.db.findAsync({ inReplyTo }).sort({ seq: 1 })).map(fromDoc);
  }

  async listByConversation(conversationId: string, limit = 100): Promise<OutgoingSms[]> {
    const newest = await this.db.findAsync({ conversationId }).sort({ seq: -1 }).limit(limit);
    return newest.reverse().map(fromDoc);
  }

  async pendingCount(): Promise<number> {
    return this.pending.size;
  }

  async eraseConversation(conversationId: string): Promise<number> {
    return this.exclusive(async () => {
      const removed = await this.db.removeAsync({ conversationId }, { multi: true });
      this.pending.removeConversation(conversationId);
      return removed;
    });
  }

  async purgeBefore(cutoff: Date): Promise<number> {
    return this.exclusive(() => this.db.removeAsync({ createdAt: { $lt: cutoff }, status: { $nin: PENDING } }, { multi: true }));
  }

  /** Ends a send (its claim released) with what became of the text, and keeps the unsent texts in step. */
  private async finish(id: string, fields: Partial<SmsOutboxDoc>): Promise<void> {
    const { affectedDocuments } = await this.db.updateAsync({ _id: id }, { $set: fields, $unset: { leaseUntil: true } }, { returnUpdatedDocs: true });
    const updated = affectedDocuments as SmsOutboxDoc | null;
    if (updated) this.pending.put(fromDoc(updated));
    else this.pending.remove(id);
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.lock.run(task);
  }
}

function fromDoc({ _id, ...rest }: SmsOutboxDoc): OutgoingSms {
  return { id: _id, ...rest };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
