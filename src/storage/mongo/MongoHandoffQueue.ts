/**
 * The link-worker queue in MongoDB. Every change of status is one conditional findOneAndUpdate, so claims are atomic
 * across processes: two link workers never get the same handoff, and a claim sets the first claim time in that same
 * update ($ifNull in an update pipeline). Index {status, priorityRank, createdAt, seq} serves
 * the queue order; a TTL index on closedAt removes closed handoffs past retention.
 */
import type { Model } from 'mongoose';
import type { Handoff, HandoffOutcome, HandoffStatus, NewHandoff, Note, Satisfaction, TextBack, TranscriptEntry } from '../../services/handoff/Handoff';
import { HandoffConflictError, type HandoffQueue, type QueueStats } from '../../services/handoff/HandoffQueue';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { OPEN_STATUSES, PRIORITY_RANK, QUEUE_SORT } from '../shared/handoffOrder';
import { handoffFromRecord, newHandoffRecord, type HandoffRecord } from '../shared/handoffRecords';
import { withoutUndefined } from '../shared/records';
import { validateHandoffOutcome, validateNewHandoff, validateNote, validateSatisfaction, validateTextBack, validateTranscriptEntry } from '../shared/validation';

export class MongoHandoffQueue implements HandoffQueue {
  constructor(private readonly model: Model<HandoffRecord>) {}

  async enqueue(handoff: NewHandoff): Promise<Handoff> {
    validateNewHandoff(handoff);
    const record = newHandoffRecord(handoff, new Date());
    await this.model.create(record);
    return handoffFromRecord(record);
  }

  async claimNext(workerId: string): Promise<Handoff | null> {
    const doc = await this.model
      .findOneAndUpdate({ status: 'waiting' }, claimUpdate(workerId, new Date()), { sort: QUEUE_SORT, returnDocument: 'after', updatePipeline: true })
      .lean<HandoffRecord>();
    return doc ? handoffFromRecord(doc) : null;
  }

  async claim(id: string, workerId: string): Promise<Handoff> {
    const claimed = await this.model
      .findOneAndUpdate({ _id: id, status: 'waiting' }, claimUpdate(workerId, new Date()), { returnDocument: 'after', updatePipeline: true })
      .lean<HandoffRecord>();
    if (claimed) return handoffFromRecord(claimed);
    const current = await this.require(id);
    if (current.status === 'active' && current.claimedBy === workerId) return handoffFromRecord(current);
    throw new HandoffConflictError(id);
  }

  async appendMessage(id: string, entry: TranscriptEntry): Promise<void> {
    validateTranscriptEntry(entry);
    await this.push(id, 'transcript', entry);
    // A worker's first message stamps firstReplyAt (time to first reply); later ones leave it.
    if (entry.from === 'worker') await this.model.updateOne({ _id: id, firstReplyAt: { $exists: false } }, { $set: { firstReplyAt: entry.at } });
  }

  async appendNote(id: string, note: Note): Promise<void> {
    validateNote(note);
    await this.push(id, 'notes', note);
  }

  async escalate(id: string): Promise<Handoff> {
    return this.changeOpen(id, { $set: { priority: 'urgent', priorityRank: PRIORITY_RANK.urgent } });
  }

  async release(id: string): Promise<Handoff> {
    return this.changeOpen(id, { $set: { status: 'waiting' }, $unset: { claimedBy: 1, claimedAt: 1 } });
  }

  async setTextBack(id: string, textBack: TextBack): Promise<Handoff> {
    validateTextBack(textBack);
    return this.changeOpen(id, { $set: { textBack } });
  }

  async transfer(id: string, fromWorkerId: string, toWorkerId: string): Promise<Handoff> {
    const doc = await this.model
      .findOneAndUpdate({ _id: id, status: 'active', claimedBy: fromWorkerId }, { $set: { claimedBy: toWorkerId, claimedAt: new Date() } }, { returnDocument: 'after' })
      .lean<HandoffRecord>();
    if (doc) return handoffFromRecord(doc);
    await this.require(id);
    throw new HandoffConflictError(id);
  }

  async close(id: string, outcome: { type: HandoffOutcome; detail?: string }): Promise<Handoff> {
    validateHandoffOutcome(outcome);
    return this.changeOpen(id, { $set: { status: 'closed', closedAt: new Date(), outcome: withoutUndefined({ type: outcome.type, detail: outcome.detail }) } });
  }

  async recordSatisfaction(id: string, satisfaction: Satisfaction): Promise<Handoff> {
    validateSatisfaction(satisfaction);
    const doc = await this.model.findOneAndUpdate({ _id: id }, { $set: { satisfaction: withoutUndefined(satisfaction) } }, { returnDocument: 'after' }).lean<HandoffRecord>();
    if (!doc) throw new NotFoundError('Handoff', id);
    return handoffFromRecord(doc);
  }

  async get(id: string): Promise<Handoff | null> {
    const doc = await this.model.findById(id).lean<HandoffRecord>();
    return doc ? handoffFromRecord(doc) : null;
  }

  async list(status: HandoffStatus): Promise<Handoff[]> {
    const docs = await this.model.find({ status }).sort(QUEUE_SORT).lean<HandoffRecord[]>();
    return docs.map(handoffFromRecord);
  }

  async findOpenByConversation(conversationId: string): Promise<Handoff | null> {
    const doc =
      (await this.model.findOne({ conversationId, status: { $in: OPEN_STATUSES } }).sort({ createdAt: -1 }).lean<HandoffRecord>()) ??
      // A web chat handoff whose person agreed to be texted: their texts belong to it (few handoffs are open).
      (await this.model.findOne({ 'textBack.conversationId': conversationId, status: { $in: OPEN_STATUSES } }).sort({ createdAt: -1 }).lean<HandoffRecord>());
    return doc ? handoffFromRecord(doc) : null;
  }

  async stats(): Promise<QueueStats> {
    const [waiting, oldest] = await Promise.all([
      this.model.countDocuments({ status: 'waiting' }),
      this.model.findOne({ status: 'waiting' }, { createdAt: 1 }).sort({ createdAt: 1 }).lean<Pick<HandoffRecord, 'createdAt'>>(),
    ]);
    return { waiting, oldestWaitMs: oldest ? Math.max(0, Date.now() - oldest.createdAt.getTime()) : null };
  }

  async exportByPerson(personId: string): Promise<Handoff[]> {
    const docs = await this.model.find({ personId }).sort({ createdAt: 1, seq: 1 }).lean<HandoffRecord[]>();
    return docs.map(handoffFromRecord);
  }

  async eraseByPerson(personId: string): Promise<number> {
    return (await this.model.deleteMany({ personId })).deletedCount;
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return (await this.model.deleteMany({ status: 'closed', closedAt: { $lt: cutoff } })).deletedCount;
  }

  /** Applies an update to a handoff that is not closed: NotFoundError if absent, HandoffConflictError if closed. */
  private async changeOpen(id: string, update: Record<string, unknown>): Promise<Handoff> {
    const doc = await this.model.findOneAndUpdate({ _id: id, status: { $ne: 'closed' } }, update, { returnDocument: 'after' }).lean<HandoffRecord>();
    if (doc) return handoffFromRecord(doc);
    await this.require(id);
    throw new HandoffConflictError(id);
  }

  private async require(id: string): Promise<HandoffRecord> {
    const doc = await this.model.findById(id).lean<HandoffRecord>();
    if (!doc) throw new NotFoundError('Handoff', id);
    return doc;
  }

  private async push(id: string, field: 'transcript' | 'notes', value: TranscriptEntry | Note): Promise<void> {
    const { matchedCount } = await this.model.updateOne({ _id: id }, { $push: { [field]: withoutUndefined(value) } });
    if (matchedCount === 0) throw new NotFoundError('Handoff', id);
  }
}

/**
 * A claim as one update pipeline: the status, the worker and the claim time, and the first claim time only if there
 * is none yet ($ifNull), all in the one atomic write. In a pipeline a string starting with "$" is a field path, so the
 * worker's id goes in as a $literal.
 */
function claimUpdate(workerId: string, at: Date) {
  return [{ $set: { status: 'active', claimedBy: { $literal: workerId }, claimedAt: at, firstClaimedAt: { $ifNull: ['$firstClaimedAt', at] } } }];
}
