/**
 * Console sessions, kept on the server: the browser holds a random token in an HttpOnly, SameSite=Strict cookie
 * (Secure, with the __Host- prefix, in production); the store holds only the token's SHA-256, the user, a CSRF token
 * and the times. A session ends after 12 hours, or 2 hours without use, or at sign-out.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConsoleSession, ConsoleSessionStore, ConsoleUser, ConsoleUserStore } from '../../services/accounts/ConsoleUsers';
import { readCookie, serializeCookie } from './cookies';

export interface SessionOptions {
  secure: boolean;
  lifetimeMs?: number;
  idleMs?: number;
  now?: () => Date;
}

export interface SignedIn {
  session: ConsoleSession;
  user: ConsoleUser;
}

const HOUR = 60 * 60 * 1000;
/** Writing lastSeenAt on every request would be a write per request: once a minute is plenty for a 2-hour idle limit. */
const TOUCH_EVERY_MS = 60 * 1000;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export class SessionManager {
  readonly cookieName: string;
  private readonly lifetimeMs: number;
  private readonly idleMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly sessions: ConsoleSessionStore,
    private readonly users: ConsoleUserStore,
    private readonly options: SessionOptions,
  ) {
    this.cookieName = options.secure ? '__Host-signpost_console' : 'signpost_console';
    this.lifetimeMs = options.lifetimeMs ?? 12 * HOUR;
    this.idleMs = options.idleMs ?? 2 * HOUR;
    this.now = options.now ?? (() => new Date());
  }

  /** Starts a session; returns it and the Set-Cookie value. */
  async start(user: ConsoleUser): Promise<{ session: ConsoleSession; setCookie: string }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: ConsoleSession = {
      id: hashToken(token),
      userId: user.id,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.lifetimeMs),
    };
    await this.sessions.create(session);
    return { session, setCookie: serializeCookie(this.cookieName, token, { secure: this.options.secure, maxAge: this.lifetimeMs / 1000 }) };
  }

  /** The signed-in user of a request's Cookie header, or null (no cookie, unknown, expired, idle, user disabled). */
  async resolve(cookieHeader: string | undefined): Promise<SignedIn | null> {
    const token = readCookie(cookieHeader, this.cookieName);
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const now = this.now();
    const session = await this.sessions.get(hashToken(token), now);
    if (!session) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > this.idleMs) {
      await this.sessions.delete(session.id);
      return null;
    }
    const user = await this.users.get(session.userId);
    if (!user || user.disabled) {
      await this.sessions.delete(session.id);
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.sessions.touch(session.id, now);
      session.lastSeenAt = now;
    }
    return { session, user };
  }

  /** True while the session still exists and is not expired (long-lived streams check this). */
  async stillValid(session: ConsoleSession): Promise<boolean> {
    const now = this.now();
    const current = await this.sessions.get(session.id, now);
    return current !== null && now.getTime() - current.lastSeenAt.getTime() <= this.idleMs;
  }

  async end(session: ConsoleSession): Promise<void> {
    await this.sessions.delete(session.id);
  }

  /** Signs a user out everywhere (their account was disabled). */
  async endAllFor(userId: string): Promise<void> {
    await this.sessions.deleteByUser(userId);
  }

  /** The Set-Cookie value that removes the cookie. */
  clearCookie(): string {
    return serializeCookie(this.cookieName, '', { secure: this.options.secure, maxAge: 0 });
  }

  /** Compares a sent CSRF token with the session's in constant time. */
  static csrfMatches(session: ConsoleSession, sent: string | undefined): boolean {
    if (!sent) return false;
    const a = Buffer.from(sent);
    const b = Buffer.from(session.csrfToken);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
