/**
 * The link-worker queue in the embedded store. Every change of status (and every new handoff) runs under one
 * in-process lock, so a claim (take the next waiting, then mark it active) is atomic: two link workers never get the
 * same handoff. The waiting handoffs are also held in memory in queue order (WaitingHandoffs), so a claim does not
 * search the file.
 */
import type Datastore from '@seald-io/nedb';
import type { Handoff, HandoffOutcome, HandoffStatus, NewHandoff, Note, Satisfaction, TranscriptEntry } from '../../services/handoff/Handoff';
import { HandoffConflictError, type HandoffQueue, type QueueStats } from '../../services/handoff/HandoffQueue';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { OPEN_STATUSES, PRIORITY_RANK, QUEUE_SORT } from '../shared/handoffOrder';
import { handoffFromRecord, newHandoffRecord, type HandoffRecord } from '../shared/handoffRecords';
import { validateHandoffOutcome, validateNewHandoff, validateNote, validateSatisfaction, validateTranscriptEntry } from '../shared/validation';
import { withoutUndefined } from '../shared/records';
import { Mutex } from './Mutex';
import { WaitingHandoffs } from './waitingHandoffs';

export type HandoffDoc = HandoffRecord & Record<string, unknown>;

export class EmbeddedHandoffQueue implements HandoffQueue {
  private readonly lock = new Mutex();

  private constructor(private readonly db: Datastore<HandoffDoc>, private readonly waiting: WaitingHandoffs) {}

  /** The queue on its loaded file, its waiting handoffs held in memory from now on. */
  static async open(db: Datastore<HandoffDoc>): Promise<EmbeddedHandoffQueue> {
    const waiting = new WaitingHandoffs();
    for (const doc of await db.findAsync({ status: 'waiting' })) waiting.put(doc);
    return new EmbeddedHandoffQueue(db, waiting);
  }

  async enqueue(handoff: NewHandoff): Promise<Handoff> {
    validateNewHandoff(handoff);
    return this.lock.run(async () => {
      const record = newHandoffRecord(handoff, new Date()) as HandoffDoc;
      await this.db.insertAsync(record);
      this.waiting.put(record);
      return handoffFromRecord(record);
    });
  }

  claimNext(workerId: string): Promise<Handoff | null> {
    return this.lock.run(async () => {
      const id = this.waiting.first();
      if (id === undefined) return null;
      return this.set(id, claimFields(await this.require(id), workerId));
    });
  }

  claim(id: string, workerId: string): Promise<Handoff> {
    return this.lock.run(async () => {
      const doc = await this.require(id);
      if (doc.status === 'active' && doc.claimedBy === workerId) return handoffFromRecord(doc);
      if (doc.status !== 'waiting') throw new HandoffConflictError(id);
      return this.set(id, claimFields(doc, workerId));
    });
  }

  async appendMessage(id: string, entry: TranscriptEntry): Promise<void> {
    validateTranscriptEntry(entry);
    await this.push(id, 'transcript', entry);
  }

  async appendNote(id: string, note: Note): Promise<void> {
    validateNote(note);
    await this.push(id, 'notes', note);
  }

  escalate(id: string): Promise<Handoff> {
    return this.lock.run(async () => {
      const doc = await this.require(id);
      if (doc.status === 'closed') throw new HandoffConflictError(id);
      return this.set(id, { priority: 'urgent', priorityRank: PRIORITY_RANK.urgent });
    });
  }

  release(id: string): Promise<Handoff> {
    return this.lock.run(async () => {
      const doc = await this.require(id);
      if (doc.status === 'closed') throw new HandoffConflictError(id);
      return this.set(id, { status: 'waiting' }, { claimedBy: true, claimedAt: true });
    });
  }

  async close(id: string, outcome: { type: HandoffOutcome; detail?: string }): Promise<Handoff> {
    validateHandoffOutcome(outcome);
    return this.lock.run(async () => {
      const doc = await this.require(id);
      if (doc.status === 'closed') throw new HandoffConflictError(id);
      return this.set(id, { status: 'closed', closedAt: new Date(), outcome: outcome.detail === undefined ? { type: outcome.type } : outcome });
    });
  }

  async recordSatisfaction(id: string, satisfaction: Satisfaction): Promise<Handoff> {
    validateSatisfaction(satisfaction);
    return this.lock.run(async () => {
      await this.require(id);
      return this.set(id, { satisfaction: withoutUndefined(satisfaction) });
    });
  }

  async get(id: string): Promise<Handoff | null> {
    const doc = await this.db.findOneAsync({ _id: id });
    return doc ? handoffFromRecord(doc) : null;
  }

  async list(status: HandoffStatus): Promise<Handoff[]> {
    const docs = await this.db.findAsync({ status }).sort(QUEUE_SORT);
    return docs.map(handoffFromRecord);
  }

  async findOpenByConversation(conversationId: string): Promise<Handoff | null> {
    const [doc] = await this.db.findAsync({ conversationId, status: { $in: OPEN_STATUSES } }).sort({ createdAt: -1 }).limit(1);
    return doc ? handoffFromRecord(doc) : null;
  }

  async stats(): Promise<QueueStats> {
    const oldest = this.waiting.oldestCreatedAt();
    return { waiting: this.waiting.size, oldestWaitMs: oldest ? Math.max(0, Date.now() - oldest.getTime()) : null };
  }

  async exportByPerson(personId: string): Promise<Handoff[]> {
    const docs = await this.db.findAsync({ personId }).sort({ createdAt: 1, seq: 1 });
    return docs.map(handoffFromRecord);
  }

  eraseByPerson(personId: string): Promise<number> {
    return this.lock.run(async () => {
      // Nothing is queued meanwhile (enqueue takes the lock too), so these are the handoffs removed.
      const ids = (await this.db.findAsync({ personId }, { _id: 1 })).map((doc) => doc._id);
      const removed = await this.db.removeAsync({ personId }, { multi: true });
      for (const id of ids) this.waiting.remove(id);
      return removed;
    });
  }

  purgeOlderThan(cutoff: Date): Promise<number> {
    return this.lock.run(() => this.db.removeAsync({ status: 'closed', closedAt: { $lt: cutoff } }, { multi: true }));
  }

  private async require(id: string): Promise<HandoffDoc> {
    const doc = await this.db.findOneAsync({ _id: id });
    if (!doc) throw new NotFoundError('Handoff', id);
    return doc;
  }

  private async set(id: string, fields: Partial<HandoffDoc>, unset?: Record<string, true>): Promise<Handoff> {
    const { affectedDocuments } = await this.db.updateAsync({ _id: id }, { $set: fields, ...(unset ? { $unset: unset } : {}) }, { returnUpdatedDocs: true });
    const updated = affectedDocuments as HandoffDoc;
    this.waiting.put(updated);
    return handoffFromRecord(updated);
  }

  private async push(id: string, field: 'transcript' | 'notes', value: TranscriptEntry | Note): Promise<void> {
    const { numAffected } = await this.db.updateAsync({ _id: id }, { $push: { [field]: withoutUndefined(value) } });
    if (numAffected === 0) throw new NotFoundError('Handoff', id);
  }
}

/** Active for this worker; the first claim's time is kept through releases (time to first contact). */
function claimFields(doc: HandoffDoc, workerId: string): Partial<HandoffDoc> {
  const now = new Date();
  return { status: 'active', claimedBy: workerId, claimedAt: now, firstClaimedAt: doc.firstClaimedAt ?? now };
}
