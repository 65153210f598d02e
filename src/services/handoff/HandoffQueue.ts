import type { Handoff, HandoffOutcome, HandoffStatus, NewHandoff, Note, Satisfaction, TextBack, TranscriptEntry } from './Handoff';

export class HandoffConflictError extends Error {
  constructor(id: string) {
    super(`Handoff ${id} is already claimed by someone else or closed`);
    this.name = 'HandoffConflictError';
  }
}

export interface QueueStats {
  waiting: number;
  /** Age in ms of the oldest waiting handoff, or null when none wait. */
  oldestWaitMs: number | null;
}

/** Port for the link-worker queue. Every storage adapter implements it and passes test/storage/conformance. */
export interface HandoffQueue {
  enqueue(handoff: NewHandoff): Promise<Handoff>;
  /** Atomically claims the oldest waiting handoff of the highest priority (urgent first); null when none wait. */
  claimNext(workerId: string): Promise<Handoff | null>;
  /** Claims one handoff; idempotent for the same worker; throws HandoffConflictError if another has it or it is closed; NotFoundError if absent. */
  claim(id: string, workerId: string): Promise<Handoff>;
  appendMessage(id: string, entry: TranscriptEntry): Promise<void>;
  appendNote(id: string, note: Note): Promise<void>;
  /** Makes an open handoff urgent (crisis words while it waits or is active); HandoffConflictError once closed. */
  escalate(id: string): Promise<Handoff>;
  /** Back to waiting, unclaimed. */
  release(id: string): Promise<Handoff>;
  /** Gives an active handoff held by `fromWorkerId` to `toWorkerId` (claimedAt becomes now); HandoffConflictError when it is not active and held by `fromWorkerId`. */
  transfer(id: string, fromWorkerId: string, toWorkerId: string): Promise<Handoff>;
  close(id: string, outcome: { type: HandoffOutcome; detail?: string }): Promise<Handoff>;
  /** The patient's satisfaction, after it closes (a later answer replaces an earlier one); NotFoundError if absent. */
  recordSatisfaction(id: string, satisfaction: Satisfaction): Promise<Handoff>;
  get(id: string): Promise<Handoff | null>;
  /** Urgent first, then oldest first. */
  list(status: HandoffStatus): Promise<Handoff[]>;
  /** Records (or replaces) the person's consent to be texted about an open handoff; HandoffConflictError once closed. */
  setTextBack(id: string, textBack: TextBack): Promise<Handoff>;
  /** The open (waiting or active) handoff of a conversation, if any: its own, or the SMS conversation it may text (textBack). */
  findOpenByConversation(conversationId: string): Promise<Handoff | null>;
  stats(): Promise<QueueStats>;
  exportByPerson(personId: string): Promise<Handoff[]>;
  eraseByPerson(personId: string): Promise<number>;
  /** Retention: removes closed handoffs closed before the cutoff. */
  purgeOlderThan(cutoff: Date): Promise<number>;
}
