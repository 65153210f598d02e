/**
 * The Bot Framework channel: /api/messages through CloudAdapter. With no MicrosoftAppId it accepts unauthenticated
 * requests from the Bot Framework Emulator only (channel "emulator", loopback serviceUrl); config refuses that in
 * production.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, StatusCodes, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config';
import type { Logger } from '../logging';
import { say } from '../services/content/messages';
import { activityShapeProblem } from './activityShape';
import { CachingBotFrameworkAuthentication } from './cachedClients';

/**
 * botbuilder's CloudAdapter, with `processChecked` for a body the route has already checked (refuseActivity): what
 * CloudAdapter.process does after its own checks, which are zod parses of the response, the logic, the body (twice)
 * and the header, each a schema built afresh on every request (and the method a generator-based async call).
 */
export class SignpostCloudAdapter extends CloudAdapter {
  constructor(auth: ConstructorParameters<typeof CloudAdapter>[0], private readonly logger: Logger) {
    super(auth);
  }

  /** Runs the turn of an activity already checked and answers as CloudAdapter.process does. */
  async processChecked(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const end = (status: number, body?: unknown): void => {
      res.status(status);
      if (body) res.send(body);
      res.end();
    };
    const activity = validateAndFixActivity(req.body as Activity);
    const header = req.headers.Authorization ?? req.headers.authorization ?? '';
    try {
      const invokeResponse = await this.processActivity(typeof header === 'string' ? header : String(header), activity, logic);
      end(invokeResponse?.status ?? StatusCodes.OK, invokeResponse?.body);
    } catch (err) {
      // As CloudAdapter.process answers; logged through Signpost's logger (ids only) where it writes to the console.
      const status = err instanceof AuthenticationError ? StatusCodes.UNAUTHORIZED : StatusCodes.INTERNAL_SERVER_ERROR;
      this.logger.warn({ err, status, channel: activity.channelId }, 'activity not processed');
      end(status, (err as Error).message ?? err);
    }
  }
}

export function createCloudAdapter(config: Config, logger: Logger): SignpostCloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  // Connector clients are kept between turns, not made for every activity (see cachedClients).
  const adapter = new SignpostCloudAdapter(new CachingBotFrameworkAuthentication(auth), logger);
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

/** The one channel that may come in without a bot identity: the Bot Framework Emulator (and local test clients). */
export const UNAUTHENTICATED_CHANNEL = 'emulator';
/** Conversation ids taken unauthenticated: plain characters, bounded (the Emulator's look like "<uuid>|livechat"). */
const PLAIN_ID = /^[A-Za-z0-9_.:|@-]{1,128}$/;

export interface Refusal {
  status: 400 | 403;
  message: string;
}

/**
 * Why an activity is refused before it reaches the adapter, or undefined when it may proceed. Without a bot identity
 * nothing is authenticated, so only the Emulator's channel may come in, with a loopback serviceUrl on every path
 * (expectReplies too: the serviceUrl is kept with a handoff and a link worker's reply would later be posted there),
 * and a plain conversation id. Signpost's own channels (sms, directline) are never reachable this way: their
 * conversations hold real patients.
 */
export function refuseActivity(body: unknown, authenticated: boolean): Refusal | undefined {
  const shapeProblem = activityShapeProblem(body);
  if (shapeProblem) return { status: 400, message: shapeProblem };
  if (authenticated) return undefined;
  const { serviceUrl, channelId, conversation } = body as { serviceUrl?: unknown; channelId?: unknown; conversation?: { id?: unknown } };
  if (channelId !== UNAUTHENTICATED_CHANNEL) {
    return { status: 403, message: `Without MicrosoftAppId this endpoint is for local use: only channelId "${UNAUTHENTICATED_CHANNEL}" is accepted.` };
  }
  if (!isLoopbackUrl(serviceUrl)) {
    return { status: 400, message: 'Without MicrosoftAppId this endpoint is for local use: serviceUrl must be a loopback address.' };
  }
  if (conversation?.id !== undefined && !PLAIN_ID.test(String(conversation.id))) {
    return { status: 400, message: 'Without MicrosoftAppId conversation.id must be 1-128 letters, digits or _ . : | @ -.' };
  }
  return undefined;
}

export function registerBotFrameworkRoutes(server: Server, adapter: SignpostCloudAdapter, runTurn: (context: TurnContext) => Promise<void>, authenticated: boolean): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    const refusal = refuseActivity(req.body, authenticated);
    if (refusal) {
      res.send(refusal.status, { code: refusal.status === 403 ? 'Forbidden' : 'BadRequest', message: refusal.message });
      return;
    }
    await adapter.processChecked(req, res, runTurn);
  });
}
