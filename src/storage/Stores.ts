import type { CannedReplyStore } from '../services/replies/CannedReplies';
import type { AuditLog } from '../services/audit/AuditLog';
import type { ConsoleSessionStore, ConsoleUserStore } from '../services/accounts/ConsoleUsers';
import type { DirectLineStore } from '../services/directline/DirectLineStore';
import type { DirectoryRepository } from '../services/directory/DirectoryService';
import type { HandoffQueue } from '../services/handoff/HandoffQueue';
import type { ReferralRepository } from '../services/referrals/ReferralRepository';
import type { SmsContacts } from '../services/sms/SmsContacts';
import type { SmsOutbox } from '../services/sms/SmsOutbox';
import type { OutcomeReports } from '../services/reporting/OutcomeReports';
import type { PracticeList } from '../services/dataset/practices';
import type { RecentTurns } from '../services/transcript/RecentTurns';
import type { BotStateStore, ErasureReport, PersonExport, PurgeReport } from './shared/personalData';

export type { ErasureReport, PersonExport, PurgeReport } from './shared/personalData';

/** What storage tells the rest of the app about work it does by itself (app.ts logs it: counts and names only). */
export interface StorageEvents {
  swept?(report: PurgeReport): void;
  failed?(task: 'compaction' | 'retention', error: unknown): void;
  /** MongoDB at start: indexes created, TTLs changed in place, retired indexes dropped, and ours that differ (names). */
  indexed?(report: { created: string[]; changedTtl: string[]; dropped: string[]; differing: string[] }): void;
}

/** Everything persistent, as built by openStores from config. Services see only the ports inside. */
export interface Stores {
  kind: 'embedded' | 'mongo';
  /** Bot Framework conversation and user state (MemoryStorage's eTag contract). */
  botState: BotStateStore;
  referrals: ReferralRepository;
  handoffs: HandoffQueue;
  directory: DirectoryRepository;
  audit: AuditLog;
  /** Link worker console accounts and their sessions (not patients' data: erasure and export leave them alone). */
  consoleUsers: ConsoleUserStore;
  consoleSessions: ConsoleSessionStore;
  /** Canned replies the link worker team shares (not personal data). */
  cannedReplies: CannedReplyStore;
  /** Web chat (Signpost's own Direct Line): conversations and their activity logs, by watermark. */
  directLine: DirectLineStore;
  /** SMS: every text sent or waiting to be sent, and the numbers that text us (opt-outs, last numbered options). */
  smsOutbox: SmsOutbox;
  smsContacts: SmsContacts;
  /** The recent turns of each conversation (both sides), appended a turn at a time, for a link worker who picks it up. */
  recentTurns: RecentTurns;
  /** Aggregate figures for commissioners (console reporting) and de-identified referral rows. */
  reports: OutcomeReports;
  /** GP practices imported from NHS ODS (not personal data): a named practice matched to its ODS code. */
  practices: PracticeList;
  /** Right to erasure: the person's referrals, handoffs (with transcripts), the state and recent turns of their conversations. */
  erasePerson(personId: string, options?: { keepChats?: string[] }): Promise<ErasureReport>;
  /** Right of access: everything held about one person. */
  exportPerson(personId: string): Promise<PersonExport>;
  /** Retention: removes personal data older than RETENTION_DAYS (runs by itself too; exposed for the CLI and tests). */
  purgeExpired(now?: Date): Promise<PurgeReport>;
  /** True when the backing store answers. */
  ping(): Promise<boolean>;
  /** Stops timers, flushes and closes. */
  close(): Promise<void>;
}
