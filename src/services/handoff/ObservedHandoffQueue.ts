/**
 * A HandoffQueue that tells HandoffEvents about every change it makes, whoever makes it (the handoff dialog
 * enqueuing, the bot relaying a patient's message, a link worker in the console). app.ts puts it in front of the
 * store's queue, so live updates never depend on callers remembering to announce their changes.
 */
import type { Handoff, HandoffOutcome, HandoffStatus, NewHandoff, Note, Satisfaction, TextBack, TranscriptEntry } from './Handoff';
import type { HandoffEvents } from './HandoffEvents';
import type { HandoffQueue, QueueStats } from './HandoffQueue';

export class ObservedHandoffQueue implements HandoffQueue {
  constructor(
    private readonly inner: HandoffQueue,
    private readonly events: HandoffEvents,
  ) {}

  async enqueue(handoff: NewHandoff): Promise<Handoff> {
    const queued = await this.inner.enqueue(handoff);
    this.events.statusChanged(queued, 'enqueued');
    return queued;
  }

  async claimNext(workerId: string): Promise<Handoff | null> {
    const claimed = await this.inner.claimNext(workerId);
    if (claimed) this.events.statusChanged(claimed, 'claimed');
    return claimed;
  }

  async claim(id: string, workerId: string): Promise<Handoff> {
    const before = await this.inner.get(id);
    const claimed = await this.inner.claim(id, workerId);
    // Claiming again what one already holds changes nothing: no news.
    if (before?.status !== 'active') this.events.statusChanged(claimed, 'claimed');
    return claimed;
  }

  async appendMessage(id: string, entry: TranscriptEntry): Promise<void> {
    await this.inner.appendMessage(id, entry);
    this.events.message(id, entry);
  }

  async appendNote(id: string, note: Note): Promise<void> {
    await this.inner.appendNote(id, note);
    this.events.note(id, note);
  }

  async escalate(id: string): Promise<Handoff> {
    const escalated = await this.inner.escalate(id);
    this.events.statusChanged(escalated, 'escalated');
    return escalated;
  }

  async release(id: string): Promise<Handoff> {
    const released = await this.inner.release(id);
    this.events.statusChanged(released, 'released');
    return released;
  }

  async transfer(id: string, fromWorkerId: string, toWorkerId: string): Promise<Handoff> {
    const transferred = await this.inner.transfer(id, fromWorkerId, toWorkerId);
    this.events.statusChanged(transferred, 'transferred');
    return transferred;
  }

  async close(id: string, outcome: { type: HandoffOutcome; detail?: string }): Promise<Handoff> {
    const closed = await this.inner.close(id, outcome);
    this.events.statusChanged(closed, 'closed');
    return closed;
  }

  /** No change of status to announce. */
  setTextBack(id: string, textBack: TextBack): Promise<Handoff> {
    return this.inner.setTextBack(id, textBack);
  }

  /** After closing: no change of status to announce. */
  recordSatisfaction(id: string, satisfaction: Satisfaction): Promise<Handoff> {
    return this.inner.recordSatisfaction(id, satisfaction);
  }

  get(id: string): Promise<Handoff | null> {
    return this.inner.get(id);
  }

  list(status: HandoffStatus): Promise<Handoff[]> {
    return this.inner.list(status);
  }

  findOpenByConversation(conversationId: string): Promise<Handoff | null> {
    return this.inner.findOpenByConversation(conversationId);
  }

  stats(): Promise<QueueStats> {
    return this.inner.stats();
  }

  exportByPerson(personId: string): Promise<Handoff[]> {
    return this.inner.exportByPerson(personId);
  }

  eraseByPerson(personId: string): Promise<number> {
    return this.inner.eraseByPerson(personId);
  }

  purgeOlderThan(cutoff: Date): Promise<number> {
    return this.inner.purgeOlderThan(cutoff);
  }
}
