/**
 * The SMS outbox: every text Signpost sends is stored here first and sent by the outbox worker, so a reply survives
 * a restart or a Twilio outage. Messages to one number go out in the order they were queued.
 */

export type OutgoingSmsStatus =
  /** Waiting for its first try or a retry (see nextAttemptAt). */
  | 'queued'
  /** Claimed by a worker until leaseUntil; after that it counts as queued again. */
  | 'sending'
  /** Accepted by the provider. */
  | 'sent'
  /** Given up: the provider refused it for good, or retries ran out. */
  | 'failed'
  /** Not sent because the number opted out after it was queued. */
  | 'cancelled';

/** Statuses of a text not yet finished with: it will be (or is being) sent. */
export const PENDING_SMS_STATUSES = ['queued', 'sending'] as const satisfies readonly OutgoingSmsStatus[];

export interface OutgoingSms {
  id: string;
  /** E.164 number. */
  to: string;
  /** The SMS conversation of that number (derived from it; see channels/sms/identity). */
  conversationId: string;
  body: string;
  /** Segments the body is billed as, and its encoding. */
  segments: number;
  encoding: 'GSM-7' | 'UCS-2';
  /** The provider's id (Twilio MessageSid) of the incoming text this answers, if it answers one. */
  inReplyTo?: string;
  /** Sent even though the number opted out: only the STOP confirmation and answers to HELP. */
  evenIfOptedOut?: boolean;
  /**
   * A safety answer (the crisis numbers): claimed before everything else, past the global cap, and never behind
   * another text of its number or a claim left by a worker that died.
   */
  urgent?: boolean;
  status: OutgoingSmsStatus;
  /** Sending order: increasing in the order messages were queued. */
  seq: number;
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  leaseUntil?: Date;
  sentAt?: Date;
  /** The provider's id for this message (Twilio MessageSid). */
  providerId?: string;
  /** Short reason of the last failure (provider error code and status; never the body). */
  lastError?: string;
  /** The latest delivery status the provider reported (queued, sent, delivered, undelivered, failed...). */
  delivery?: { status: string; errorCode?: string; at: Date };
}

export interface NewOutgoingSms {
  to: string;
  conversationId: string;
  body: string;
  segments: number;
  encoding: 'GSM-7' | 'UCS-2';
  inReplyTo?: string;
  evenIfOptedOut?: boolean;
  urgent?: boolean;
}

export interface SmsOutbox {
  /** Stores the messages (in this order, queued and due now) and returns them with their ids. */
  enqueue(messages: NewOutgoingSms[], now?: Date): Promise<OutgoingSms[]>;
  /**
   * Claims up to `limit` messages to send now, atomically (two workers never get the same one): for each number, only
   * its oldest unsent message, and only when that one is due (queued with nextAttemptAt <= now, or sending with an
   * expired lease). Claimed messages are `sending` with leaseUntil = now + leaseMs and one more attempt.
   * With `urgentOnly`: every queued, due urgent message instead, whatever waits or is claimed ahead of it in its number's
   * queue (oldest first), so a crisis answer never waits behind an ordinary text or a dead worker's claim.
   */
  claimDue(now: Date, limit: number, leaseMs: number, options?: { urgentOnly?: boolean }): Promise<OutgoingSms[]>;
  markSent(id: string, providerId: string, at: Date): Promise<void>;
  /** Back to queued, to be tried again at nextAttemptAt. */
  markRetry(id: string, error: string, nextAttemptAt: Date): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
  markCancelled(id: string, reason: string): Promise<void>;
  /** Records a delivery status callback; false when no message has that id. */
  recordDelivery(id: string, status: string, errorCode: string | undefined, at: Date): Promise<boolean>;
  get(id: string): Promise<OutgoingSms | undefined>;
  /** Messages that answer one incoming text, in sending order. */
  repliesTo(inReplyTo: string): Promise<OutgoingSms[]>;
  /** Messages to one number's conversation, in sending order (newest `limit`). */
  listByConversation(conversationId: string, limit?: number): Promise<OutgoingSms[]>;
  /** Messages still to send (queued or sending). */
  pendingCount(): Promise<number>;
  /** Removes every message of one conversation (right to erasure); returns how many. */
  eraseConversation(conversationId: string): Promise<number>;
  /** Removes messages created before `cutoff` that are no longer pending (retention); returns how many. */
  purgeBefore(cutoff: Date): Promise<number>;
}
