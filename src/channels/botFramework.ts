/**
 * The Bot Framework channel: /api/messages through CloudAdapter. With no MicrosoftAppId it accepts unauthenticated
 * requests (Bot Framework Emulator, local use); config refuses that in production.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config';
import type { Logger } from '../logging';
import { say } from '../services/content/messages';
import { activityShapeProblem } from './activityShape';
import { CachingBotFrameworkAuthentication } from './cachedClients';

export function createCloudAdapter(config: Config, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  // Connector clients are kept between turns, not made for every activity (see cachedClients).
  const adapter = new CloudAdapter(new CachingBotFrameworkAuthentication(auth));
  adapter.onTurnError = turnErrorHandler(logger);
  return adapter;
}

/** Logs the failure (ids only) and answers with a short apology; the server keeps serving. */
export function turnErrorHandler(logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    logger.error({ err: error, channel: context.activity.channelId, conversation: context.activity.conversation?.id }, 'turn failed');
    try {
      await context.sendActivity(say('error.apology'));
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not send the apology');
    }
  };
}

/** Loopback service URLs only: the Emulator and local clients. */
export function isLoopbackUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const { protocol, hostname } = new URL(value);
    return (protocol === 'http:' || protocol === 'https:') && (hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname));
  } catch {
    return false;
  }
}

/**
 * Why an activity is refused before it reaches the adapter, or undefined when it may proceed. Without a bot identity
 * nothing is authenticated, so replies may only go back in the response (expectReplies) or to a loopback serviceUrl:
 * otherwise anyone could make the server post to any address.
 */
export function refuseActivity(body: unknown, authenticated: boolean): string | undefined {
  const shapeProblem = activityShapeProblem(body);
  if (shapeProblem) return shapeProblem;
  const { serviceUrl, deliveryMode } = body as { serviceUrl?: unknown; deliveryMode?: unknown };
  if (!authenticated && deliveryMode !== 'expectReplies' && !isLoopbackUrl(serviceUrl)) {
    return 'Without MicrosoftAppId this endpoint is for local use: serviceUrl must be a loopback address, or use deliveryMode "expectReplies".';
  }
  return undefined;
}

export function registerBotFrameworkRoutes(server: Server, adapter: CloudAdapter, runTurn: (context: TurnContext) => Promise<void>, authenticated: boolean): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    const refusal = refuseActivity(req.body, authenticated);
    if (refusal) {
      res.send(400, { code: 'BadRequest', message: refusal });
      return;
    }
    await adapter.process(req, res, runTurn);
  });
}
