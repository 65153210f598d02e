/**
 * Sends what is in the outbox: claims due messages (the oldest unsent per number, so each number gets its texts in
 * order), hands them to the transport, and records the outcome. Failures that may pass (Twilio down, 429, network)
 * are retried with exponential backoff and jitter until giveUpAfterMs; permanent refusals are marked failed. A global
 * per-minute cap holds messages in the outbox rather than dropping them. A number that opted out after a message
 * was queued gets nothing: the message is cancelled.
 *
 * Urgent texts (a safety answer: the crisis numbers) are claimed first in every round, past the global cap and the
 * concurrency, and past anything ahead of them in their number's queue (a text being sent, or a claim left by a worker
 * that died); a number's urgent texts go out one after another, in order. Texts sent on someone's behalf (their
 * conversation id starts TRANSIENT_PREFIX) are removed once they are finished with, so the number is kept only
 * until delivery.
 */
import type { Logger } from '../../logging';
import type { RateLimiter } from '../../services/sms/RateLimiter';
import type { SmsContacts } from '../../services/sms/SmsContacts';
import type { OutgoingSms, SmsOutbox } from '../../services/sms/SmsOutbox';
import { SMS_CHANNEL_ID } from './identity';
import { SmsSendError, type SmsTransport } from './SmsTransport';

export interface OutboxWorkerTiming {
  /** How often to look for due messages when idle (new messages wake the worker at once). */
  pollMs: number;
  /** First retry after about this long; doubles each attempt up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A message still unsent this long after it was queued is marked failed. */
  giveUpAfterMs: number;
  /** How long a claim lasts: a worker that dies mid-send releases its messages after this. */
  leaseMs: number;
  /** Sends in flight at once (to different numbers: a number's next text waits for its previous one). */
  concurrency: number;
}

export const DEFAULT_WORKER_TIMING: OutboxWorkerTiming = {
  pollMs: 1000,
  retryBaseMs: 2000,
  retryMaxMs: 5 * 60_000,
  giveUpAfterMs: 24 * 60 * 60_000,
  leaseMs: 60_000,
  concurrency: 50,
};

export interface OutboxWorkerOptions {
  outbox: SmsOutbox;
  contacts: SmsContacts;
  transport: SmsTransport;
  /** The global cap on sends (key "all"). */
  global: RateLimiter;
  /** The status callback URL for one message (Twilio posts delivery statuses there), if any. */
  statusCallback?: (messageId: string) => string;
  /** Called after a message is marked sent (the simulator records delivery here). */
  onSent?: (message: OutgoingSms, providerId: string) => Promise<void>;
  logger: Logger;
  timing?: Partial<OutboxWorkerTiming>;
  now?: () => Date;
}

const GLOBAL = 'all';
/** Urgent texts claimed in one round at most. */
const URGENT_BATCH = 100;
/**
 * Conversation ids of texts kept only until they are sent: "text me these" (sent on someone's behalf) and answers
 * that must not outlive their delivery (the confirmation of an erasure). One id per request.
 */
export const TRANSIENT_PREFIX = 'transient-';

export class OutboxWorker {
  private readonly timing: OutboxWorkerTiming;
  private readonly now: () => Date;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private wakeAgain = false;
  private readonly sending = new Set<Promise<void>>();
  private started = false;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.timing = { ...DEFAULT_WORKER_TIMING, ...options.timing };
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake();
  }

  /** Looks for work now (called when messages are queued). */
  wake(): void {
    if (!this.started) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.tick().finally(() => {
      this.running = undefined;
      if (!this.started) return;
      if (this.wakeAgain) {
        this.wakeAgain = false;
        this.wake();
      }
    });
  }

  /** Stops claiming; waits for sends in progress. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await Promise.allSettled([...this.sending]);
  }

  /**
   * One round: claim what is due and may be sent (under the global cap and the concurrency), start sending it, and
   * schedule the next round. Each finished send wakes the worker, so a number's next text follows at once.
   */
  async tick(): Promise<void> {
    let delay = this.timing.pollMs;
    try {
      const urgent = await this.options.outbox.claimDue(this.now(), URGENT_BATCH, this.timing.leaseMs, { urgentOnly: true });
      if (urgent.length > 0) {
        this.options.global.record(GLOBAL, urgent.length);
        this.trackInOrder(urgent);
      }
      const room = this.options.global.remaining(GLOBAL);
      const free = this.timing.concurrency - this.sending.size;
      if (room === 0) {
        delay = Math.min(delay, this.options.global.waitMs(GLOBAL));
        this.options.logger.warn({ channel: SMS_CHANNEL_ID }, 'sms sends held: global per-minute limit reached');
      } else if (free > 0) {
        const batch = await this.options.outbox.claimDue(this.now(), Math.min(room, free), this.timing.leaseMs);
        // Counted against the cap when claimed, so sends still in flight are never claimed past it.
        if (batch.length > 0) this.options.global.take(GLOBAL, batch.length);
        for (const message of batch) this.track(message);
      }
    } catch (error) {
      this.options.logger.error({ err: error, channel: SMS_CHANNEL_ID }, 'sms outbox round failed');
    }
    this.schedule(delay);
  }

  /** Sends each number's messages one after another, in the order given (urgent texts of one answer). */
  private trackInOrder(messages: OutgoingSms[]): void {
    const byConversation = new Map<string, OutgoingSms[]>();
    for (const message of messages) byConversation.set(message.conversationId, [...(byConversation.get(message.conversationId) ?? []), message]);
    for (const queue of byConversation.values()) {
      const [first, ...rest] = queue;
      this.track(first, rest);
    }
  }

  private track(message: OutgoingSms, then: OutgoingSms[] = []): void {
    const sending: Promise<void> = this.deliver(message)
      .catch((error: unknown) => this.options.logger.error({ err: error, channel: SMS_CHANNEL_ID, outboxId: message.id }, 'sms send could not be recorded'))
      .finally(() => {
        this.sending.delete(sending);
        if (then.length > 0) this.track(then[0], then.slice(1));
        this.wake();
      });
    this.sending.add(sending);
  }

  private schedule(delay: number): void {
    if (!this.started) return;
    if (delay === 0) {
      this.wakeAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }

  private async deliver(message: OutgoingSms): Promise<void> {
    await this.send(message);
    if (message.conversationId.startsWith(TRANSIENT_PREFIX)) await this.forgetIfFinished(message.conversationId);
  }

  /** Removes a transient request's texts once none of them is still to send (sent, failed or cancelled). */
  private async forgetIfFinished(conversationId: string): Promise<void> {
    const { outbox } = this.options;
    const texts = await outbox.listByConversation(conversationId);
    if (texts.every((m) => m.status !== 'queued' && m.status !== 'sending')) await outbox.eraseConversation(conversationId);
  }

  private async send(message: OutgoingSms): Promise<void> {
    const { outbox, contacts, transport, logger } = this.options;
    const log = { channel: SMS_CHANNEL_ID, conversation: message.conversationId, outboxId: message.id, attempt: message.attempts };
    if (!message.evenIfOptedOut && (await contacts.byPhone(message.to))?.optedOut) {
      await outbox.markCancelled(message.id, 'opted out');
      logger.info(log, 'sms cancelled: opted out after it was queued');
      return;
    }
    let providerId: string;
    try {
      providerId = await transport.send({ to: message.to, body: message.body, statusCallback: this.options.statusCallback?.(message.id) });
    } catch (error) {
      await this.failed(message, error, log);
      return;
    }
    // If this write fails the lease runs out and the message is sent again: at least once, never lost.
    await outbox.markSent(message.id, providerId, this.now());
    logger.info({ ...log, segments: message.segments }, 'sms sent');
    await this.options.onSent?.(message, providerId);
  }

  private async failed(message: OutgoingSms, error: unknown, log: Record<string, unknown>): Promise<void> {
    const { outbox, contacts, logger } = this.options;
    const problem = error instanceof SmsSendError ? error : new SmsSendError(error instanceof Error ? error.message : 'send failed', true);
    const reason = `${problem.message}${problem.code ? ` [${problem.code}]` : ''}`;
    if (problem.recipientUnsubscribed) {
      await contacts.setOptedOut(message.to, message.conversationId, true, this.now(), 'PROVIDER');
      await outbox.markCancelled(message.id, reason);
      logger.warn({ ...log, code: problem.code }, 'sms cancelled: the provider says the number unsubscribed');
      return;
    }
    const age = this.now().getTime() - message.createdAt.getTime();
    if (!problem.retryable || age >= this.timing.giveUpAfterMs) {
      await outbox.markFailed(message.id, reason);
      logger.error({ ...log, code: problem.code, retryable: problem.retryable }, 'sms failed for good');
      return;
    }
    const backoff = Math.min(this.timing.retryMaxMs, this.timing.retryBaseMs * 2 ** Math.max(0, message.attempts - 1));
    const next = new Date(this.now().getTime() + Math.round(backoff * (0.5 + Math.random() / 2)));
    await outbox.markRetry(message.id, reason, next);
    logger.warn({ ...log, code: problem.code, retryInMs: next.getTime() - this.now().getTime() }, 'sms send failed: will retry');
  }
}
