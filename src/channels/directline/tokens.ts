/**
 * Direct Line tokens: short-lived, HMAC-signed with a key derived from the app secret, each scoped to one
 * conversation and one user. Stateless, so they survive a restart (the secret is kept in SIGNPOST_SECRET or the
 * data folder). Two kinds: `conversation` tokens for the REST calls, and `stream` tokens that only open the WebSocket
 * at a streamUrl (they travel in a URL, so they live a minute or two).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenKind = 'conversation' | 'stream';

export interface TokenClaims {
  kind: TokenKind;
  conversationId: string;
  userId: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'kind' | 'conversation' };

/** Conversation tokens live 30 minutes (botframework-directlinejs refreshes every 15). */
export const CONVERSATION_TOKEN_SECONDS = 30 * 60;
export const STREAM_TOKEN_SECONDS = 120;

const KIND_CODES: Record<TokenKind, string> = { conversation: 'c', stream: 's' };

interface Payload {
  v: 1;
  k: string;
  c: string;
  u: string;
  e: number;
  /** Random, so no two tokens are alike (a refresh within the same second still gives a new token). */
  n: string;
}

export class DirectLineTokens {
  private readonly key: Buffer;

  constructor(
    appSecret: string,
    private readonly now: () => number = Date.now,
    /** How long conversation tokens live (tests shorten it to see the page refresh its token). */
    private readonly conversationSeconds = CONVERSATION_TOKEN_SECONDS,
  ) {
    // A key of its own, so a Direct Line token can never pass for anything else signed with the app secret.
    this.key = createHmac('sha256', appSecret).update('signpost:directline-token:v1').digest();
  }

  issue(kind: TokenKind, conversationId: string, userId: string, lifetimeSeconds = kind === 'stream' ? STREAM_TOKEN_SECONDS : this.conversationSeconds): { token: string; expiresIn: number; claims: TokenClaims } {
    const expiresAt = Math.floor(this.now() / 1000) + lifetimeSeconds;
    const payload: Payload = { v: 1, k: KIND_CODES[kind], c: conversationId, u: userId, e: expiresAt, n: randomBytes(6).toString('base64url') };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return { token: `${body}.${this.sign(body)}`, expiresIn: lifetimeSeconds, claims: { kind, conversationId, userId, expiresAt } };
  }

  /** Checks signature, expiry, kind and (when given) the conversation the token must be for. */
  verify(token: string | undefined, kind: TokenKind, conversationId?: string): TokenCheck {
    if (!token || token.length > 2048) return { ok: false, reason: 'malformed' };
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' };
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (payload.v !== 1 || typeof payload.c !== 'string' || typeof payload.u !== 'string' || typeof payload.e !== 'number') return { ok: false, reason: 'malformed' };
    if (payload.k !== KIND_CODES[kind]) return { ok: false, reason: 'kind' };
    if (payload.e * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    if (conversationId !== undefined && payload.c !== conversationId) return { ok: false, reason: 'conversation' };
    return { ok: true, claims: { kind, conversationId: payload.c, userId: payload.u, expiresAt: payload.e } };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
