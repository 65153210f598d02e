/**
 * The Bot Framework channel: /api/messages through CloudAdapter. With no MicrosoftAppId it accepts unauthenticated
 * requests (Bot Framework Emulator, local use); config refuses that in production.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config';
import type { Logger } from '../logging';
import { say } from '../services/content/messages';

export function createCloudAdapter(config: Config, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
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

export function registerBotFrameworkRoutes(server: Server, adapter: CloudAdapter, runTurn: (context: TurnContext) => Promise<void>): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body) || typeof (req.body as { type?: unknown }).type !== 'string') {
      res.send(400, { code: 'BadRequest', message: 'Expected a Bot Framework activity (JSON object with a type).' });
      return;
    }
    await adapter.process(req, res, runTurn);
  });
}
