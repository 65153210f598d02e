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
  /** The channel a worker's message went by, when not the conversation's own (a text to a web chat patient: "sms"). */
  channel?: string;
}

/** A web chat patient's consent to be texted about this handoff, at a UK mobile (the chat ends when the tab closes). */
export interface TextBack {
  /** E.164 UK mobile. */
  phone: string;
  /** The SMS conversation of that number: the person's texts in it go to this handoff while it is open. */
  conversationId: string;
  consentAt: Date;
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
  /** When a link worker first replied to the person (set by the store with the first worker message): time to first reply. */
  firstReplyAt?: Date;
  /** The needs (ids of the needs taxonomy) the person gave before asking for a person, with or without a referral. */
  needs?: string[];
  /** Why it is urgent after crisis words: the kinds of risk and the person's own words. */
  risk?: HandoffRisk;
  closedAt?: Date;
  outcome?: { type: HandoffOutcome; detail?: string };
  satisfaction?: Satisfaction;
  textBack?: TextBack;
}

export interface HandoffRisk {
  kinds: string[];
  words?: string;
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
  needs?: string[];
  risk?: HandoffRisk;
}
