/**
 * The SMS outbox in the embedded store (@seald-io/nedb, sms-outbox.db under the data folder). Claims run under an
 * in-process lock: nedb runs one operation at a time, but a claim is a find and then updates.
 */
import { randomUUID } from 'node:crypto';
import type Datastore from '@seald-io/nedb';
import type { NewOutgoingSms, OutgoingSms, OutgoingSmsStatus, SmsOutbox } from '../../services/sms/SmsOutbox';
import { nextSeq } from '../shared/sequence';
import { Mutex } from './Mutex';

export type SmsOutboxDoc = Omit<OutgoingSms, 'id'> & { _id: string } & Record<string, unknown>;
export const SMS_OUTBOX_INDEXES = [{ fieldName: 'status' }, { fieldName: 'conversationId' }, { fieldName: 'inReplyTo' }, { fieldName: 'createdAt' }];

const PENDING: OutgoingSmsStatus[] = ['queued', 'sending'];

export class EmbeddedSmsOutbox implements SmsOutbox {
  private readonly lock = new Mutex();

  constructor(private readonly db: Datastore<SmsOutboxDoc>) {}

  async enqueue(messages: NewOutgoingSms[], now = new Date()): Promise<OutgoingSms[]> {
    if (messages.length === 0) return [];
    const docs = messages.map((m) =>
      withoutUndefined<SmsOutboxDoc>({ ...m, _id: randomUUID(), status: 'queued' as const, seq: nextSeq(now), attempts: 0, createdAt: now, nextAttemptAt: now }),
    );
    await this.db.insertAsync(docs);
    return docs.map(fromDoc);
  }

  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutgoingSms[]> {
    return this.exclusive(async () => {
      if (limit <= 0) return [];
      const pending = await this.db.findAsync({ status: { $in: PENDING } }).sort({ seq: 1 });
      const seen = new Set<string>();
      const due: SmsOutboxDoc[] = [];
      for (const doc of pending) {
        if (due.length >= limit) break;
        if (seen.has(doc.conversationId)) continue;
        seen.add(doc.conversationId);
        if (doc.status === 'queued' ? doc.nextAttemptAt <= now : (doc.leaseUntil ?? now) <= now) due.push(doc);
      }
      if (due.length === 0) return [];
      const leaseUntil = new Date(now.getTime() + leaseMs);
      // One update for the whole batch: nedb appends it to the file in one write.
      await this.db.updateAsync({ _id: { $in: due.map((d) => d._id) } }, { $set: { status: 'sending', leaseUntil }, $inc: { attempts: 1 } }, { multi: true });
      return due.map((doc) => fromDoc({ ...doc, status: 'sending', leaseUntil, attempts: doc.attempts + 1 }));
    });
  }

  async markSent(id: string, providerId: string, at: Date): Promise<void> {
    await this.db.updateAsync({ _id: id }, { $set: { status: 'sent', providerId, sentAt: at }, $unset: { leaseUntil: true } }, {});
  }

  async markRetry(id: string, error: string, nextAttemptAt: Date): Promise<void> {
    await this.db.updateAsync({ _id: id }, { $set: { status: 'queued', lastError: error, nextAttemptAt }, $unset: { leaseUntil: true } }, {});
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db.updateAsync({ _id: id }, { $set: { status: 'failed', lastError: error }, $unset: { leaseUntil: true } }, {});
  }

  async markCancelled(id: string, reason: string): Promise<void> {
    await this.db.updateAsync({ _id: id }, { $set: { status: 'cancelled', lastError: reason }, $unset: { leaseUntil: true } }, {});
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
    return this.db.countAsync({ status: { $in: PENDING } });
  }

  async eraseConversation(conversationId: string): Promise<number> {
    return this.exclusive(() => this.db.removeAsync({ conversationId }, { multi: true }));
  }

  async purgeBefore(cutoff: Date): Promise<number> {
    return this.exclusive(() => this.db.removeAsync({ createdAt: { $lt: cutoff }, status: { $nin: PENDING } }, { multi: true }));
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
