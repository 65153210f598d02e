/**
 * POST /api/webchat/token: what the patient page calls to start (or restart) a chat. It answers with a conversation
 * token, the conversation id, the user id the token is bound to, and the Direct Line domain to talk to:
 * - local (no DIRECT_LINE_SECRET): a token from this server's own Direct Line;
 * - Azure (DIRECT_LINE_SECRET set): the secret is exchanged server-side at DIRECT_LINE_DOMAIN/tokens/generate for a
 *   token bound to one new conversation; the secret itself never reaches the browser.
 */
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../logging';
import { sendError } from './errors';
import { newConversationId, newUserId } from './ids';
import { DIRECT_LINE_BASE } from './routes';
import type { DirectLineTokens } from './tokens';
import type { RateLimiter } from '../../services/sms/RateLimiter';
import { refuseTooMany } from './routes';

export const WEB_CHAT_TOKEN_PATH = '/api/webchat/token';

export interface WebChatSession {
  token: string;
  conversationId: string;
  userId: string;
  /** Seconds until the token expires. */
  expiresIn: number;
  /** Where botframework-directlinejs sends its requests: a path on this server, or Azure's Direct Line. */
  domain: string;
}

export interface WebChatSessionSource {
  readonly kind: 'local' | 'azure';
  /** Origins the page must be allowed to connect to (CSP connect-src), beyond its own. */
  readonly connectOrigins: string[];
  start(): Promise<WebChatSession>;
}

export class LocalSessionSource implements WebChatSessionSource {
  readonly kind = 'local';
  readonly connectOrigins: string[] = [];

  constructor(private readonly tokens: DirectLineTokens) {}

  async start(): Promise<WebChatSession> {
    const { token, expiresIn, claims } = this.tokens.issue('conversation', newConversationId(), newUserId('local'));
    return { token, conversationId: claims.conversationId, userId: claims.userId, expiresIn, domain: DIRECT_LINE_BASE };
  }
}

export class DirectLineUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DirectLineUnavailableError';
  }
}

export class AzureSessionSource implements WebChatSessionSource {
  readonly kind = 'azure';
  readonly connectOrigins: string[];

  constructor(private readonly secret: string, private readonly domain: string, private readonly timeoutMs = 10_000) {
    const origin = new URL(domain);
    this.connectOrigins = [origin.origin, `${origin.protocol === 'http:' ? 'ws' : 'wss'}://${origin.host}`];
  }

  async start(): Promise<WebChatSession> {
    const userId = newUserId('azure');
    let response: globalThis.Response;
    try {
      response = await fetch(`${this.domain}/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user: { id: userId } }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DirectLineUnavailableError(`Direct Line token request failed: ${(error as Error).name}`);
    }
    if (!response.ok) throw new DirectLineUnavailableError(`Direct Line answered ${response.status} to the token request`);
    const body = (await response.json().catch(() => ({}))) as { token?: unknown; conversationId?: unknown; expires_in?: unknown };
    if (typeof body.token !== 'string' || typeof body.conversationId !== 'string') throw new DirectLineUnavailableError('Direct Line sent no token');
    return { token: body.token, conversationId: body.conversationId, userId, expiresIn: typeof body.expires_in === 'number' ? body.expires_in : 1800, domain: this.domain };
  }
}

export function registerWebChatSessionRoute(server: Server, source: WebChatSessionSource, logger: Logger, tokenLimit?: RateLimiter): void {
  server.post(WEB_CHAT_TOKEN_PATH, async (req: Request, res: Response) => {
    if (tokenLimit && refuseTooMany(req, res, tokenLimit)) return;
    try {
      const session = await source.start();
      res.header('Cache-Control', 'no-store');
      res.send(200, session);
    } catch (error) {
      logger.error({ err: error, channel: 'directline', source: source.kind }, 'web chat could not start');
      sendError(res, 502, 'DirectLineUnavailable', 'Web chat could not start. Please try again in a few minutes.');
    }
  });
}
