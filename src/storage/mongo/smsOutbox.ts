/**
 * The SMS outbox in MongoDB. A claim finds the oldest pending message of each number (an aggregation over the
 * {status, seq} index), keeps those that are due, and takes each with a conditional findOneAndUpdate, so two
 * workers (even in two processes) never get the same message; a worker that loses a text to another looks again, so
 * it still gets its share of what is due.
 */
import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { PENDING_SMS_STATUSES, type NewOutgoingSms, type OutgoingSms, type SmsOutbox } from '../../services/sms/SmsOutbox';
import { nextSeq } from '../shared/sequence';
import type { SmsOutboxDocument } from './smsModels';

const PENDING = [...PENDING_SMS_STATUSES];
/** Looks at the due texts per claim, at most (each look after the first follows a race lost to another worker). */
const MAX_CLAIM_ROUNDS = 20;

export class MongoSmsOutbox implements SmsOutbox {
  constructor(private readonly model: Model<SmsOutboxDocument>) {}

  async enqueue(messages: NewOutgoingSms[], now = new Date()): Promise<OutgoingSms[]> {
    if (messages.length === 0) return [];
    const docs = messages.map((m) => withoutUndefined<SmsOutboxDocument>({ ...m, _id: randomUUID(), status: 'queued', seq: nextSeq(now), attempts: 0, createdAt: now, nextAttemptAt: now }));
    await this.model.insertMany(docs, { ordered: true });
    return docs.map(fromDoc);
  }

  async claimDue(now: Date, limit: number, leaseMs: number, options: { urgentOnly?: boolean } = {}): Promise<OutgoingSms[]> {
    if (limit <= 0) return [];
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const claimed: OutgoingSms[] = [];
    // A candidate another worker took first is lost; look again (the next due text of each number now shows), until
    // the limit is reached or a look loses nothing. Every lost candidate was taken by someone, so this ends.
    for (let round = 0; round < MAX_CLAIM_ROUNDS && claimed.length < limit; round++) {
      const firsts = await this.dueFirsts(now, limit - claimed.length, options.urgentOnly === true);
      let lost = 0;
      for (const candidate of firsts) {
        const doc = await this.model
          .findOneAndUpdate(
            { _id: candidate._id, status: candidate.status, attempts: candidate.attempts },
            { $set: { status: 'sending', leaseUntil }, $inc: { attempts: 1 } },
            { returnDocument: 'after' },
          )
          .lean<SmsOutboxDocument>();
        if (doc) claimed.push(fromDoc(doc));
        else lost += 1;
      }
      if (lost === 0) break;
    }
    return claimed;
  }

  /**
   * The oldest pending text of each number, where that one is due (queued and due, or its lease is over); with
   * urgentOnly, the due urgent texts (a safety turn's) whatever is ahead of them.
   */
  private dueFirsts(now: Date, limit: number, urgentOnly: boolean): Promise<SmsOutboxDocument[]> {
    if (urgentOnly) return this.model.find({ status: 'queued', urgent: true, nextAttemptAt: { $lte: now } }).sort({ seq: 1 }).limit(limit).lean<SmsOutboxDocument[]>();
    return this.model.aggregate<SmsOutboxDocument>([
      { $match: { status: { $in: PENDING } } },
      { $sort: { seq: 1 } },
      { $group: { _id: '$conversationId', first: { $first: '$$ROOT' } } },
      { $replaceRoot: { newRoot: '$first' } },
      { $match: { $or: [{ status: 'queued', nextAttemptAt: { $lte: now } }, { status: 'sending', leaseUntil: { $lte: now } }] } },
      { $sort: { seq: 1 } },
      { $limit: limit },
    ]);
  }

  async markSent(id: string, providerId: string, at: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'sent', providerId, sentAt: at }, $unset: { leaseUntil: 1 } });
  }

  async markRetry(id: string, error: string, nextAttemptAt: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'queued', lastError: error, nextAttemptAt }, $unset: { leaseUntil: 1 } });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'failed', lastError: error }, $unset: { leaseUntil: 1 } });
  }

  async markCancelled(id: string, reason: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'cancelled', lastError: reason }, $unset: { leaseUntil: 1 } });
  }

  async recordDelivery(id: string, status: string, errorCode: string | undefined, at: Date): Promise<boolean> {
    const result = await this.model.updateOne({ _id: id }, { $set: { delivery: withoutUndefined({ status, errorCode, at }) } });
    return result.matchedCount > 0;
  }

  async get(id: string): Promise<OutgoingSms | undefined> {
    const doc = await this.model.findById(id).lean<SmsOutboxDocument>();
    return doc ? fromDoc(doc) : undefined;
  }

  async repliesTo(inReplyTo: string): Promise<OutgoingSms[]> {
    return (await this.model.find({ inReplyTo }).sort({ seq: 1 }).lean<SmsOutboxDocument[]>()).map(fromDoc);
  }

  async listByConversation(conversationId: string, limit = 100): Promise<OutgoingSms[]> {
    const newest = await this.model.find({ conversationId }).sort({ seq: -1 }).limit(limit).lean<SmsOutboxDocument[]>();
    return newest.reverse().map(fromDoc);
  }

  pendingCount(): Promise<number> {
    return this.model.countDocuments({ status: { $in: PENDING } });
  }

  async eraseConversation(conversationId: string): Promise<number> {
    return (await this.model.deleteMany({ conversationId })).deletedCount;
  }

  async purgeBefore(cutoff: Date): Promise<number> {
    return (await this.model.deleteMany({ createdAt: { $lt: cutoff }, status: { $nin: PENDING } })).deletedCount;
  }
}

function fromDoc({ _id, ...rest }: SmsOutboxDocument): OutgoingSms {
  const message = { id: _id, ...rest } as OutgoingSms;
  // Optional fields MongoDB may hand back as null are left out, as the embedded store leaves them.
  for (const key of Object.keys(message) as (keyof OutgoingSms)[]) if (message[key] === null) delete message[key];
  return message;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
