/**
 * The composition root: builds stores, services, adapters and the bot from a Config. Used by index.ts, the CLI and
 * tests alike; nothing else wires components together.
 */
import type { AddressInfo } from 'node:net';
import { UserState, type CloudAdapter, type Storage } from 'botbuilder';
import type { DestinationStream } from 'pino';
import type { Config } from './config';
import { createLogger, type Logger } from './logging';
import { createHttpServer, type HttpServer } from './server';
import { openStores } from './storage';
import { SnapshotConversationState } from './storage/shared/snapshotState';
import type { Stores } from './storage/Stores';
import { SignpostBot } from './bots/SignpostBot';
import { MainDialog } from './dialogs/MainDialog';
import { ConversationData } from './dialogs/conversationData';
import { SignpostDialog } from './dialogs/SignpostDialog';
import { DistrictGeography } from './services/geography/Geography';
import { personIds } from './services/privacy/personId';
import { createCloudAdapter, registerBotFrameworkRoutes } from './channels/botFramework';
import { registerHealthRoute } from './channels/health';
import { ConversationClients, rememberClientAddress } from './channels/clientAddress';
import { withUrgentLimit } from './services/handoff/urgentLimit';
import { RateLimiter } from './services/sms/RateLimiter';
import { resolveSecret } from './secret';
import { VERSION } from './version';
import { PatientChannels, type ContinueConversation } from './services/handoff/PatientChannels';
import { HandoffEvents } from './services/handoff/HandoffEvents';
import { HandoffService } from './services/handoff/HandoffService';
import { ObservedHandoffQueue } from './services/handoff/ObservedHandoffQueue';
import { parseOpeningHours } from './services/handoff/openingHours';
import { OutcomeFollowUps } from './services/outcomes/OutcomeFollowUps';
import { ReferralWorklist } from './services/referrals/ReferralWorklist';
import { PROACTIVE_EVENTS, type ProactiveTurns } from './services/outcomes/proactiveTurns';
import { SafetyCheckIns } from './services/safety/SafetyCheckIns';
import { UrgentHandoffRetry } from './services/handoff/UrgentHandoffRetry';
import { DEFAULT_REPLY_MINUTES, HandoffReplyWatch } from './services/handoff/replyWatch';
import { registerConsole, type ConsoleOptions } from './console';
import { ensureDefaultDirectory } from './services/directory/defaultDirectory';
import { FeedRefresher } from './services/directory/sync/FeedRefresher';
import { createRecognizer } from './services/nlu/createRecognizer';
import type { Recognizer } from './services/nlu/Recognizer';
import { createSafetyAssessor } from './services/safety/createSafetyAssessor';
import type { SafetyAssessor } from './services/safety/SafetyAssessor';
import { SmsChannel, type SmsChannelOptions } from './channels/sms/SmsChannel';
import { SMS_CHANNEL_ID } from './channels/sms/identity';
import { smsBotNumber, smsMode } from './channels/sms/mode';
import { SmsReach } from './channels/sms/SmsReach';
import { SMS_WEBHOOK_PATH } from './channels/sms/routes';
import type { TextMessageSender } from './services/sms/TextMessageSender';
import { createWebChatChannel, DIRECT_LINE_CHANNEL_ID, type WebChatChannel } from './channels/directline';
import { KeyedQueue } from './channels/directline/KeyedQueue';
import { registerPatientPage } from './channels/web/patientPage';

export interface AppOptions {
  /** Where logs go (tests capture them); stdout by default. */
  logDestination?: DestinationStream;
  /** Replace the bot-state store (tests use this to simulate a failing store). */
  botStateStorage?: Storage;
  /** Wrap the stores once opened (tests make every port fail as an unreachable database would, then recover). */
  wrapStores?: (stores: Stores) => Stores;
  /** SMS outbox timing and webhook wait (tests and benchmarks shorten them). */
  sms?: SmsChannelOptions;
  /** Link worker console: sign-in limits and session times (tests shorten or raise them). */
  console?: ConsoleOptions;
  /** Signpost's own Direct Line: conversation token lifetime in seconds (tests shorten it; 30 minutes otherwise). */
  directLine?: { tokenSeconds?: number; conversationLifetimeMs?: number };
  /** How long a direct question about safety waits for an answer before a person checks in (10 minutes otherwise). */
  safetyCheckInMs?: number;
  /** How often crisis turns that failed on storage try to queue their urgent handoff (30 s otherwise). */
  urgentRetryMs?: number;
}

export interface App {
  config: Config;
  logger: Logger;
  stores: Stores;
  http: HttpServer;
  adapter: CloudAdapter;
  bot: SignpostBot;
  secret: string;
  /** How to reach a patient proactively in their channel; each channel registers itself here. */
  patientChannels: PatientChannels;
  /** Link workers' side of handoffs (claim, reply, close) and the bot's (recordPatientMessage while handed off). */
  handoffService: HandoffService;
  /** Live news of handoffs in this process (the console's live updates listen here). */
  handoffEvents: HandoffEvents;
  /** After a closed chat, how it went; FOLLOW_UP_DAYS later, the wellbeing follow-up (runs by itself once listening). */
  outcomes: OutcomeFollowUps;
  /** Understands people: intent and needs (NLU=local|luis|clu). */
  recognizer: Recognizer;
  /** Safety first: crisis rules and the crisis classifier, run before anything else on every turn. */
  safety: SafetyAssessor;
  /** SMS: Twilio, or the local simulator without Twilio credentials. */
  sms: SmsChannel;
  /** Texts any number (dialogs, link workers): queued durably, opt-outs and limits respected. */
  textMessages: TextMessageSender;
  /** Web chat: Signpost's own Direct Line, or Azure's (DIRECT_LINE_SECRET). */
  webChat: WebChatChannel;
  /** Starts listening; resolves with the bound port (useful with PORT=0). */
  listen(): Promise<number>;
  /** Stops accepting, lets in-flight turns finish, flushes and closes the stores. */
  close(): Promise<void>;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = createLogger(config.logLevel, options.logDestination);
  const secret = resolveSecret(config);
  const [recognizer, safety] = await Promise.all([createRecognizer(config), createSafetyAssessor()]);
  const opened = await openStores(config, { logger });
  const wrapped = options.wrapStores ? options.wrapStores(opened) : opened;
  const handoffEvents = new HandoffEvents((error) => logger.warn({ event: 'handoff-listener-failed', errorType: (error as Error)?.name }, 'a live update listener failed'));
  // Which address each web chat is used from: limits per client (urgent handoffs, texts sent on someone's behalf).
  const clients = new ConversationClients();
  // The handoff queue everything is given, built before anything is wired to it: every change, from the dialogs, the
  // bot or the console, reaches live listeners; one address makes at most 3 urgent handoffs an hour (more are queued
  // at normal priority).
  const handoffQueue = new ObservedHandoffQueue(
    withUrgentLimit(wrapped.handoffs, {
      perClient: new RateLimiter(3, 60 * 60_000),
      clientOf: (conversationId) => clients.of(conversationId),
      limited: (conversationId) => logger.warn({ event: 'urgent-handoff-limited', conversation: conversationId }, 'handoff queued at normal priority: urgent handoffs from this address over their limit'),
    }),
    handoffEvents,
  );
  const stores: Stores = { ...wrapped, handoffs: handoffQueue };
  const directory = await ensureDefaultDirectory(stores.directory);
  if (directory.imported) logger.info({ services: directory.services }, 'imported the bundled directory into the empty store');
  // Live Open Referral UK feeds (DIRECTORY_FEEDS), refreshed every DIRECTORY_REFRESH_HOURS once listening.
  const feeds = new FeedRefresher({ directory: stores.directory, feeds: config.directory.feeds, refreshHours: config.directory.refreshHours, logger });
  const openingHours = parseOpeningHours(config.handoff.openingHours);

  // Turns of one conversation run one at a time, whoever starts them: a patient's message (web chat, SMS, the Bot
  // Framework endpoint) or Signpost itself (a link worker's reply, a closing message, a follow-up, a safety check-in).
  const conversationTurns = new KeyedQueue();
  const inTurn = (continueConversation: ContinueConversation): ContinueConversation => (reference, logic) =>
    conversationTurns.run(reference.conversation?.id ?? '', () => continueConversation(reference, logic));
  // Reaches patients in their own channel; each channel registers below, once it exists.
  const patientChannels = new PatientChannels();
  // Turns Signpost starts itself run the bot, and the bot's dialogs start them (a safety check-in): the one cycle in
  // the graph, closed by `bot` below. A turn started before then fails loudly rather than being lost.
  const proactive: { bot?: SignpostBot } = {};
  const turns: ProactiveTurns = {
    start: (reference, event) =>
      patientChannels.continue(reference, async (context) => {
        if (!proactive.bot) throw new Error('a proactive turn started before the bot was built');
        await proactive.bot.runProactive(context, event);
      }),
  };
  // Texts to a number that may never have texted us (a web chat person's mobile): follow-ups and link workers' texts.
  const textReach = new SmsReach({ enabled: smsMode(config) !== 'off', secret, contacts: stores.smsContacts, botId: smsBotNumber(config), serviceUrl: `${config.publicUrl}${SMS_WEBHOOK_PATH}` });
  const outcomes = new OutcomeFollowUps({
    referrals: stores.referrals,
    handoffs: stores.handoffs,
    turns,
    // Follow-ups are texted: in an SMS patient's conversation, or to a web chat patient's mobile (followUpReach.ts).
    texts: textReach,
    openingHours,
    logger,
  });
  const handoffService = new HandoffService({ queue: stores.handoffs, referrals: stores.referrals, channels: patientChannels, audit: stores.audit, logger, events: handoffEvents, texts: textReach, afterClose: (handoff) => outcomes.handoffClosed(handoff) });
  const sms = new SmsChannel({
    config,
    secret,
    outbox: stores.smsOutbox,
    contacts: stores.smsContacts,
    logger,
    options: options.sms,
    clientOf: (conversationId) => clients.of(conversationId),
    // Crisis words are answered even from a number past its own limits.
    isUrgent: async (text) => (await safety.assess(text)).level === 'crisis',
    // STOP while handed off: the worker holding the conversation is told at once.
    onOptOut: (conversationId): Promise<void> => handoffService.patientOptedOut(conversationId),
    // Handled MessageSids outlive a restart, so a replayed webhook is not run twice.
    handled: stores.botState,
    turns: conversationTurns,
  });
  // In opening hours, a held conversation with no reply for HANDOFF_REPLY_MINUTES is flagged; after twice that, back in the queue.
  const replyWatch = new HandoffReplyWatch({ handoffs: handoffService, hours: openingHours, replyMinutes: config.handoff.replyMinutes ?? DEFAULT_REPLY_MINUTES, now: () => new Date(), logger });
  const botStorage = options.botStateStorage ?? stores.botState;
  // Same as botbuilder's ConversationState, but notices changes by comparing JSON text instead of hashing it three times a turn.
  const conversationState = new SnapshotConversationState(botStorage);
  const userState = new UserState(botStorage);
  const data = new ConversationData(conversationState, stores.recentTurns);
  const signpost = new SignpostDialog({ directory: stores.directory, geography: DistrictGeography.fromFile().withFullPostcodes(), textMessages: sms.sender, referrals: stores.referrals, logger });
  const dialogStores = {
    referrals: stores.referrals,
    handoffs: stores.handoffs,
    audit: stores.audit,
    botState: botStorage,
    erasePerson: (personId: string, options?: { keepChats?: string[] }) => stores.erasePerson(personId, options),
    closeHandoffForErasure: (conversationId: string, personId: string) => handoffService.closeForErasure(conversationId, personId),
    exportPerson: (personId: string) => stores.exportPerson(personId),
    practices: stores.practices,
  };
  // A direct question about safety left unanswered: a person checks in (a proactive turn queues an urgent handoff).
  const checkIns = new SafetyCheckIns(
    (reference) => turns.start(reference, { name: PROACTIVE_EVENTS.safetyCheckIn, value: {} }),
    options.safetyCheckInMs,
    (error) => logger.error({ err: error, event: 'safety-check-in-failed' }, 'could not start a safety check-in'),
  );
  const dialog = new MainDialog({ recognizer, safety, stores: dialogStores, handoffs: handoffService, config, data, personIds: personIds(secret), signpost, logger, checkIns });
  const urgentRetry = new UrgentHandoffRetry({ handoffs: handoffService, personIds: personIds(secret), logger, everyMs: options.urgentRetryMs });
  const bot = new SignpostBot({ conversationState, userState, dialog, safety, data, relay: handoffService, logger, urgentRetry });
  proactive.bot = bot;
  const adapter = createCloudAdapter(config, logger);

  patientChannels.register(undefined, inTurn((reference, logic) => adapter.continueConversationAsync(config.bot.appId ?? '', reference, logic)));

  const http = createHttpServer(logger);
  // Behind reverse proxies (TRUSTED_PROXIES), limits per client count the address the outermost one saw.
  http.server.pre(rememberClientAddress(config.trustedProxies));
  registerHealthRoute(http.server, { version: VERSION, stores, nlu: recognizer.kind });
  registerBotFrameworkRoutes(http.server, adapter, (context) => conversationTurns.run(context.activity.conversation?.id ?? '', () => bot.run(context)), Boolean(config.bot.appId));
  // SMS and web chat queue their incoming turns on conversationTurns themselves.
  sms.registerRoutes(http.server, (context) => bot.run(context));
  patientChannels.register(SMS_CHANNEL_ID, inTurn((reference, logic) => sms.continueConversation(reference, logic)));
  const webChat = createWebChatChannel({ config, secret, adapter, runTurn: (context) => bot.run(context), store: stores.directLine, server: http.server, logger, tokenSeconds: options.directLine?.tokenSeconds, conversationLifetimeMs: options.directLine?.conversationLifetimeMs, clients, turns: conversationTurns });
  if (webChat.continueConversation) patientChannels.register(DIRECT_LINE_CHANNEL_ID, inTurn(webChat.continueConversation));
  registerPatientPage(http.server, { policy: { connectSrc: webChat.connectOrigins, hsts: config.publicUrl.startsWith('https:') }, retentionDays: config.storage.retentionDays });
  // Referrals worked without a live chat: the same episode status as a chat (services/referrals/episode.ts).
  const worklist = new ReferralWorklist({
    referrals: stores.referrals,
    audit: stores.audit,
    logger,
    contactWorkingDays: config.referrals.contactWithinWorkingDays,
    openChat: (conversationId) => stores.handoffs.findOpenByConversation(conversationId),
    afterClose: (referral) => outcomes.referralClosed(referral),
  });
  const linkWorkerConsole = registerConsole({ server: http.server, config, logger, stores, handoffs: handoffService, worklist, events: handoffEvents, options: options.console });

  let closed = false;
  return {
    config,
    logger,
    stores,
    http,
    adapter,
    bot,
    secret,
    patientChannels,
    handoffService,
    handoffEvents,
    outcomes,
    recognizer,
    safety,
    sms,
    textMessages: sms.sender,
    webChat,
    listen: () =>
      new Promise<number>((resolve, reject) => {
        http.server.once('error', reject);
        http.server.listen(config.port, config.host, () => {
          sms.start();
          outcomes.start();
          feeds.start();
          replyWatch.start();
          resolve((http.server.address() as AddressInfo).port);
        });
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      await webChat.close();
      linkWorkerConsole.close();
      await http.drain(10_000);
      await sms.stop();
      await outcomes.stop();
      checkIns.stop();
      urgentRetry.stop();
      replyWatch.stop();
      await feeds.stop();
      await stores.close();
    },
  };
}
