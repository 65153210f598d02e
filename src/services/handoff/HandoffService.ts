/**
 * The one owner of a conversation's handoff state. Every transition (enqueue, escalate, claim, release, transfer,
 * close, erase) is checked against the table in handoffStateMachine.ts and made here; the referral's status follows
 * from it (episodeStepFor, through referrals/episode.ts) and whether a conversation is handed off is read from the queue
 * (openHandoffFor), never kept elsewhere.
 *
 * The link worker's side of a handoff: claim, reply to the patient in their own channel, keep private notes, hand
 * back to the bot or close with an outcome (telling the patient), and the bot's side of a handed-off conversation
 * (recordPatientMessage). Every change goes through the (observed) queue, so the console sees it live; every look at
 * or change to a handoff by a worker is written to the audit log. Logs hold ids and channels, never what was said.
 */
import type { ConversationReference } from 'botbuilder';
import type { AuditLog } from '../audit/AuditLog';
import { CHANNEL_IDS } from '../channelIds';
import { numberEnding } from '../contact/ukPhone';
import type { RiskKind } from '../safety/SafetyAssessor';
import { say } from '../content/messages';
import { NotFoundError } from '../referrals/ReferralRepository';
import { chatPickedUp, chatQueued, episodeClosed, episodeReopened, referralOfChat, type EpisodeReferrals } from '../referrals/episode';
import type { Referral } from '../referrals/Referral';
import type { Handoff, HandoffOutcome, HandoffStatus, NewHandoff, Note, TranscriptEntry } from './Handoff';
import { IllegalTransitionError, nextState, type HandoffTransition } from './handoffStateMachine';
import { placeInQueue } from './waitEstimate';
import { HandoffConflictError, type HandoffQueue } from './HandoffQueue';
import type { HandoffEvents } from './HandoffEvents';
import type { PatientChannels } from './PatientChannels';
import { waitingOnWorkerSince } from './replyWatch';
import { checkOutcome, closingMessage } from './outcomes';
import { PatientOptedOutError } from './PatientChannels';

/** A signed-in link worker, as the handoff service needs to know them. */
export interface Worker {
  id: string;
  /** Shown to the patient with each reply. */
  firstName: string;
  /** May release or close a handoff another worker holds (admins). */
  supervisor: boolean;
}

export class NotYourHandoffError extends Error {
  constructor(id: string) {
    super(`Handoff ${id} is not claimed by you: claim it first`);
    this.name = 'NotYourHandoffError';
  }
}

/** A reply by text to a person who has not agreed to be texted (or SMS is off). */
export class NoTextBackError extends Error {
  constructor(id: string) {
    super(`The person of handoff ${id} has not agreed to be texted`);
    this.name = 'NoTextBackError';
  }
}

export class DeliveryError extends Error {
  constructor(id: string, cause: unknown) {
    super(`The message could not be delivered to the patient of handoff ${id}`, { cause });
    this.name = 'DeliveryError';
  }
}

interface ServiceLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface HandoffServiceDeps {
  /** The queue, observed (ObservedHandoffQueue) so every change reaches live listeners. */
  queue: HandoffQueue;
  channels: PatientChannels;
  audit: AuditLog;
  logger: ServiceLogger;
  now?: () => Date;
  /** How long to wait for a channel to take a message before giving up. */
  deliveryTimeoutMs?: number;
  /**
   * The referrals behind handoffs: one status for the episode (src/services/referrals/episode.ts), in progress once
   * claimed, closed with the chat's outcome, even when the chat began before the referral was saved.
   */
  referrals?: EpisodeReferrals;
  /** Live news for changes that are not queue writes (a conversation flagged for want of a reply). */
  events?: Pick<HandoffEvents, 'statusChanged'>;
  /**
   * Texting a number (SmsReach): the SMS conversation of a UK mobile, recorded as a contact so its texts come back to
   * the same conversation. Without it (SMS off) nobody can be offered texts.
   */
  texts?: { readonly enabled: boolean; conversationOf(phone: string): Promise<Partial<ConversationReference>> };
  /** Runs once a closed handoff's patient has been told (asking how it went); its failure never undoes the close. */
  afterClose?: (handoff: Handoff) => Promise<void>;
}

export const MAX_MESSAGE_LENGTH = 2000;

/** What the dialogs and the bot may do to a conversation's handoff: every change still goes through HandoffService. */
export type BotHandoffs = Pick<HandoffService, 'openHandoffFor' | 'enqueue' | 'escalate' | 'placeInQueue' | 'offersTexts' | 'agreeToTexts'>;

/**
 * What each transition does to the episode's referral (episode.ts, the one writer of its status): queued, picked up,
 * handed back (waits again) or closed with the outcome; escalate, release, transfer and erase leave it as it is.
 */
function episodeStepFor(transition: HandoffTransition, handoff: Handoff, at: Date): ((referrals: EpisodeReferrals, referral: Referral) => Promise<unknown>) | undefined {
  switch (transition) {
    case 'enqueue':
      return (referrals, referral) => chatQueued(referrals, referral);
    case 'claim':
      return (referrals, referral) => chatPickedUp(referrals, referral, handoff.claimedBy ?? '', handoff.claimedAt ?? at);
    case 'close':
      return (referrals, referral) =>
        handoff.outcome?.type === 'handed-back' ? episodeReopened(referrals, referral) : episodeClosed(referrals, referral, handoff.outcome!, handoff.closedAt ?? at);
    default:
      return undefined;
  }
}

/**
 * What one handed-off conversation may add to its handoff in an hour, in messages and in bytes of text: beyond it the
 * person is answered kindly ('handoff.slowDown') and the message is not stored, so one chat cannot fill the disk.
 * Generous for a real conversation with a link worker (two messages a minute for an hour). Crisis words always pass.
 */
export const MAX_PATIENT_MESSAGES_PER_HOUR = 120;
export const MAX_PATIENT_BYTES_PER_HOUR = 100 * 1024;
const HOUR_MS = 60 * 60 * 1000;

/** The handoff a patient's message went to; `limited` when it was over the hourly limit and not stored. */
export type RelayedHandoff = Handoff & { limited?: boolean };

/** True when adding `text` at `at` would take the patient's messages of the last hour over either limit. */
function overHourlyLimit(handoff: Handoff, text: string, at: Date): boolean {
  const since = at.getTime() - HOUR_MS;
  let messages = 1;
  let bytes = Buffer.byteLength(text);
  for (const entry of handoff.transcript) {
    if (entry.from !== 'patient' || entry.at.getTime() <= since) continue;
    messages += 1;
    bytes += Buffer.byteLength(entry.text);
  }
  return messages > MAX_PATIENT_MESSAGES_PER_HOUR || bytes > MAX_PATIENT_BYTES_PER_HOUR;
}
export const MAX_NOTE_LENGTH = 5000;

export class HandoffService {
  private readonly now: () => Date;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  // ---- the bot's side -------------------------------------------------------------------------------------------

  /** The open (waiting or active) handoff of a conversation: while there is one, the patient's words go to it. */
  openHandoffFor(conversationId: string): Promise<Handoff | null> {
    return this.deps.queue.findOpenByConversation(conversationId);
  }

  /** Where a waiting handoff stands in the queue (1 = next). */
  placeInQueue(id: string): Promise<number> {
    return placeInQueue(this.deps.queue, id);
  }

  /**
   * Hands a conversation to the link workers (transition "enqueue"): IllegalTransitionError when it already has an
   * open handoff. Its referral, if any, becomes "handed-off".
   */
  async enqueue(handoff: NewHandoff): Promise<Handoff> {
    const open = await this.deps.queue.findOpenByConversation(handoff.conversationId);
    nextState('enqueue', open?.status ?? 'none', open?.id);
    const queued = await this.deps.queue.enqueue(handoff);
    await this.followReferral('enqueue', queued);
    return queued;
  }

  /**
   * Makes an open handoff urgent (transition "escalate"), telling the worker in the transcript why (the kinds of risk,
   * when known). Already urgent, nothing changes. IllegalTransitionError once closed.
   */
  async escalate(id: string, risk?: RiskKind[]): Promise<Handoff> {
    const handoff = await this.require(id);
    nextState('escalate', handoff.status, id);
    if (handoff.priority === 'urgent') return handoff;
    const escalated = await this.deps.queue.escalate(id);
    // Past the urgent limit of its client address (urgentLimit.ts) it stays normal: nothing to tell.
    if (escalated.priority !== 'urgent') return escalated;
    const kinds = risk?.length ? risk.map((k) => k.replace(/-/g, ' ')).join(', ') : undefined;
    await this.deps.queue.appendMessage(id, { from: 'system', text: kinds ? `${say('handoff.summary.escalated')} ${say('handoff.summary.crisis', { categories: kinds })}` : say('handoff.summary.escalated'), at: this.now() });
    this.deps.logger.warn({ event: 'handoff-escalated', handoff: id, channel: handoff.channel }, 'a handed-off chat is now urgent');
    return escalated;
  }

  /** Whether a person on this channel should be offered texts: web chat ends when the tab closes, and SMS is on. */
  offersTexts(channelId: string): boolean {
    return channelId === CHANNEL_IDS.directLine && this.deps.texts?.enabled === true;
  }

  /**
   * A web chat person agreed to be texted about their open handoff at a UK mobile: recorded with the time of consent,
   * and their texts to Signpost go to this handoff while it is open. The worker sees a note (the number's ending only).
   */
  async agreeToTexts(id: string, phone: string): Promise<Handoff> {
    if (!this.deps.texts?.enabled) throw new NoTextBackError(id);
    const handoff = await this.require(id);
    if (handoff.status === 'closed') throw new HandoffConflictError(id);
    const reference = await this.deps.texts.conversationOf(phone);
    const updated = await this.deps.queue.setTextBack(id, { phone, conversationId: reference.conversation?.id ?? '', consentAt: this.now() });
    await this.deps.queue.appendMessage(id, { from: 'system', text: say('handoff.textBack.agreed', { ending: numberEnding(phone) }), at: this.now() });
    return updated;
  }

  /**
   * Adds a patient's message to their open handoff's transcript (the console shows it live). Crisis words make the
   * handoff urgent, so it moves to the front of the queue. Returns the handoff as it now is, or null when the
   * conversation is not handed off (then the dialogs should answer as usual). A message over the hourly limits
   * (MAX_PATIENT_MESSAGES_PER_HOUR, MAX_PATIENT_BYTES_PER_HOUR) is not stored: the handoff comes back `limited`.
   */
  async recordPatientMessage(conversationId: string, text: string, options: { at?: Date; crisis?: boolean; risk?: RiskKind[] } = {}): Promise<RelayedHandoff | null> {
    const handoff = await this.deps.queue.findOpenByConversation(conversationId);
    if (!handoff) return null;
    const at = options.at ?? this.now();
    if (!options.crisis && overHourlyLimit(handoff, text, at)) {
      this.deps.logger.info({ event: 'handoff-relay-limited', handoff: handoff.id, channel: handoff.channel }, 'a handed-off chat is over its hourly limit: message not stored');
      return { ...handoff, limited: true };
    }
    // Their text to the number they agreed to be texted at: shown as come by SMS.
    await this.deps.queue.appendMessage(handoff.id, { from: 'patient', text, at, ...(conversationId !== handoff.conversationId && handoff.textBack ? { channel: 'sms' } : {}) });
    if (!options.crisis || handoff.priority === 'urgent') return handoff;
    return this.escalate(handoff.id, options.risk);
  }

  /** The person texted STOP while handed off: the worker sees it at once, in the transcript. */
  async patientOptedOut(conversationId: string): Promise<void> {
    const open = await this.deps.queue.findOpenByConversation(conversationId);
    if (!open) return;
    await this.deps.queue.appendMessage(open.id, { from: 'system', text: say('handoff.patientOptedOut'), at: this.now() });
  }

  /** What the bot said to the patient while they waited (the self-referral carrying on), for the worker to read. */
  async recordBotMessages(handoffId: string, texts: string[]): Promise<void> {
    for (const text of texts) await this.deps.queue.appendMessage(handoffId, { from: 'bot', text, at: this.now() });
  }

  // ---- the link worker's side -----------------------------------------------------------------------------------

  /** The queue in one status (urgent first, then oldest). Audited: summaries can hint at health. */
  async list(status: HandoffStatus, worker: Worker): Promise<Handoff[]> {
    const handoffs = await this.deps.queue.list(status);
    await this.audit(worker, 'view-queue', 'handoff-queue', status);
    return handoffs;
  }

  /** One handoff with its transcript and notes. Audited. */
  async view(id: string, worker: Worker): Promise<Handoff> {
    const handoff = await this.require(id);
    await this.audit(worker, 'view-handoff', 'handoff', id);
    return handoff;
  }

  /** Records that a worker is watching a handoff live (its messages reach them as they come). */
  async watch(id: string, worker: Worker): Promise<Handoff> {
    const handoff = await this.require(id);
    await this.audit(worker, 'watch-handoff', 'handoff', id);
    return handoff;
  }

  /** Claims one handoff (HandoffConflictError if another worker has it or it is closed) and tells the patient. */
  async claim(id: string, worker: Worker): Promise<Handoff> {
    const before = await this.require(id);
    // Claiming again what one already holds changes nothing.
    if (before.status === 'active' && before.claimedBy === worker.id) return before;
    nextState('claim', before.status, id);
    const claimed = await this.deps.queue.claim(id, worker.id);
    await this.audit(worker, 'claim', 'handoff', id);
    await this.followReferral('claim', claimed);
    await this.announceClaim(claimed, worker);
    return claimed;
  }

  /** Claims the next handoff in line (urgent first, then oldest); null when none wait. */
  async claimNext(worker: Worker): Promise<Handoff | null> {
    const claimed = await this.deps.queue.claimNext(worker.id);
    if (!claimed) return null;
    await this.audit(worker, 'claim', 'handoff', claimed.id);
    await this.followReferral('claim', claimed);
    await this.announceClaim(claimed, worker);
    return claimed;
  }

  /**
   * Sends the worker's words to the patient in their channel, labelled with the worker's first name, then adds them
   * to the transcript. Only the worker holding the handoff may reply. Throws DeliveryError when the channel fails
   * (nothing is recorded then, so the worker can try again).
   */
  async reply(id: string, worker: Worker, text: string, options: { via?: 'sms' } = {}): Promise<TranscriptEntry> {
    const handoff = await this.require(id);
    this.assertHolder(handoff, worker, false);
    const words = say('handoff.worker.reply', { name: worker.firstName, text });
    if (options.via === 'sms') {
      // By text to a web chat person who agreed to it (their tab may have closed).
      if (!handoff.textBack || !this.deps.texts?.enabled) throw new NoTextBackError(id);
      await this.deliver(handoff, words, await this.deps.texts.conversationOf(handoff.textBack.phone));
    } else {
      await this.deliver(handoff, words);
    }
    const entry: TranscriptEntry = { from: 'worker', text, at: this.now(), workerId: worker.id, workerName: worker.firstName, channel: options.via ?? handoff.channel };
    await this.deps.queue.appendMessage(id, entry);
    await this.audit(worker, 'reply', 'handoff', id);
    return entry;
  }

  /** A private note for link workers; the patient never sees it. Any worker may add one, open or closed. */
  async addNote(id: string, worker: Worker, text: string): Promise<Note> {
    await this.require(id);
    const note: Note = { workerId: worker.id, text, at: this.now() };
    await this.deps.queue.appendNote(id, note);
    await this.audit(worker, 'note', 'handoff', id);
    return note;
  }

  /** Puts a handoff back in the queue for someone else (the holder, or a supervisor). */
  async release(id: string, worker: Worker): Promise<Handoff> {
    const handoff = await this.require(id);
    nextState('release', handoff.status, id);
    this.assertHolder(handoff, worker, true);
    const released = await this.deps.queue.release(id);
    await this.audit(worker, 'release', 'handoff', id);
    return released;
  }

  /**
   * Passes an active handoff to a colleague (transition "transfer"): the holder, or a supervisor, may. The patient is
   * told who is with them now; the transcript says who passed it to whom; audited as "transfer:<to id>".
   */
  async transfer(id: string, worker: Worker, to: Pick<Worker, 'id' | 'firstName'>): Promise<Handoff> {
    const handoff = await this.require(id);
    nextState('transfer', handoff.status, id);
    this.assertHolder(handoff, worker, true);
    if (handoff.claimedBy === to.id) throw new IllegalTransitionError('transfer', handoff.status, id);
    const transferred = await this.deps.queue.transfer(id, handoff.claimedBy!, to.id);
    await this.audit(worker, `transfer:${to.id}`, 'handoff', id);
    const from = [...handoff.transcript].reverse().find((entry) => entry.workerId === handoff.claimedBy)?.workerName ?? (handoff.claimedBy === worker.id ? worker.firstName : 'a colleague');
    await this.deps.queue.appendMessage(id, { from: 'system', text: say('handoff.transferred', { from, to: to.firstName }), at: this.now() });
    await this.tell(transferred, say('handoff.worker.transferred', { name: to.firstName }));
    return transferred;
  }

  /** The conversations link workers hold now (for the reply watch). */
  activeHandoffs(): Promise<Handoff[]> {
    return this.deps.queue.list('active');
  }

  /**
   * Flags a held conversation whose worker has not replied for `minutes`: a note in its transcript (the worker watching
   * sees it) and a `flagged` queue event for everyone. Once per wait: false when already flagged since the person
   * began waiting.
   */
  async flagNoReply(handoff: Handoff, minutes: number): Promise<boolean> {
    const since = waitingOnWorkerSince(handoff);
    if (!since) return false;
    const text = say('handoff.noReply.flagged', { minutes });
    if (handoff.transcript.some((entry) => entry.from === 'system' && entry.text === text && entry.at.getTime() >= since.getTime())) return false;
    await this.deps.queue.appendMessage(handoff.id, { from: 'system', text, at: this.now() });
    this.deps.events?.statusChanged(handoff, 'flagged');
    this.deps.logger.info({ event: 'handoff-flagged-no-reply', handoff: handoff.id, channel: handoff.channel }, 'a held conversation has waited for a reply');
    return true;
  }

  /**
   * Returns a held conversation to the queue without its holder's say (transition "release"): no reply for twice the
   * target, or the holder signed out. A note says why; audited (as "system" for the reply watch).
   */
  async returnToQueue(id: string, why: { reason: 'no-reply'; minutes: number } | { reason: 'signed-out'; worker: Worker }): Promise<Handoff> {
    const handoff = await this.require(id);
    nextState('release', handoff.status, id);
    const released = await this.deps.queue.release(id);
    const text = why.reason === 'no-reply' ? say('handoff.noReply.returned', { minutes: why.minutes }) : say('handoff.signedOut.returned', { name: why.worker.firstName });
    await this.deps.queue.appendMessage(id, { from: 'system', text, at: this.now() });
    await this.deps.audit.append({ actor: why.reason === 'no-reply' ? 'system' : why.worker.id, action: `release:${why.reason}`, recordType: 'handoff', recordId: id, at: this.now() });
    this.deps.logger.info({ event: 'handoff-returned', handoff: id, reason: why.reason }, 'a held conversation went back to the queue');
    return released;
  }

  /** Signing out: every conversation the worker holds goes back to the queue. Returns their ids. */
  async releaseAllHeldBy(worker: Worker): Promise<string[]> {
    const held = (await this.deps.queue.list('active')).filter((h) => h.claimedBy === worker.id);
    for (const handoff of held) await this.returnToQueue(handoff.id, { reason: 'signed-out', worker });
    return held.map((h) => h.id);
  }

  /**
   * Ends a handoff with an outcome and tells the patient ("handed-back" returns them to the bot). The holder, or a
   * supervisor, may close. The handoff closes even when the patient cannot be reached: `patientTold` says which.
   */
  async close(id: string, worker: Worker, outcome: { type: HandoffOutcome; detail?: string }): Promise<{ handoff: Handoff; patientTold: boolean }> {
    checkOutcome(outcome);
    const handoff = await this.require(id);
    nextState('close', handoff.status, id);
    this.assertHolder(handoff, worker, true);
    const closed = await this.deps.queue.close(id, outcome.detail?.trim() ? { type: outcome.type, detail: outcome.detail.trim() } : { type: outcome.type });
    await this.audit(worker, `close:${outcome.type}`, 'handoff', id);
    await this.followReferral('close', closed);
    const text = closingMessage(outcome);
    const patientTold = await this.tell(closed, text);
    if (patientTold) {
      await this.deps.afterClose?.(closed).catch((error: unknown) => this.deps.logger.warn({ event: 'after-close-failed', handoff: id, errorType: (error as Error)?.name }, 'could not ask how the chat went'));
    }
    return { handoff: closed, patientTold };
  }

  /**
   * The person asked for their data to be deleted while their handoff was open (waiting or held): it closes with
   * outcome "erased", which the worker watching it sees at once (live updates), and nothing is sent to the patient
   * here (the erasure's own confirmation is). Audited by ids only. Returns the closed handoff, or null when none was open.
   */
  async closeForErasure(conversationId: string, personId: string): Promise<Handoff | null> {
    const open = await this.deps.queue.findOpenByConversation(conversationId);
    if (!open) return null;
    nextState('erase', open.status, open.id);
    const closed = await this.deps.queue.close(open.id, { type: 'erased' });
    await this.deps.audit.append({ actor: `patient:${personId}`, action: 'close:erased', recordType: 'handoff', recordId: open.id, at: this.now() });
    this.deps.logger.info({ event: 'handoff-erased', handoff: open.id }, 'handoff closed: the person asked for their data to be deleted');
    return closed;
  }

  /**
   * Whether the worker holds or held a handoff behind this referral (claimed it now, or claimed it before and let it
   * go or closed it: the audit log remembers every claim). Reads the queue: export is rare.
   */
  async heldReferral(reference: string, worker: Worker): Promise<boolean> {
    const lists = await Promise.all((['waiting', 'active', 'closed'] as const).map((status) => this.deps.queue.list(status)));
    for (const handoff of lists.flat().filter((h) => h.referralReference === reference)) {
      if (handoff.claimedBy === worker.id) return true;
      const trail = await this.deps.audit.listByRecord('handoff', handoff.id);
      if (trail.some((entry) => entry.actor === worker.id && entry.action === 'claim')) return true;
    }
    return false;
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  private async require(id: string): Promise<Handoff> {
    const handoff = await this.deps.queue.get(id);
    if (!handoff) throw new NotFoundError('Handoff', id);
    return handoff;
  }

  private async followReferral(transition: HandoffTransition, handoff: Handoff): Promise<void> {
    const step = episodeStepFor(transition, handoff, this.now());
    const referrals = this.deps.referrals;
    if (!step || !referrals) return;
    try {
      const referral = await referralOfChat(referrals, handoff);
      if (referral) await step(referrals, referral);
    } catch (error) {
      this.deps.logger.warn({ event: 'referral-status-failed', handoff: handoff.id, errorType: (error as Error)?.name }, 'could not update the referral of a handoff');
    }
  }

  private assertHolder(handoff: Handoff, worker: Worker, supervisorMay: boolean): void {
    if (handoff.status === 'closed') throw new HandoffConflictError(handoff.id);
    if (handoff.status === 'active' && handoff.claimedBy === worker.id) return;
    if (supervisorMay && worker.supervisor) return;
    throw new NotYourHandoffError(handoff.id);
  }

  private async announceClaim(handoff: Handoff, worker: Worker): Promise<void> {
    await this.tell(handoff, say('handoff.worker.joined', { name: worker.firstName }));
  }

  /**
   * Tells the person something Signpost says for the team (picked up, passed on, closed): in their chat, and also by
   * text when a web chat person agreed to be texted (they may have left the page). Each delivery is kept in the
   * transcript with its channel. True when at least one reached them.
   */
  private async tell(handoff: Handoff, text: string): Promise<boolean> {
    const inChat = await this.deliver(handoff, text).then(
      () => true,
      () => false,
    );
    if (inChat) await this.deps.queue.appendMessage(handoff.id, { from: 'bot', text, at: this.now() });
    if (!handoff.textBack || !this.deps.texts?.enabled || handoff.channel === CHANNEL_IDS.sms) return inChat;
    const texted = await this.deps.texts
      .conversationOf(handoff.textBack.phone)
      .then((reference) => this.deliver(handoff, text, reference))
      .then(
        () => true,
        () => false,
      );
    if (texted) await this.deps.queue.appendMessage(handoff.id, { from: 'bot', text, at: this.now(), channel: CHANNEL_IDS.sms });
    return inChat || texted;
  }

  /** One message to the patient through their channel (or the one given), with a time limit. */
  private async deliver(handoff: Handoff, text: string, reference: Partial<ConversationReference> = handoff.conversationReference): Promise<void> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), this.deps.deliveryTimeoutMs ?? 15_000);
    });
    try {
      await Promise.race([this.deps.channels.continue(reference, async (context) => void (await context.sendActivity({ type: 'message', text }))), timeout]);
      this.deps.logger.info({ event: 'handoff-delivered', handoff: handoff.id, channel: reference.channelId ?? handoff.channel, ms: Math.round(performance.now() - started) }, 'message to patient delivered');
    } catch (error) {
      if (error instanceof PatientOptedOutError) throw error;
      // The error's type only: a channel's message may quote a phone number.
      this.deps.logger.warn({ event: 'handoff-delivery-failed', handoff: handoff.id, channel: handoff.channel, errorType: (error as Error)?.name ?? typeof error }, 'message to patient not delivered');
      throw new DeliveryError(handoff.id, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private audit(worker: Worker, action: string, recordType: string, recordId: string): Promise<void> {
    return this.deps.audit.append({ actor: worker.id, action, recordType, recordId, at: this.now() });
  }
}
