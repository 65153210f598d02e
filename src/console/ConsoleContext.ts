/** What the console's routes need, built once by createConsole. */
import type { Logger } from '../logging';
import type { AuditLog } from '../services/audit/AuditLog';
import type { AccountService } from '../services/accounts/AccountService';
import type { ConsoleUserStore } from '../services/accounts/ConsoleUsers';
import type { DirectoryRepository } from '../services/directory/DirectoryService';
import type { HandoffEvents } from '../services/handoff/HandoffEvents';
import type { HandoffQueue } from '../services/handoff/HandoffQueue';
import type { HandoffService } from '../services/handoff/HandoffService';
import type { ReferralRepository } from '../services/referrals/ReferralRepository';
import type { CannedReplyStore } from '../services/replies/CannedReplies';
import type { ReferralWorklist } from '../services/referrals/ReferralWorklist';
import type { OutcomeReports } from '../services/reporting/OutcomeReports';
import type { AttemptLimiter } from './auth/AttemptLimiter';
import type { SessionManager } from './auth/SessionManager';
import type { LiveStreams } from './api/eventsRoute';

export interface ConsoleContext {
  logger: Logger;
  sessions: SessionManager;
  accounts: AccountService;
  users: ConsoleUserStore;
  handoffs: HandoffService;
  /** The queue itself, read only (a person's earlier handoffs): every change goes through `handoffs`. */
  handoffQueue: Pick<HandoffQueue, 'exportByPerson'>;
  events: HandoffEvents;
  referrals: ReferralRepository;
  /** The referral worklist: referrals worked without a live chat. */
  worklist: ReferralWorklist;
  directory: DirectoryRepository;
  audit: AuditLog;
  reports: OutcomeReports;
  cannedReplies: CannedReplyStore;
  /** FHIR_IDENTIFIER_BASE: the namespace of FHIR identifiers (the same the CLI uses). */
  fhirIdentifierBase: string;
  /**
   * Failed sign-ins: per account and address together (slows one guesser at one account, growing delays), per address
   * (a wide cap: a practice behind one address mistypes too) and per account from anywhere (growing delays, capped at
   * 30 s: slowed, never locked out).
   */
  limits: { perPair: AttemptLimiter; perAddress: AttemptLimiter; perAccount: AttemptLimiter };
  /** Open live-update streams (ended at sign-out). */
  streams: LiveStreams;
  /** HANDOFF_FIRST_REPLY_TARGET_MINUTES, in milliseconds. */
  firstReplyTargetMs: number;
  now: () => Date;
  /** HANDOFF_REPLY_MINUTES: a held conversation past it is shown as waiting for a reply. */
  replyMinutes: number;
}
