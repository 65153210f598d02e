/**
 * The SMS channel assembled from config: Twilio when TWILIO_* is set; otherwise the local simulator (texts stay in
 * the outbox, read back by `signpost sms`); in production without Twilio, off (nothing is queued, no routes).
 */
import type { ConversationReference, Storage, TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import type { Config } from '../../config';
import type { Logger } from '../../logging';
import { RateLimiter } from '../../services/sms/RateLimiter';
import type { KeyedQueue } from '../directline/KeyedQueue';
import type { SmsContacts } from '../../services/sms/SmsContacts';
import type { SmsOutbox } from '../../services/sms/SmsOutbox';
import type { TextMessageSender } from '../../services/sms/TextMessageSender';
import { turnErrorHandler } from '../botFramework';
import { OutboxWorker, type OutboxWorkerTiming } from './OutboxWorker';
import { SIMULATOR_NUMBER, smsBotNumber, smsMode, type SmsMode } from './mode';
import { registerSmsRoutes, SMS_STATUS_PATH, SMS_WEBHOOK_PATH } from './routes';
import { simulatorAuthToken } from './signature';
import { smsConversationId } from './identity';
import { SimulatorTransport } from './SimulatorTransport';
import { SmsAdapter } from './SmsAdapter';
import { defaultOnBehalfLimits, SmsDispatcher, type OnBehalfLimits } from './SmsDispatcher';
import { SmsInbound } from './SmsInbound';
import { TwilioTransport } from './TwilioTransport';

export interface SmsChannelOptions {
  /** Outbox worker timing (tests and benchmarks shorten it). */
  timing?: Partial<OutboxWorkerTiming>;
  /** The longest the webhook waits for a turn before answering Twilio. */
  turnWaitMs?: number;
  /** Limits on "text me these" (tests set them; defaultOnBehalfLimits otherwise). */
  onBehalf?: OnBehalfLimits;
}

export interface SmsChannelDeps {
  config: Config;
  secret: string;
  outbox: SmsOutbox;
  contacts: SmsContacts;
  logger: Logger;
  options?: SmsChannelOptions;
  /** The client address a conversation comes from, when its channel knows it (limits on "text me these"). */
  clientOf?: (conversationId: string) => string | undefined;
  /** Safety: whether an incoming text is one a number past its own limits must still be answered (crisis words). */
  isUrgent?: (text: string) => Promise<boolean>;
  /** Told when a number opts out (STOP). */
  onOptOut?: (conversationId: string) => Promise<void>;
  /** Keeps handled MessageSids across restarts (the bot-state store). */
  handled?: Storage;
  /** Turns, one at a time per conversation, shared with proactive turns. */
  turns?: KeyedQueue;
}

const HOUR_MS = 60 * 60_000;

export class SmsChannel {
  readonly mode: SmsMode;
  readonly adapter: SmsAdapter;
  /** For dialogs and link workers: queue a text to any number (opt-outs and limits respected). */
  readonly sender: TextMessageSender;
  readonly worker: OutboxWorker;
  private readonly dispatcher: SmsDispatcher;
  private inbound?: SmsInbound;

  constructor(private readonly deps: SmsChannelDeps) {
    const { config, secret, outbox, contacts, logger } = deps;
    this.mode = smsMode(config);
    const limits = config.sms;
    this.worker = new OutboxWorker({
      outbox,
      contacts,
      transport: this.mode === 'twilio' && config.twilio ? new TwilioTransport(config.twilio) : new SimulatorTransport(),
      global: new RateLimiter(limits.maxPerMinute, 60_000),
      statusCallback: this.mode === 'twilio' ? (id) => `${config.publicUrl}${SMS_STATUS_PATH}?id=${encodeURIComponent(id)}` : undefined,
      onSent: this.mode === 'simulator' ? async (message, _sid) => void (await outbox.recordDelivery(message.id, 'delivered', undefined, new Date())) : undefined,
      logger,
      timing: deps.options?.timing,
    });
    this.dispatcher = new SmsDispatcher({
      outbox,
      contacts,
      secret,
      perNumber: new RateLimiter(limits.maxPerNumberPerHour, HOUR_MS),
      logger,
      enabled: this.mode !== 'off',
      onQueued: () => this.worker.wake(),
      onBehalf: deps.options?.onBehalf ?? defaultOnBehalfLimits((limit, windowMs) => new RateLimiter(limit, windowMs)),
      clientOf: deps.clientOf,
    });
    this.sender = this.dispatcher;
    this.adapter = new SmsAdapter({ dispatcher: this.dispatcher, contacts, logger });
    this.adapter.onTurnError = turnErrorHandler(logger);
  }

  /** Every text sent or waiting to be sent. */
  get outbox(): SmsOutbox {
    return this.deps.outbox;
  }

  /** The numbers that text Signpost, with their opt-outs. */
  get contacts(): SmsContacts {
    return this.deps.contacts;
  }

  /** The number texts come from, as the bot's id on activities. */
  get botNumber(): string {
    return smsBotNumber(this.deps.config);
  }

  /** The token webhooks are signed with: Twilio's auth token, or the simulator's (derived from the app secret). */
  get authToken(): string {
    return this.deps.config.twilio?.authToken ?? simulatorAuthToken(this.deps.secret);
  }

  /** Mounts /api/sms (and the status and simulator routes); `runTurn` is the bot. Nothing is mounted when off. */
  registerRoutes(server: Server, runTurn: (context: TurnContext) => Promise<void>): void {
    if (this.mode === 'off') return;
    const { config, secret, outbox, contacts, logger } = this.deps;
    const ownNumbers = [config.twilio?.from ?? SIMULATOR_NUMBER].filter((n): n is string => Boolean(n));
    const hourly = config.sms.maxPerNumberPerHour;
    this.inbound = new SmsInbound({
      adapter: this.adapter,
      dispatcher: this.dispatcher,
      contacts,
      secret,
      ownNumbers,
      learnOwnNumbers: Boolean(config.twilio?.messagingServiceSid && !config.twilio.from),
      perNumber: new RateLimiter(hourly, HOUR_MS),
      notices: new RateLimiter(1, HOUR_MS),
      isUrgent: this.deps.isUrgent,
      onOptOut: this.deps.onOptOut,
      handled: this.deps.handled,
      botId: this.botNumber,
      serviceUrl: `${config.publicUrl}${SMS_WEBHOOK_PATH}`,
      logger,
      runTurn,
      turns: this.deps.turns,
    });
    registerSmsRoutes(server, {
      publicUrl: config.publicUrl,
      authToken: this.authToken,
      inbound: this.inbound,
      outbox,
      logger,
      turnWaitMs: this.deps.options?.turnWaitMs ?? 5000,
      simulator: this.mode === 'simulator',
      conversationOf: (phone) => smsConversationId(this.deps.secret, phone),
    });
  }

  /** Proactive texts (link workers, follow-ups): runs `logic` in the SMS conversation the reference names. */
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.adapter.continueConversation(reference, logic);
  }

  start(): void {
    if (this.mode !== 'off') this.worker.start();
  }

  /** Lets texts being handled finish (up to timeoutMs), then stops the worker after its sends in progress. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.inbound?.idle(timeoutMs);
    await this.worker.stop();
  }
}
