/**
 * Web chat's transport, chosen by configuration:
 * - no DIRECT_LINE_SECRET: Signpost is its own Direct Line at /v3/directline (REST + WebSocket streams), and the
 *   patient page gets tokens from it; proactive messages for channel "directline" go through it too;
 * - DIRECT_LINE_SECRET set: Azure Bot Service is the Direct Line (its turns arrive at /api/messages); the page's token
 *   endpoint exchanges the secret with Azure server-side.
 */
import type { ChannelAccount, CloudAdapter, TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import type { Config } from '../../config';
import type { Logger } from '../../logging';
import type { ConversationClients } from '../clientAddress';
import { RateLimiter } from '../../services/sms/RateLimiter';
import type { KeyedQueue } from './KeyedQueue';
import type { ContinueConversation } from '../../services/handoff/PatientChannels';
import { upgradeRouterFor } from '../web/upgradeRouter';
import type { DirectLineStore } from '../../services/directline/DirectLineStore';
import { DirectLineService } from './DirectLineService';
import { DIRECT_LINE_CHANNEL_ID } from './incomingActivity';
import { DIRECT_LINE_BASE, registerDirectLineRoutes } from './routes';
import { attachDirectLineStreaming, type DirectLineStreaming } from './streaming';
import { DirectLineTokens } from './tokens';
import { AzureSessionSource, LocalSessionSource, registerWebChatSessionRoute, type WebChatSessionSource } from './webChatSession';

export { DIRECT_LINE_CHANNEL_ID };

export interface WebChatChannelDeps {
  config: Config;
  /** The app secret: signs Direct Line tokens. */
  secret: string;
  adapter: CloudAdapter;
  runTurn(context: TurnContext): Promise<void>;
  store: DirectLineStore;
  server: Server;
  logger: Logger;
  /** Local Direct Line only: conversation token lifetime in seconds (30 minutes unless a test shortens it). */
  tokenSeconds?: number;
  /** Notes which address each conversation is used from (limits per client). */
  clients?: ConversationClients;
  /** A conversation ends this long after its last activity (24 hours unless a test shortens it). */
  conversationLifetimeMs?: number;
  /** Turns, one at a time per conversation, shared with proactive turns. */
  turns?: KeyedQueue;
}

/** The window of the per-address limit on web chat tokens. */
export const TOKEN_WINDOW_MS = 10 * 60_000;

export interface WebChatChannel {
  kind: 'local' | 'azure';
  /** Origins the patient page must be allowed to connect to besides its own (CSP connect-src). */
  connectOrigins: string[];
  /** Local Direct Line only: the service (tests and tools read conversations through it). */
  service?: DirectLineService;
  /** Local Direct Line only: continues a conversation by its reference (register it for channel "directline"). */
  continueConversation?: ContinueConversation;
  /** Closes open streams; call before draining the HTTP server. */
  close(): Promise<void>;
}

export function createWebChatChannel(deps: WebChatChannelDeps): WebChatChannel {
  const { config, server, logger } = deps;
  const tokens = new DirectLineTokens(deps.secret, Date.now, deps.tokenSeconds);
  // A new chat needs a token: one address may start only so many in a while (an anonymous script cannot start chats
  // without end). The patient page shows the crisis numbers whatever happens, and the refusal repeats them.
  const tokenLimit = new RateLimiter(config.directLine.tokensPerAddress, TOKEN_WINDOW_MS);
  if (config.directLine.secret) {
    const source: WebChatSessionSource = new AzureSessionSource(config.directLine.secret, config.directLine.domain);
    registerWebChatSessionRoute(server, source, logger, tokenLimit);
    return { kind: 'azure', connectOrigins: source.connectOrigins, close: async () => undefined };
  }

  const bot: ChannelAccount = { id: config.bot.appId ?? 'signpost', name: 'Signpost', role: 'bot' } as ChannelAccount;
  const service = new DirectLineService({
    store: deps.store,
    adapter: deps.adapter,
    runTurn: deps.runTurn,
    bot,
    appId: config.bot.appId ?? '',
    serviceUrl: `${config.publicUrl}${DIRECT_LINE_BASE}`,
    logger,
    lifetimeMs: deps.conversationLifetimeMs,
    turns: deps.turns,
  });
  const secure = config.publicUrl.startsWith('https:');
  registerDirectLineRoutes(server, { service, tokens, logger, secure, clients: deps.clients, tokenLimit });
  registerWebChatSessionRoute(server, new LocalSessionSource(tokens), logger, tokenLimit);
  const streaming: DirectLineStreaming = attachDirectLineStreaming(upgradeRouterFor(server.server), service, tokens, logger);
  return {
    kind: 'local',
    connectOrigins: [],
    service,
    continueConversation: (reference, logic) => service.continueConversation(reference, logic),
    close: () => streaming.close(),
  };
}
