/**
 * Who may use a console route: a signed-in user (401 otherwise); for state-changing methods, the session's CSRF token
 * in X-CSRF-Token (403 otherwise); a user with a one-time password must change it first (403); admin-only routes
 * refuse link workers (403).
 */
import type { Request } from 'restify';
import type { ConsoleRole, ConsoleSession, ConsoleUser } from '../../services/accounts/ConsoleUsers';
import type { Worker } from '../../services/handoff/HandoffService';
import { ApiError, rememberCaller } from '../http';
import { SessionManager } from './SessionManager';

export interface Caller {
  user: ConsoleUser;
  session: ConsoleSession;
  worker: Worker;
}

export interface GuardOptions {
  role?: ConsoleRole;
  /** Routes still open to a user who must change their one-time password (session, sign-out, password). */
  beforePasswordChange?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const workerOf = (user: ConsoleUser): Worker => ({ id: user.id, firstName: user.firstName, supervisor: user.role === 'admin' });

export async function requireCaller(sessions: SessionManager, req: Request, options: GuardOptions = {}): Promise<Caller> {
  const signedIn = await sessions.resolve(req.headers.cookie);
  if (!signedIn) throw new ApiError(401, 'NotSignedIn', 'Please sign in.');
  const { user, session } = signedIn;
  rememberCaller(req, user.id);
  if (!SAFE_METHODS.has(req.method ?? 'GET')) {
    const sent = req.headers['x-csrf-token'];
    if (!SessionManager.csrfMatches(session, typeof sent === 'string' ? sent : undefined)) {
      throw new ApiError(403, 'BadCsrfToken', 'This request is missing its security token. Reload the page and try again.');
    }
  }
  if (user.mustChangePassword && !options.beforePasswordChange) throw new ApiError(403, 'PasswordChangeRequired', 'Choose a new password first.');
  if (options.role === 'admin' && user.role !== 'admin') throw new ApiError(403, 'Forbidden', 'Only an admin can do this.');
  return { user, session, worker: workerOf(user) };
}
