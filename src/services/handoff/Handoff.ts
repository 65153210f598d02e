import type { ConversationReference } from 'botbuilder';

export type HandoffPriority = 'urgent' | 'normal';
export type HandoffStatus = 'waiting' | 'active' | 'closed';
export type HandoffOutcome = 'signposted' | 'referred' | 'no-contact' | 'not-eligible' | 'safeguarding-escalated' | 'handed-back';

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
  closedAt?: Date;
  outcome?: { type: HandoffOutcome; detail?: string };
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
