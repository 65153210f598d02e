/**
 * Queues texts in the outbox: the one way anything is sent by SMS (bot replies, keyword answers, dialogs and link
 * workers through TextMessageSender). Refuses numbers that opted out and numbers over their hourly limit, so no
 * caller can text them by mistake, and wakes the outbox worker.
 */
import type { Logger } from '../../logging';
import type { RateLimiter } from '../../services/sms/RateLimiter';
import type { SmsContacts } from '../../services/sms/SmsContacts';
import type { SmsOutbox } from '../../services/sms/SmsOutbox';
import type { TextMessageSender } from '../../services/sms/TextMessageSender';
import { smsConversationId, toE164 } from './identity';
import { renderSmsText, type SmsPart } from './renderText';

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

  async send(to: string, body: string, _context: { conversationId?: string } = {}): Promise<boolean> {
    const phone = toE164(to);
    const ids = await this.enqueue(phone, renderSmsText(body));
    return ids.length > 0;
  }

  /**
   * Queues the parts for one number, in order; returns their outbox ids, or [] when they will not be sent. Throws
   * UnsentTextsError when the store fails.
   */
  async enqueue(phone: string, parts: SmsPart[], { inReplyTo, ignoreOptOut = false, ignoreNumberLimit = false }: EnqueueOptions = {}): Promise<string[]> {
    const { outbox, contacts, secret, perNumber, logger, enabled } = this.options;
    const conversationId = smsConversationId(secret, phone);
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
      if (!ignoreNumberLimit && !perNumber.take(phone, parts.length)) {
        logger.warn({ channel: 'sms', conversation: conversationId, parts: parts.length }, 'sms not sent: number over its hourly limit');
        return [];
      }
      queued = await outbox.enqueue(
        parts.map((part) => ({ to: phone, conversationId, body: part.text, segments: part.segments, encoding: part.encoding, inReplyTo, ...(ignoreOptOut ? { evenIfOptedOut: true } : {}) })),
      );
    } catch (error) {
      throw new UnsentTextsError(parts, inReplyTo, error);
    }
    this.options.onQueued?.();
    return queued.map((m) => m.id);
  }
}
