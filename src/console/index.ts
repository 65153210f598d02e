/**
 * The link worker console: its JSON API under /api/console and its pages under /console, on the app's server.
 * See README "Link worker console". Returns close(), which ends live-update streams (before the server drains).
 */
import { DEFAULT_REPLY_MINUTES } from '../services/handoff/replyWatch';
import type { Server } from 'restify';
import type { Config } from '../config';
import type { Logger } from '../logging';
import { AccountService } from '../services/accounts/AccountService';
import type { ScryptParameters } from '../services/accounts/passwords';
import type { ConsoleSessionStore, ConsoleUserStore } from '../services/accounts/ConsoleUsers';
import type { AuditLog } from '../services/audit/AuditLog';
import type { DirectoryRepository } from '../services/directory/DirectoryService';
import type { HandoffQueue } from '../services/handoff/HandoffQueue';
import type { ReferralRepository } from '../services/referrals/ReferralRepository';
import type { CannedReplyStore } from '../services/replies/CannedReplies';
import type { OutcomeReports } from '../services/reporting/OutcomeReports';
import type { HandoffEvents } from '../services/handoff/HandoffEvents';
import type { HandoffService } from '../services/handoff/HandoffService';
import type { ReferralWorklist } from '../services/referrals/ReferralWorklist';
import { AttemptLimiter } from './auth/AttemptLimiter';
import { SessionManager } from './auth/SessionManager';
import { LiveStreams, registerEventsRoute } from './api/eventsRoute';
import { registerDirectoryRoutes } from './api/directoryRoutes';
import { registerFhirRoutes } from './api/fhirRoutes';
import { registerHandoffRoutes } from './api/handoffRoutes';
import { registerReferralRoutes } from './api/referralRoutes';
import { registerReportRoutes } from './api/reportRoutes';
import { registerReplyRoutes } from './api/replyRoutes';
import { registerHistoryRoutes } from './api/historyRoutes';
import { registerSessionRoutes } from './api/sessionRoutes';
import { registerUserRoutes } from './api/userRoutes';
import type { ConsoleContext } from './ConsoleContext';
import { registerConsolePages } from './pages';

export interface ConsoleOptions {
  /**
   * Failed sign-ins in the window (15 minutes): per account from one address (default 10, growing delays after 4), per
   * address (default 100) and per account from anywhere (growing delays after 10, never more than 30 s).
   */
  loginLimits?: { perPair?: number; perAddress?: number; windowMs?: number };
  /** Session lifetime and idle limit (default 12 hours and 2 hours). */
  session?: { lifetimeMs?: number; idleMs?: number };
  /** The scrypt cost of password hashes (default N=2^15, r=8, p=3; tests that sign in many times pass a cheap one). */
  passwordHashing?: ScryptParameters;
}

export interface ConsoleDeps {
  server: Server;
  config: Config;
  logger: Logger;
  /** The ports the console needs (app.ts passes its Stores). */
  stores: { consoleUsers: ConsoleUserStore; consoleSessions: ConsoleSessionStore; referrals: ReferralRepository; directory: DirectoryRepository; audit: AuditLog; reports: OutcomeReports; cannedReplies: CannedReplyStore; handoffs: HandoffQueue };
  handoffs: HandoffService;
  worklist: ReferralWorklist;
  events: HandoffEvents;
  options?: ConsoleOptions;
}

export interface LinkWorkerConsole {
  accounts: AccountService;
  /** Ends open live-update streams (call before draining the server). */
  close(): void;
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;

export function registerConsole(deps: ConsoleDeps): LinkWorkerConsole {
  const { server, config, logger, stores, options = {} } = deps;
  const secure = config.env === 'production' || config.publicUrl.startsWith('https:');
  const windowMs = options.loginLimits?.windowMs ?? FIFTEEN_MINUTES;
  const ctx: ConsoleContext = {
    logger,
    sessions: new SessionManager(stores.consoleSessions, stores.consoleUsers, { secure, ...options.session }),
    accounts: new AccountService(stores.consoleUsers, stores.consoleSessions, { hashing: options.passwordHashing }),
    users: stores.consoleUsers,
    handoffs: deps.handoffs,
    handoffQueue: stores.handoffs,
    events: deps.events,
    referrals: stores.referrals,
    worklist: deps.worklist,
    directory: stores.directory,
    audit: stores.audit,
    reports: stores.reports,
    cannedReplies: stores.cannedReplies,
    fhirIdentifierBase: config.fhir.identifierBase,
    limits: {
      perPair: new AttemptLimiter({ limit: options.loginLimits?.perPair ?? 10, windowMs, backoff: { after: 4, baseMs: 1000, maxMs: windowMs } }),
      perAddress: new AttemptLimiter({ limit: options.loginLimits?.perAddress ?? 100, windowMs }),
      perAccount: new AttemptLimiter({ limit: Number.MAX_SAFE_INTEGER, windowMs, backoff: { after: 10, baseMs: 1000, maxMs: 30_000 } }),
    },
    streams: new LiveStreams(),
    firstReplyTargetMs: config.handoff.firstReplyTargetMinutes * 60_000,
    now: () => new Date(),
    replyMinutes: config.handoff.replyMinutes ?? DEFAULT_REPLY_MINUTES,
  };
  registerSessionRoutes(server, ctx);
  registerHandoffRoutes(server, ctx);
  registerReferralRoutes(server, ctx);
  registerDirectoryRoutes(server, ctx);
  registerUserRoutes(server, ctx);
  registerReportRoutes(server, ctx);
  registerReplyRoutes(server, ctx);
  registerHistoryRoutes(server, ctx);
  registerFhirRoutes(server, ctx);
  registerEventsRoute(server, ctx);
  registerConsolePages(server, { hsts: config.publicUrl.startsWith('https:') });
  return { accounts: ctx.accounts, close: () => ctx.streams.endAll() };
}
