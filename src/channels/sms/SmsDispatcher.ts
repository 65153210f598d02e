/**
 * Queues texts in the outbox: the one way anything is sent by SMS (bot replies, keyword answers, link workers, and
 * "text me these" through TextMessageSender). Refuses numbers that opted out and numbers over their hourly limit, so
 * no caller can text them by mistake, and wakes the outbox worker. Two exceptions to the hourly limit: urgent parts (a
 * safety answer: the crisis numbers) are never held back by it, and texts sent on someone's behalf have small limits
 * of their own instead (per chat, per target number a day, per client address a day), so they can never use up the
 * budget the number's owner needs to be answered.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logging';
import type { RateLimiter } from '../../services/sms/RateLimiter';
import type { SmsContacts } from '../../services/sms/SmsContacts';
import type { SmsOutbox } from '../../services/sms/SmsOutbox';
import type { TextMessageSender, TextOutcome, TextRequest } from '../../services/sms/TextMessageSender';
import { smsConversationId, toE164 } from './identity';
import { TRANSIENT_PREFIX } from './OutboxWorker';
import { renderSmsText, type SmsPart } from './renderText';

/** Limits on texts sent on someone's behalf ("text me these"); each counts requests, whatever their length. */
export interface OnBehalfLimits {
  /** Requests per chat (key: the conversation id). */
  perChat: RateLimiter;
  /** Requests per target number (key: E.164). */
  perTarget: RateLimiter;
  /** Requests per client address (key: the address the chat comes from, or the chat when unknown). */
  perClient: RateLimiter;
}

/** The defaults: 3 per chat a day, 3 per target number a day, 10 per client address a day. */
export function defaultOnBehalfLimits(factory: (limit: number, windowMs: number) => RateLimiter): OnBehalfLimits {
  const day = 24 * 60 * 60_000;
  return { perChat: factory(3, day), perTarget: factory(3, day), perClient: factory(10, day) };
}

/** A part to queue; urgent parts (the crisis numbers) are never held back by the number's hourly limit. */
export type QueuedPart = SmsPart & { urgent?: boolean };

export interface SmsDispatcherOptions {
  outbox: SmsOutbox;
  contacts: SmsContacts;
  secret: string;
  /** Texts per number per hour (outgoing). */
  perNumber: RateLimiter;
  logger: Logger;
  /** False in production without Twilio: nothing is queued. */
  enabled: boolean;
  /** Called after messages are queued (wakes the outbox worker). */
  onQueued?: () => void;
  /** Limits on "text me these". */
  onBehalf: OnBehalfLimits;
  /** The client address a conversation comes from, when the channel knows it. */
  clientOf?: (conversationId: string) => string | undefined;
}

export interface EnqueueOptions {
  /** The incoming text this answers. */
  inReplyTo?: string;
  /** For the STOP confirmation and HELP: answers a person may get even when opted out. */
  ignoreOptOut?: boolean;
  /**
   * For answers to carrier keywords and the one "slow down" notice: not counted against the number's hourly limit
   * (the texts that cause them are, so they stay bounded).
   */
  ignoreNumberLimit?: boolean;
  /** Sent on someone's behalf: kept under a conversation id of its own, removed once sent (see TRANSIENT_PREFIX). */
  transient?: boolean;
}

/**
 * Texts that could not be queued because the store failed (checking the opt-out or writing the outbox). When they
 * answer an incoming text, the webhook sends them in its TwiML answer instead, so a person still hears back (the
 * crisis numbers above all) while the store is down.
 */
export class UnsentTextsError extends Error {
  constructor(
    readonly parts: SmsPart[],
    readonly inReplyTo: string | undefined,
    cause: unknown,
  ) {
    super('The texts could not be queued: the store failed', { cause });
    this.name = 'UnsentTextsError';
  }
}

export class SmsDispatcher implements TextMessageSender {
  constructor(private readonly options: SmsDispatcherOptions) {}

  /** Erasure: every text to the number's conversation (sent or not) and its contact (an opt-out stays, bare). */
  async forget(phone: string): Promise<void> {
    const conversationId = smsConversationId(this.options.secret, phone);
    await this.options.outbox.eraseConversation(conversationId);
    await this.options.contacts.eraseConversation(conversationId);
  }

  /** "Text me these": one request, under its own limits, never the number's hourly budget. */
  async send(to: string, bodies: string[], { conversationId }: TextRequest = {}): Promise<TextOutcome> {
    const { contacts, logger, enabled, onBehalf, clientOf } = this.options;
    const phone = toE164(to);
    const parts = bodies.flatMap((body) => renderSmsText(body));
    if (!enabled) return 'unavailable';
    if (parts.length === 0) return 'sent';
    const log = { channel: 'sms', conversation: conversationId, parts: parts.length };
    if ((await contacts.byPhone(phone))?.optedOut) {
      logger.info(log, 'sms not sent on behalf: the number opted out');
      return 'opted-out';
    }
    const chat = conversationId ?? 'unknown';
    const keys: [RateLimiter, string, string][] = [
      [onBehalf.perChat, chat, 'chat'],
      [onBehalf.perTarget, phone, 'target'],
      [onBehalf.perClient, (conversationId && clientOf?.(conversationId)) || `conversation:${chat}`, 'client'],
    ];
    const reached = keys.find(([limiter, key]) => limiter.remaining(key) < 1);
    if (reached) {
      logger.warn({ ...log, limit: reached[2] }, 'sms not sent on behalf: limit reached');
      return 'limited';
    }
    for (const [limiter, key] of keys) limiter.take(key);
    const ids = await this.enqueue(phone, parts, { transient: true, ignoreNumberLimit: true });
    return ids.length > 0 ? 'sent' : 'unavailable';
  }

  /**
   * Queues the parts for one number, in order; returns their outbox ids, or [] when they will not be sent. Parts over
   * the number's hourly limit are dropped, except urgent ones. Throws UnsentTextsError when the store fails.
   */
  async enqueue(phone: string, parts: QueuedPart[], { inReplyTo, ignoreOptOut = false, ignoreNumberLimit = false, transient = false }: EnqueueOptions = {}): Promise<string[]> {
    const { outbox, contacts, secret, perNumber, logger, enabled } = this.options;
    const conversationId = transient ? `${TRANSIENT_PREFIX}${randomUUID()}` : smsConversationId(secret, phone);
    if (parts.length === 0) return [];
    if (!enabled) {
      logger.warn({ channel: 'sms', conversation: conversationId }, 'sms not sent: SMS is not configured');
      return [];
    }
    let queued: { id: string }[];
    try {
      if (!ignoreOptOut && (await contacts.byPhone(phone))?.optedOut) {
        logger.info({ channel: 'sms', conversation: conversationId, parts: parts.length }, 'sms not sent: opted out');
        return [];
      }
      let toSend = parts;
      const ordinary = parts.filter((part) => !part.urgent).length;
      if (!ignoreNumberLimit && ordinary > 0 && !perNumber.take(phone, ordinary)) {
        toSend = parts.filter((part) => part.urgent);
        logger.warn({ channel: 'sms', conversation: conversationId, parts: ordinary }, 'sms not sent: number over its hourly limit');
        if (toSend.length === 0) return [];
      }
      queued = await outbox.enqueue(
        toSend.map((part) => ({
          to: phone,
          conversationId,
          body: part.text,
          segments: part.segments,
          encoding: part.encoding,
          inReplyTo,
          ...(ignoreOptOut ? { evenIfOptedOut: true } : {}),
          ...(part.urgent ? { urgent: true } : {}),
        })),
      );
    } catch (error) {
      throw new UnsentTextsError(parts, inReplyTo, error);
    }
    this.options.onQueued?.();
    return queued.map((m) => m.id);
  }
}
