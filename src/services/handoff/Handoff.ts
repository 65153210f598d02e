import type { ConversationReference } from 'botbuilder';

export type HandoffPriority = 'urgent' | 'normal';
export type HandoffStatus = 'waiting' | 'active' | 'closed';
/** How a handoff ended. "erased" is not a worker's choice: the person asked for their data to be deleted while it was open. */
export type HandoffOutcome = 'signposted' | 'referred' | 'no-contact' | 'not-eligible' | 'safeguarding-escalated' | 'handed-back' | 'declined' | 'erased';

export interface TranscriptEntry {
  from: 'patient' | 'bot' | 'worker' | 'system';
  text: string;
  at: Date;
  /** For worker messages: the worker's id and the first name shown to the patient. */
  workerId?: string;
  workerName?: string;
}

export interface Note {
  workerId: string;
  text: string;
  at: Date;
}

/** The patient's answer to "how satisfied were you?" after a handoff closes: 1 (not at all) to 5 (very). */
export interface Satisfaction {
  score: number;
  comment?: string;
  at: Date;
}

export interface Handoff {
  id: string;
  personId: string;
  referralReference?: string;
  channel: string;
  conversationId: string;
  conversationReference: Partial<ConversationReference>;
  priority: HandoffPriority;
  status: HandoffStatus;
  /** A short summary for the queue (needs, urgency); personal details stay in the referral. */
  summary: string;
  transcript: TranscriptEntry[];
  notes: Note[];
  createdAt: Date;
  claimedBy?: string;
  claimedAt?: Date;
  /** When a link worker first picked it up (kept through release): time to first contact. */
  firstClaimedAt?: Date;
  closedAt?: Date;
  outcome?: { type: HandoffOutcome; detail?: string };
  satisfaction?: Satisfaction;
}

export interface NewHandoff {
  personId: string;
  referralReference?: string;
  channel: string;
  conversationId: string;
  conversationReference: Partial<ConversationReference>;
  priority: HandoffPriority;
  summary: string;
  transcript?: TranscriptEntry[];
}
