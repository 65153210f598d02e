import type { ContactAttempt, NewReferral, Referral, ReferralPatch, ReferralStatus } from './Referral';

export interface ReferralQuery {
  status?: ReferralStatus;
  /** The referrals made in one conversation. */
  conversationId?: string;
  /** createdAt >= from */
  from?: Date;
  /** createdAt < to */
  to?: Date;
  /** Page size (default 50) and offset; newest first. */
  limit?: number;
  offset?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export class DuplicateReferenceError extends Error {
  constructor(reference: string) {
    super(`A referral with reference ${reference} already exists`);
    this.name = 'DuplicateReferenceError';
  }
}

export class NotFoundError extends Error {
  constructor(kind: string, id: string) {
    super(`${kind} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** How the console finds a person's referrals: by the phone number (E.164) or email they gave, or by the start of their name (any case). */
export type ReferralMatch = { contactValue: string } | { namePrefix: string };

export class ReferralConflictError extends Error {
  constructor(reference: string, why = 'is already claimed by someone else or closed') {
    super(`Referral ${reference} ${why}`);
    this.name = 'ReferralConflictError';
  }
}

/** Port for referrals. Every storage adapter implements it and passes test/storage/conformance. */
export interface ReferralRepository {
  /** Throws DuplicateReferenceError when the reference is taken. */
  create(referral: NewReferral): Promise<Referral>;
  get(reference: string): Promise<Referral | null>;
  list(query?: ReferralQuery): Promise<Page<Referral>>;
  /** Throws NotFoundError. Sets updatedAt. */
  update(reference: string, patch: ReferralPatch): Promise<Referral>;
  /**
   * Atomically claims a referral for a link worker: from new (or handed-off), it becomes in-progress, held by them;
   * idempotent for the worker who holds it. ReferralConflictError when another worker holds it or it is closed;
   * NotFoundError when absent.
   */
  claim(reference: string, workerId: string, at: Date): Promise<Referral>;
  /**
   * Adds a contact attempt (never losing another's added at the same time); the first that reached the person sets
   * firstContactAt. NotFoundError when absent.
   */
  addContact(reference: string, attempt: ContactAttempt): Promise<Referral>;
  /** Follow-ups due (dueAt <= now) and not yet sent, the longest due first. */
  listFollowUpsDue(now: Date, limit?: number): Promise<Referral[]>;
  /** Marks a follow-up sent unless it already was: true for the one caller that marked it. */
  markFollowUpSent(reference: string, at: Date): Promise<boolean>;
  /** Right of access: everything held about one person. */
  exportByPerson(personId: string): Promise<Referral[]>;
  /** Referrals matching a contact value exactly, or a name's start (case-insensitive), newest first, at most `limit`. */
  findMatching(match: ReferralMatch, limit: number): Promise<Referral[]>;
  /** Right to erasure: returns how many referrals were removed. */
  eraseByPerson(personId: string): Promise<number>;
  /** Retention: removes referrals created before the cutoff; returns how many. */
  purgeOlderThan(cutoff: Date): Promise<number>;
}
