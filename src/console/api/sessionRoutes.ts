/**
 * Signing in and out: POST /api/console/login {email, password}; POST /api/console/logout; GET /api/console/session
 * (who is signed in, and the CSRF token for X-CSRF-Token); POST /api/console/password {currentPassword, newPassword}.
 * Failed sign-ins slow down (growing delays) per account from one address, with wide caps per address and per
 * account; sign-ins, failed and slowed sign-ins and sign-outs are audited (ids only).
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { normaliseEmail } from '../../services/accounts/ConsoleUsers';
import { publicUser } from '../../services/accounts/AccountService';
import { MAX_PASSWORD_LENGTH } from '../../services/accounts/passwords';
import type { AttemptLimiter } from '../auth/AttemptLimiter';
import { requireCaller } from '../auth/guard';
import type { ConsoleContext } from '../ConsoleContext';
import { ApiError, clientAddress, readBody, route, sendJson } from '../http';

const loginBody = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) });
const passwordBody = z.object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH) });

function tooMany(retryAfterMs: number, from: 'here' | 'anywhere' | 'address'): ApiError {
  const seconds = Math.ceil(retryAfterMs / 1000);
  const wait = seconds < 120 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
  const what = { here: 'for this account from here', anywhere: 'for this account', address: 'from here' }[from];
  return new ApiError(429, 'TooManyAttempts', `Too many failed sign-ins ${what}. Try again in ${wait}.`, { 'Retry-After': String(seconds) });
}

/** Who an attempt was at, for the audit log: the account's id, or "unknown-account" (never the email typed). */
async function accountId(ctx: ConsoleContext, email: string): Promise<string> {
  return (await ctx.users.getByEmail(normaliseEmail(email)))?.id ?? 'unknown-account';
}

export function registerSessionRoutes(server: Server, ctx: ConsoleContext): void {
  const { logger, sessions, accounts, limits } = ctx;

  server.post('/api/console/login', route(ctx, async (req, res) => {
    const { email, password } = readBody(req, loginBody);
    // Attempts count when they start, so a burst sent at once is limited too; successes are forgiven below. A guesser
    // at one account from one address is slowed most; the account's owner elsewhere is not held back by it.
    const client = clientAddress(req);
    const address = `address:${client}`;
    const account = `account:${normaliseEmail(email)}`;
    const pair = `${account}|${address}`;
    const checks: [AttemptLimiter, string, 'here' | 'address' | 'anywhere'][] = [
      [limits.perPair, pair, 'here'],
      [limits.perAddress, address, 'address'],
      [limits.perAccount, account, 'anywhere'],
    ];
    const passed: [AttemptLimiter, string][] = [];
    for (const [limiter, key, from] of checks) {
      const wait = limiter.attempt(key);
      if (wait > 0) {
        for (const [done, doneKey] of passed) done.forgive(doneKey);
        await ctx.audit.append({ actor: 'anonymous', action: 'login-slowed', recordType: 'console-user', recordId: await accountId(ctx, email) });
        logger.info({ event: 'console-login-slowed', limit: from }, 'console sign-in slowed');
        throw tooMany(wait, from);
      }
      passed.push([limiter, key]);
    }

    const user = await accounts.authenticate(email, password);
    if (!user) {
      await ctx.audit.append({ actor: 'anonymous', action: 'login-failed', recordType: 'console-user', recordId: await accountId(ctx, email) });
      logger.info({ event: 'console-login-failed' }, 'console sign-in refused');
      throw new ApiError(401, 'BadCredentials', 'That email address and password do not match an account.');
    }
    limits.perAddress.forgive(address);
    limits.perPair.reset(pair);
    limits.perAccount.reset(account);
    const { session, setCookie } = await sessions.start(user);
    await ctx.audit.append({ actor: user.id, action: 'login', recordType: 'console-user', recordId: user.id });
    logger.info({ event: 'console-login', user: user.id }, 'console sign-in');
    res.header('Set-Cookie', setCookie);
    sendJson(res, 200, { user: publicUser(user), csrfToken: session.csrfToken });
  }));

  server.post('/api/console/logout', route(ctx, async (req, res) => {
    const { session, user, worker } = await requireCaller(sessions, req, { beforePasswordChange: true });
    await sessions.end(session);
    ctx.streams.endSession(session.id);
    // Nobody is left waiting on someone who has gone: what they held goes back to the queue, with a note.
    await ctx.handoffs.releaseAllHeldBy(worker);
    await ctx.audit.append({ actor: user.id, action: 'logout', recordType: 'console-user', recordId: user.id });
    res.header('Set-Cookie', sessions.clearCookie());
    sendJson(res, 204);
  }));

  server.get('/api/console/session', route(ctx, async (req, res) => {
    const { session, user } = await requireCaller(sessions, req, { beforePasswordChange: true });
    sendJson(res, 200, { user: publicUser(user), csrfToken: session.csrfToken });
  }));

  server.post('/api/console/password', route(ctx, async (req, res) => {
    const { session, user } = await requireCaller(sessions, req, { beforePasswordChange: true });
    const { currentPassword, newPassword } = readBody(req, passwordBody);
    const updated = await accounts.changePassword(user.id, currentPassword, newPassword, session.id);
    if (!updated) throw new ApiError(403, 'BadCredentials', 'Your current password is not right.');
    await ctx.audit.append({ actor: user.id, action: 'change-password', recordType: 'console-user', recordId: user.id });
    sendJson(res, 200, { user: publicUser(updated), csrfToken: session.csrfToken });
  }));
}
