/**
 * Live news about handoffs, in this process, for the console's live updates. Two kinds of listener:
 * - the queue: a handoff was enqueued, claimed, released or closed (ids, status and priority only, no personal data);
 * - one handoff: its messages, notes and status as they happen (holds what patients and workers wrote, so only
 *   a signed-in link worker may subscribe, and the console audits it).
 * A listener that throws is cut off and never stops the others or the writer.
 */
import { EventEmitter } from 'node:events';
import type { Handoff, HandoffPriority, HandoffStatus, Note, TranscriptEntry } from './Handoff';

export type QueueChange = 'enqueued' | 'claimed' | 'escalated' | 'released' | 'transferred' | 'flagged' | 'closed';

export interface QueueEvent {
  change: QueueChange;
  handoffId: string;
  status: HandoffStatus;
  priority: HandoffPriority;
  claimedBy?: string;
}

export type HandoffEvent =
  | { type: 'message'; handoffId: string; entry: TranscriptEntry }
  | { type: 'note'; handoffId: string; note: Note }
  | { type: 'status'; handoffId: string; change: QueueChange; status: HandoffStatus; claimedBy?: string; outcome?: Handoff['outcome'] };

export type Unsubscribe = () => void;

const QUEUE = 'queue';

export class HandoffEvents {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {
    this.emitter.setMaxListeners(0);
  }

  onQueue(listener: (event: QueueEvent) => void): Unsubscribe {
    return this.listen(QUEUE, listener);
  }

  onHandoff(handoffId: string, listener: (event: HandoffEvent) => void): Unsubscribe {
    return this.listen(`handoff:${handoffId}`, listener);
  }

  /** How many listeners are attached (queue and per handoff together). */
  listenerCount(): number {
    return this.emitter.eventNames().reduce((sum, name) => sum + this.emitter.listenerCount(name), 0);
  }

  statusChanged(handoff: Handoff, change: QueueChange): void {
    const { id: handoffId, status, priority, claimedBy, outcome } = handoff;
    this.emit(QUEUE, { change, handoffId, status, priority, ...(claimedBy && status === 'active' ? { claimedBy } : {}) } satisfies QueueEvent);
    this.emit(`handoff:${handoffId}`, { type: 'status', handoffId, change, status, ...(claimedBy && status === 'active' ? { claimedBy } : {}), ...(outcome ? { outcome } : {}) } satisfies HandoffEvent);
  }

  message(handoffId: string, entry: TranscriptEntry): void {
    this.emit(`handoff:${handoffId}`, { type: 'message', handoffId, entry } satisfies HandoffEvent);
  }

  note(handoffId: string, note: Note): void {
    this.emit(`handoff:${handoffId}`, { type: 'note', handoffId, note } satisfies HandoffEvent);
  }

  private listen<T>(name: string, listener: (event: T) => void): Unsubscribe {
    const safe = (event: T): void => {
      try {
        listener(event);
      } catch (error) {
        this.emitter.off(name, safe);
        this.onListenerError(error);
      }
    };
    this.emitter.on(name, safe);
    return () => this.emitter.off(name, safe);
  }

  private emit(name: string, event: unknown): void {
    this.emitter.emit(name, event);
  }
}
