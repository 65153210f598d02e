/**
 * Direct Line 3.0 over HTTP at /v3/directline: tokens, conversations and activities. Every conversation route needs a
 * conversation token for that conversation (403 otherwise, which botframework-directlinejs reads as "expired").
 */
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../logging';
import { clientAddress, type ConversationClients } from '../clientAddress';
import { say } from '../../services/content/messages';
import type { RateLimiter } from '../../services/sms/RateLimiter';

/** Counts a new chat for the client's address; answers 429 (with the crisis numbers) and returns true when over. */
export function refuseTooMany(req: Request, res: Response, limit: RateLimiter): boolean {
  const address = clientAddress(req);
  if (limit.take(address)) return false;
  res.header('Retry-After', String(Math.ceil(limit.waitMs(address) / 1000)));
  sendError(res, 429, 'TooManyRequests', say('webchat.tooMany'));
  return true;
}
import { parseWatermark } from './activityLog';
import { ConversationNotFoundError, type DirectLineConversation } from '../../services/directline/DirectLineStore';
import { ConversationBusyError, InvalidActivityError, isErased, type DirectLineService } from './DirectLineService';
import { sendError } from './errors';
import { isConversationId, newConversationId, newUserId } from './ids';
import { streamUrlFor } from './streaming';
import type { DirectLineTokens, TokenClaims } from './tokens';

export const DIRECT_LINE_BASE = '/v3/directline';

export interface DirectLineRouteDeps {
  service: DirectLineService;
  tokens: DirectLineTokens;
  logger: Logger;
  /** True when this server is reached over https (PUBLIC_URL), so streamUrls use wss. */
  secure: boolean;
  /** Notes which address each conversation is used from (limits per client). */
  clients?: ConversationClients;
  /** Tokens per client address (shared with /api/webchat/token). */
  tokenLimit?: RateLimiter;
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** The token's claims, or undefined after answering 401/403. */
function authorise(req: Request, res: Response, deps: DirectLineRouteDeps, conversationId?: string): TokenClaims | undefined {
  const token = bearer(req);
  if (!token) {
    sendError(res, 401, 'MissingToken', 'Send a Direct Line token: Authorization: Bearer <token>.');
    return undefined;
  }
  const check = deps.tokens.verify(token, 'conversation', conversationId);
  if (!check.ok) {
    // The id comes from the request, unchecked: it is logged only when it has the shape of one of ours.
    deps.logger.info({ channel: 'directline', reason: check.reason, conversation: isConversationId(conversationId) ? conversationId : undefined }, 'direct line token refused');
    if (check.reason === 'expired') sendError(res, 403, 'TokenExpired', 'The token has expired. Get a new one.');
    else if (check.reason === 'conversation') sendError(res, 403, 'Forbidden', 'The token is not for this conversation.');
    else sendError(res, 403, 'Forbidden', 'The token is not valid.');
    return undefined;
  }
  return check.claims;
}

function conversationAnswer(req: Request, deps: DirectLineRouteDeps, claims: TokenClaims, watermark: number) {
  const { token, expiresIn } = deps.tokens.issue('conversation', claims.conversationId, claims.userId);
  return {
    conversationId: claims.conversationId,
    token,
    expires_in: expiresIn,
    streamUrl: streamUrlFor(req, deps.secure, deps.tokens, claims, watermark),
  };
}

/** The conversation if it is there and has not lapsed (an erased one stays readable: it holds only its confirmation). */
async function live(service: DirectLineService, id: string): Promise<DirectLineConversation | undefined> {
  const conversation = await service.getConversation(id);
  return conversation && (isErased(conversation) || !service.hasLapsed(conversation)) ? conversation : undefined;
}

export function registerDirectLineRoutes(server: Server, deps: DirectLineRouteDeps): void {
  const { service, tokens, logger } = deps;
  const base = DIRECT_LINE_BASE;

  // Anyone may start a web chat (the patient page is public), so generating a token needs no secret here.
  server.post(`${base}/tokens/generate`, async (req: Request, res: Response) => {
    if (deps.tokenLimit && refuseTooMany(req, res, deps.tokenLimit)) return;
    const { token, expiresIn, claims } = tokens.issue('conversation', newConversationId(), newUserId('local'));
    res.header('Cache-Control', 'no-store');
    res.send(200, { conversationId: claims.conversationId, token, expires_in: expiresIn });
  });

  server.post(`${base}/tokens/refresh`, async (req: Request, res: Response) => {
    const claims = authorise(req, res, deps);
    if (!claims) return;
    const conversation = await service.getConversation(claims.conversationId);
    if (conversation && (isErased(conversation) || service.hasLapsed(conversation))) return sendError(res, 403, 'Forbidden', 'This conversation has ended.');
    const { token, expiresIn } = tokens.issue('conversation', claims.conversationId, claims.userId);
    res.header('Cache-Control', 'no-store');
    res.send(200, { conversationId: claims.conversationId, token, expires_in: expiresIn });
  });

  server.post(`${base}/conversations`, async (req: Request, res: Response) => {
    const claims = authorise(req, res, deps);
    if (!claims) return;
    const existing = await service.getConversation(claims.conversationId);
    if (existing && (isErased(existing) || service.hasLapsed(existing))) return sendError(res, 404, 'NotFound', 'This conversation has ended.');
    const locale = (req.body as { locale?: unknown } | undefined)?.locale;
    await service.startConversation(claims.conversationId, claims.userId, typeof locale === 'string' && locale.length <= 64 ? locale : undefined);
    res.header('Cache-Control', 'no-store');
    res.send(201, conversationAnswer(req, deps, claims, 0));
  });

  server.get(`${base}/conversations/:id`, async (req: Request, res: Response) => {
    const claims = authorise(req, res, deps, req.params.id);
    if (!claims) return;
    const watermark = parseWatermark(req.query?.watermark);
    if (watermark === undefined) return sendError(res, 400, 'BadArgument', 'watermark must be a number.');
    if (!(await live(service, claims.conversationId))) return sendError(res, 404, 'NotFound', 'This conversation has ended.');
    res.header('Cache-Control', 'no-store');
    res.send(200, conversationAnswer(req, deps, claims, watermark));
  });

  server.get(`${base}/conversations/:id/activities`, async (req: Request, res: Response) => {
    const claims = authorise(req, res, deps, req.params.id);
    if (!claims) return;
    const watermark = parseWatermark(req.query?.watermark);
    if (watermark === undefined) return sendError(res, 400, 'BadArgument', 'watermark must be a number.');
    if (!(await live(service, claims.conversationId))) return sendError(res, 404, 'NotFound', 'This conversation has ended.');
    const page = await service.activitiesAfter(claims.conversationId, watermark);
    res.header('Cache-Control', 'no-store');
    res.send(200, { activities: page.activities, watermark: String(page.watermark) });
  });

  server.post(`${base}/conversations/:id/activities`, async (req: Request, res: Response) => {
    const claims = authorise(req, res, deps, req.params.id);
    if (!claims) return;
    // The signed token names the conversation: when the store cannot be read, the turn still runs (safety answers
    // first, and its answer reaches the open page live).
    let conversation: DirectLineConversation | undefined;
    try {
      conversation = await service.getConversation(claims.conversationId);
    } catch (error) {
      logger.error({ err: error, channel: 'directline', conversation: claims.conversationId }, 'direct line store unavailable: running the turn from the token');
      conversation = { id: claims.conversationId, userId: claims.userId, createdAt: new Date() };
    }
    if (!conversation) return sendError(res, 404, 'NotFound', 'This conversation has ended.');
    deps.clients?.note(conversation.id, clientAddress(req));
    try {
      const id = await service.postActivity(conversation, req.body);
      res.header('Cache-Control', 'no-store');
      res.send(200, { id });
    } catch (error) {
      if (error instanceof InvalidActivityError) return sendError(res, 400, 'BadArgument', error.message);
      if (error instanceof ConversationNotFoundError) return sendError(res, 404, 'NotFound', 'This conversation has ended.');
      if (error instanceof ConversationBusyError) {
        res.header('Retry-After', '2');
        return sendError(res, 429, 'TooManyRequests', 'Too many messages at once. Please wait a moment.');
      }
      logger.error({ err: error, channel: 'directline', conversation: conversation.id }, 'direct line turn failed');
      // A message that could not be logged never had its turn, so no apology came from the bot: say it here.
      return sendError(res, 500, 'InternalError', 'Something went wrong. Please try again.');
    }
  });

  server.post(`${base}/conversations/:id/upload`, async (req: Request, res: Response) => {
    if (!authorise(req, res, deps, req.params.id)) return;
    sendError(res, 400, 'BadArgument', 'Attachments and file uploads are not accepted.');
  });
}
