/**
 * The referral worklist: a link worker's side of a self-referral that did not ask for a live chat (or whose chat has
 * ended without an outcome). New referrals in the order to contact them (urgent first, then the contact promise that
 * runs out first); a worker claims one, records each attempt to contact the person (when, how, reached or not, a
 * note), and closes it with an outcome: the handoff outcomes, and `declined`. The person is told by text when text is
 * how they asked to be contacted (afterClose: OutcomeFollowUps.referralClosed, which also offers the follow-up).
 * Status and outcome are the episode's one status (episode.ts); while the person's chat is open, it is closed there.
 * Every look and change is audited; logs hold references and outcomes, never personal details.
 */
import type { AuditLog } from '../audit/AuditLog';
import type { Handoff, HandoffOutcome } from '../handoff/Handoff';
import type { Worker } from '../handoff/HandoffService';
import { checkOutcome, OUTCOMES } from '../handoff/outcomes';
import { contactDueBy } from './contactPromise';
import { episodeClosed } from './episode';
import type { ContactChannel, Referral, ReferralStatus } from './Referral';
import { NotFoundError, ReferralConflictError, type ReferralRepository } from './ReferralRepository';

/** How a referral can end: as a chat can (but "handed back", which only a chat can be), and `declined`. */
export type ReferralOutcome = Exclude<HandoffOutcome, 'handed-back' | 'erased'>;
export const REFERRAL_OUTCOMES: readonly ReferralOutcome[] = OUTCOMES.filter((o): o is ReferralOutcome => o !== 'handed-back' && o !== 'erased');

/** The worklist's three views: waiting to be picked up, being worked, ended. */
export type WorklistStatus = 'new' | 'in-progress' | 'closed';
export const WORKLIST_STATUSES: readonly WorklistStatus[] = ['new', 'in-progress', 'closed'];
const STORED: Record<WorklistStatus, ReferralStatus[]> = { new: ['new', 'handed-off'], 'in-progress': ['in-progress'], closed: ['closed'] };
/** Referrals read per status for one view of the worklist (sorted here: urgency, then promise). */
const WORKLIST_LIMIT = 500;

export class NotYourReferralError extends Error {
  constructor(reference: string) {
    super(`Referral ${reference} is not claimed by you: claim it first`);
    this.name = 'NotYourReferralError';
  }
}

export class ChatStillOpenError extends Error {
  constructor(reference: string) {
    super(`Referral ${reference} has a live chat open: end it from the chat`);
    this.name = 'ChatStillOpenError';
  }
}

export interface WorklistEntry {
  referral: Referral;
  /** When the contact promise runs out. */
  contactDueBy: Date;
}

interface WorklistLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface ReferralWorklistDeps {
  referrals: ReferralRepository;
  audit: AuditLog;
  logger: WorklistLogger;
  /** REFERRAL_CONTACT_DAYS: the promise the bot made. */
  contactWorkingDays: number;
  /** The person's open chat, if any (a referral with one is worked and closed there). */
  openChat: (conversationId: string) => Promise<Handoff | null>;
  /** After a referral closed: tell the person where they chose text, and offer the follow-up. Failure never undoes the close. */
  afterClose?: (referral: Referral) => Promise<{ told: boolean }>;
  now?: () => Date;
}

export const MAX_CONTACT_NOTE_LENGTH = 5000;

export class ReferralWorklist {
  private readonly now: () => Date;

  constructor(private readonly deps: ReferralWorklistDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** REFERRAL_CONTACT_DAYS, for the page to say what the promise is. */
  get contactWorkingDays(): number {
    return this.deps.contactWorkingDays;
  }

  /** One view of the worklist, urgent first, then the promise that runs out first. Audited. */
  async list(status: WorklistStatus, worker: Worker): Promise<WorklistEntry[]> {
    const pages = await Promise.all(STORED[status].map((s) => this.deps.referrals.list({ status: s, limit: WORKLIST_LIMIT })));
    const entries = pages.flatMap((p) => p.items).map((referral) => this.entry(referral));
    entries.sort((a, b) => Number(b.referral.urgent) - Number(a.referral.urgent) || a.contactDueBy.getTime() - b.contactDueBy.getTime() || a.referral.reference.localeCompare(b.referral.reference));
    await this.audit(worker, 'view-worklist', 'referral-worklist', status);
    return entries;
  }

  /** One referral with its contact attempts, and the person's open chat if any. Audited. */
  async view(reference: string, worker: Worker): Promise<WorklistEntry & { openChat: Handoff | null }> {
    const referral = await this.require(reference);
    await this.audit(worker, 'view-referral', 'referral', reference);
    return { ...this.entry(referral), openChat: await this.deps.openChat(referral.conversationId) };
  }

  /** Claims a referral (ReferralConflictError when another worker has it or it is closed). */
  async claim(reference: string, worker: Worker): Promise<WorklistEntry> {
    const claimed = await this.deps.referrals.claim(reference, worker.id, this.now());
    await this.audit(worker, 'claim', 'referral', reference);
    return this.entry(claimed);
  }

  /** Records one attempt to contact the person (by the worker holding it, or a supervisor). */
  async recordContact(reference: string, worker: Worker, attempt: { channel: ContactChannel; reached: boolean; note?: string }): Promise<WorklistEntry> {
    this.assertHolder(await this.require(reference), worker);
    const note = attempt.note?.trim();
    const updated = await this.deps.referrals.addContact(reference, { at: this.now(), channel: attempt.channel, reached: attempt.reached, workerId: worker.id, ...(note ? { note } : {}) });
    await this.audit(worker, `contact:${attempt.reached ? 'reached' : 'not-reached'}`, 'referral', reference);
    return this.entry(updated);
  }

  /**
   * Ends the referral with an outcome (by the worker holding it, or a supervisor) and tells the person where they
   * chose text. Refused while their chat is open (ChatStillOpenError): the chat's close closes both.
   */
  async close(reference: string, worker: Worker, outcome: { type: ReferralOutcome; detail?: string }): Promise<{ entry: WorklistEntry; personTold: boolean }> {
    if (outcome.type !== 'declined') checkOutcome(outcome as { type: HandoffOutcome; detail?: string });
    const referral = await this.require(reference);
    this.assertHolder(referral, worker);
    if (await this.deps.openChat(referral.conversationId)) throw new ChatStillOpenError(reference);
    const detail = outcome.detail?.trim();
    const closed = await episodeClosed(this.deps.referrals, referral, { type: outcome.type, ...(detail ? { detail } : {}) }, this.now());
    await this.audit(worker, `close:${outcome.type}`, 'referral', reference);
    this.deps.logger.info({ event: 'referral-closed', outcome: outcome.type }, 'referral closed from the worklist');
    let personTold = false;
    try {
      personTold = (await this.deps.afterClose?.(closed))?.told ?? false;
    } catch (error) {
      this.deps.logger.warn({ event: 'referral-after-close-failed', errorType: (error as Error)?.name }, 'could not tell the person their referral closed');
    }
    return { entry: this.entry(closed), personTold };
  }

  private entry(referral: Referral): WorklistEntry {
    return { referral, contactDueBy: contactDueBy(referral.createdAt, this.deps.contactWorkingDays) };
  }

  private async require(reference: string): Promise<Referral> {
    const referral = await this.deps.referrals.get(reference);
    if (!referral) throw new NotFoundError('Referral', reference);
    return referral;
  }

  private assertHolder(referral: Referral, worker: Worker): void {
    if (referral.status === 'closed') throw new ReferralConflictError(referral.reference, 'is closed');
    if (referral.status === 'in-progress' && (referral.claimedBy === worker.id || worker.supervisor)) return;
    throw new NotYourReferralError(referral.reference);
  }

  private audit(worker: Worker, action: string, recordType: string, recordId: string): Promise<void> {
    return this.deps.audit.append({ actor: worker.id, action, recordType, recordId, at: this.now() });
  }
}
