/**
 * What happens to an incoming text once its signature is good: our own number and floods are ignored, carrier
 * keywords (STOP, START, HELP) are answered here, opted-out numbers are ignored, and everything else is a bot turn.
 * Texts from one number are handled one at a time, in order.
 */
import { ActivityTypes, type Activity, type Storage, type TurnContext } from 'botbuilder';
import type { Logger } from '../../logging';
import { say, type MessageId } from '../../services/content/messages';
import { smsKeyword } from '../../services/sms/keywords';
import type { RateLimiter } from '../../services/sms/RateLimiter';
import type { SmsContact, SmsContacts } from '../../services/sms/SmsContacts';
import { joinWithMessage } from '../../dialogs/turn';
import { KeyedQueue } from '../directline/KeyedQueue';
import { SMS_CHANNEL_ID, smsConversationId, smsParties } from './identity';
import type { InboundSms } from './inbound';
import { renderSmsText } from './renderText';
import type { SmsAdapter } from './SmsAdapter';
import type { SmsDispatcher } from './SmsDispatcher';

export type InboundOutcome = 'turn' | 'keyword' | 'own-number' | 'rate-limited' | 'opted-out' | 'duplicate';

export interface SmsInboundOptions {
  adapter: SmsAdapter;
  dispatcher: SmsDispatcher;
  contacts: SmsContacts;
  secret: string;
  /** Numbers known to be Signpost itself (TWILIO_FROM): texts from them are ignored (no loops). */
  ownNumbers: string[];
  /**
   * With a Messaging Service and no TWILIO_FROM, our numbers are the service's pool, which Signpost is not told:
   * every number a signed text was sent to joins ownNumbers, so the pool is learnt as people text it.
   */
  learnOwnNumbers: boolean;
  /** Texts per number per hour (incoming), and one "slow down" notice per number per window. */
  perNumber: RateLimiter;
  notices: RateLimiter;
  /** Whether a text must be answered even past the number's limit (crisis words): it never is dropped. */
  isUrgent?: (text: string) => Promise<boolean>;
  /**
   * Where handled MessageSids are kept across restarts (the bot-state store, under SMS_SID_KEY_PREFIX; retention
   * removes them in time), so a webhook Twilio replays after a restart is not run twice.
   */
  handled?: Storage;
  /** Told when a number opts out (STOP): a link worker holding its conversation must know. */
  onOptOut?: (conversationId: string) => Promise<void>;
  /** The bot's recipient id and the serviceUrl put on activities (informational). */
  botId: string;
  serviceUrl: string;
  logger: Logger;
  /** Turns, one at a time per conversation: shared with proactive turns (app.ts); a queue of its own otherwise. */
  turns?: KeyedQueue;
  runTurn: (context: TurnContext) => Promise<void>;
}

const RECENT_SIDS = 10_000;
/** Bot-state keys of handled MessageSids. */
export const SMS_SID_KEY_PREFIX = 'sms/handled/';

export class SmsInbound {
  private readonly queue: KeyedQueue;
  private readonly inFlight = new Map<string, Promise<InboundOutcome>>();
  /** MessageSids handled lately, oldest first: Twilio may post a text twice. */
  private readonly recent = new Set<string>();
  private readonly ownNumbers: Set<string>;

  constructor(private readonly options: SmsInboundOptions) {
    this.queue = options.turns ?? new KeyedQueue();
    this.ownNumbers = new Set(options.ownNumbers);
  }

  /** Handles a text (in order per number); resolves when its turn is over and its replies are queued. */
  accept(sms: InboundSms): Promise<InboundOutcome> {
    const running = this.inFlight.get(sms.messageSid);
    if (running || this.recent.has(sms.messageSid)) return Promise.resolve('duplicate');
    this.remember(sms.messageSid);
    const conversationId = smsConversationId(this.options.secret, sms.from);
    const work = this.queue.run(conversationId, async () => ((await this.handledBefore(sms.messageSid)) ? 'duplicate' : this.handle(sms, conversationId)));
    this.inFlight.set(sms.messageSid, work);
    const forget = (): void => void this.inFlight.delete(sms.messageSid);
    work.then(forget, forget);
    return work;
  }

  /**
   * True when this MessageSid was handled before, in this process or an earlier one; otherwise records it. If the
   * store cannot answer, the text is handled (an answer twice is better than none).
   */
  private async handledBefore(sid: string): Promise<boolean> {
    const store = this.options.handled;
    if (!store) return false;
    const key = `${SMS_SID_KEY_PREFIX}${sid}`;
    try {
      if (Object.keys(await store.read([key])).length > 0) {
        this.options.logger.info({ channel: SMS_CHANNEL_ID, messageSid: sid }, 'sms ignored: handled before (a replay)');
        return true;
      }
      await store.write({ [key]: { at: new Date().toISOString() } });
    } catch (error) {
      this.options.logger.warn({ err: error, channel: SMS_CHANNEL_ID, messageSid: sid }, 'could not check or record the MessageSid: handling the text');
    }
    return false;
  }

  /** The handling of a text still in progress, if it is. */
  pending(messageSid: string): Promise<InboundOutcome> | undefined {
    return this.inFlight.get(messageSid);
  }

  /** Resolves when every text accepted so far has been handled (or after timeoutMs). */
  async idle(timeoutMs: number): Promise<void> {
    const all = Promise.allSettled([...this.inFlight.values()]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async handle(sms: InboundSms, conversationId: string): Promise<InboundOutcome> {
    const { contacts, logger, perNumber, notices } = this.options;
    const log = { channel: SMS_CHANNEL_ID, conversation: conversationId, messageSid: sms.messageSid };
    if (this.options.learnOwnNumbers && sms.to) this.ownNumbers.add(sms.to);
    if (this.ownNumbers.has(sms.from) || sms.from === sms.to) {
      logger.warn(log, 'sms ignored: from our own number');
      return 'own-number';
    }
    if (!perNumber.take(sms.from) && !(await this.urgent(sms.body))) {
      logger.warn(log, 'sms ignored: number over its hourly limit');
      if (notices.take(sms.from)) await this.reply(sms, ['sms.tooFast'], { ignoreOptOut: false, ignoreNumberLimit: true });
      return 'rate-limited';
    }
    const { contact, isNew } = await this.seen(sms, conversationId);
    const keyword = smsKeyword(sms.body);
    if (keyword) {
      logger.info({ ...log, keyword: keyword.kind }, 'sms keyword');
      if (keyword.kind === 'optOut') {
        await contacts.setOptedOut(sms.from, conversationId, true, new Date(), keyword.keyword);
        await this.reply(sms, ['sms.stopped'], { ignoreOptOut: true, ignoreNumberLimit: true });
        await this.options.onOptOut?.(conversationId).catch((error: unknown) => logger.warn({ ...log, err: error }, 'could not tell the link worker about an opt-out'));
      } else if (keyword.kind === 'optIn') {
        await contacts.setOptedOut(sms.from, conversationId, false, new Date(), keyword.keyword);
        await this.reply(sms, ['sms.started'], { ignoreOptOut: false, ignoreNumberLimit: true });
      } else {
        await this.reply(sms, ['sms.help', 'sms.helpUrgent', 'sms.helpTalk'], { ignoreOptOut: true, ignoreNumberLimit: true });
      }
      return 'keyword';
    }
    if (contact.optedOut) {
      logger.info(log, 'sms ignored: number opted out (text START to opt in)');
      return 'opted-out';
    }
    if (isNew) await this.options.adapter.processActivity(this.activity(sms, conversationId, 'joined'), this.options.runTurn, contact);
    await this.options.adapter.processActivity(this.activity(sms, conversationId, 'message'), this.options.runTurn, contact);
    if (sms.truncated) logger.warn(log, 'sms body cut to the maximum length');
    return 'turn';
  }

  /** A text that must be answered whatever the limits; when safety cannot tell, it is answered (caution first). */
  private async urgent(text: string): Promise<boolean> {
    if (!this.options.isUrgent) return false;
    try {
      return await this.options.isUrgent(text);
    } catch {
      return true;
    }
  }

  /**
   * The number's contact, recorded as seen. While the store cannot be read, a blank one (not opted out, no numbered
   * options), so the text is still answered: safety speaks first and the bot apologises, and since those texts cannot
   * be queued either, they go back in the webhook's answer (UnsentTextsError).
   */
  private async seen(sms: InboundSms, conversationId: string): Promise<{ contact: SmsContact; isNew: boolean }> {
    try {
      return await this.options.contacts.seen(sms.from, conversationId, new Date());
    } catch (error) {
      this.options.logger.warn({ err: error, channel: SMS_CHANNEL_ID, conversation: conversationId, messageSid: sms.messageSid }, 'sms contact unavailable: answering without it');
      const now = new Date();
      return { contact: { phone: sms.from, conversationId, optedOut: false, choices: [], firstSeenAt: now, lastSeenAt: now }, isNew: false };
    }
  }

  /** Keyword answers: each message its own text (queued together), answering this incoming one. */
  private async reply(sms: InboundSms, ids: MessageId[], options: { ignoreOptOut: boolean; ignoreNumberLimit: boolean }): Promise<void> {
    await this.options.dispatcher.enqueue(sms.from, ids.flatMap((id) => renderSmsText(say(id))), { inReplyTo: sms.messageSid, ...options });
  }

  /** The Bot Framework activity for a text ("message") or for a number's first text ("joined": conversationUpdate). */
  private activity(sms: InboundSms, conversationId: string, kind: 'message' | 'joined'): Partial<Activity> {
    const { conversation, user, bot } = smsParties(conversationId, this.options.botId);
    const common = {
      channelId: SMS_CHANNEL_ID,
      serviceUrl: this.options.serviceUrl,
      conversation,
      from: user,
      recipient: bot,
      timestamp: new Date(),
      locale: 'en-GB',
    };
    if (kind === 'joined') return joinWithMessage({ ...common, type: ActivityTypes.ConversationUpdate, id: `${sms.messageSid}-joined`, membersAdded: [user, bot] });
    return {
      ...common,
      type: ActivityTypes.Message,
      id: sms.messageSid,
      text: sms.body,
      textFormat: 'plain',
      attachments: sms.media.map((m) => ({ contentType: m.contentType ?? 'application/octet-stream', contentUrl: m.url })),
      channelData: { numMedia: sms.media.length, numSegments: sms.numSegments, truncated: sms.truncated },
    };
  }

  private remember(sid: string): void {
    this.recent.add(sid);
    if (this.recent.size > RECENT_SIDS) this.recent.delete(this.recent.values().next().value as string);
  }
}
