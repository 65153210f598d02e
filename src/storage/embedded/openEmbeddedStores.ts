/**
 * The embedded store: one SQLite database, `signpost.db` in the data folder (database.ts), shared safely by every
 * process that opens it (the server, the CLI, a second server during a restart). A data folder from the nedb store of
 * earlier releases is imported on first start (importNedb.ts). Personal data past retention is deleted at start and
 * hourly; every 10 minutes the WAL is checkpointed into the database (and truncated) and free pages are handed back to
 * the file system (incremental vacuum). Timers are unref'd (they never keep the process alive); close() stops them and
 * closes the database.
 */
import type { StorageEvents, Stores } from '../Stores';
import { erasePerson, exportPerson, purgeExpired, type PersonalDataPorts } from '../shared/personalData';
import { BUSY_TIMEOUT_MS, openDatabase, type Database } from './database';
import { EmbeddedAuditLog } from './EmbeddedAuditLog';
import { EmbeddedBotState } from './EmbeddedBotState';
import { EmbeddedDirectory } from './EmbeddedDirectory';
import { EmbeddedHandoffQueue } from './EmbeddedHandoffQueue';
import { EmbeddedReferrals } from './EmbeddedReferrals';
import { importNedbFolder, type ImportCounts } from './importNedb';
import { EmbeddedOutcomeReports } from './reports';
import { EmbeddedConsoleUsers } from './users';
import { EmbeddedCannedReplies } from './cannedReplies';
import { EmbeddedConsoleSessions } from './usersSessions';
import { EmbeddedSmsContacts } from './smsContacts';
import { EmbeddedSmsOutbox } from './smsOutbox';
import { EmbeddedDirectLineStore } from './EmbeddedDirectLineStore';
import { EmbeddedPractices } from './EmbeddedPractices';
import { EmbeddedRecentTurns } from './EmbeddedRecentTurns';

export { DATABASE_FILE } from './database';

export interface EmbeddedOptions {
  dataDir: string;
  retentionDays: number;
  /** How often the WAL is checkpointed and free pages returned (default 10 minutes). */
  compactEveryMs?: number;
  sweepEveryMs?: number;
  /** Told about timer work: a failed maintenance or sweep, and what each sweep removed (counts only). */
  events?: StorageEvents;
  /** The clock retention sweeps read (tests move it). */
  now?: () => Date;
  /** Told what was imported from a nedb data folder on first start (counts only). */
  imported?: (counts: ImportCounts) => void;
}

const TEN_MINUTES = 10 * 60 * 1000;
const ONE_HOUR = 60 * 60 * 1000;

export async function openEmbeddedStores(options: EmbeddedOptions): Promise<Stores> {
  const database = openDatabase(options.dataDir);
  try {
    const counts = importNedbFolder(database, options.dataDir);
    if (counts) options.imported?.(counts);
    return await openOn(database, options);
  } catch (error) {
    database.close();
    throw error;
  }
}

/**
 * Checkpoints the WAL into the database (truncating it) and returns free pages to the file system. A checkpoint that
 * truncates waits for other processes' readers and writers: at most 100 ms here (not the 5 s writes wait), so the
 * server's event loop is never held long; a busy moment is caught up by the next run.
 */
export function maintain(database: Database): void {
  database.check();
  const { db } = database;
  db.pragma('busy_timeout = 100');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('incremental_vacuum');
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

async function openOn(database: Database, options: EmbeddedOptions): Promise<Stores> {
  const { retentionDays } = options;
  const ports: PersonalDataPorts = {
    // Not checked against its folder going away (Database.check): a turn reads and writes the open file as before,
    // so the person is told the referral could not be sent (that write is checked) instead of a failed turn.
    botState: new EmbeddedBotState(database.normalDb),
    referrals: new EmbeddedReferrals(database),
    handoffs: new EmbeddedHandoffQueue(database),
    directLine: new EmbeddedDirectLineStore(database),
    smsOutbox: new EmbeddedSmsOutbox(database),
    smsContacts: new EmbeddedSmsContacts(database),
    recentTurns: new EmbeddedRecentTurns(database),
  };
  const clock = options.now ?? (() => new Date());
  const sweep = (now?: Date) => purgeExpired(ports, retentionDays, now ?? clock());
  const events = options.events ?? {};
  const firstSweep = await sweep(); // not inside swept?.(...): an optional call skips evaluating its arguments
  events.swept?.(firstSweep);

  const timers = [
    setInterval(() => {
      try {
        maintain(database);
      } catch (error) {
        events.failed?.('compaction', error);
      }
    }, options.compactEveryMs ?? TEN_MINUTES),
    setInterval(skipWhileRunning(() => sweep().then((report) => events.swept?.(report), (error: unknown) => events.failed?.('retention', error))), options.sweepEveryMs ?? ONE_HOUR),
  ];
  timers.forEach((timer) => timer.unref());

  let closed = false;
  return {
    kind: 'embedded',
    ...ports,
    directory: new EmbeddedDirectory(database),
    audit: new EmbeddedAuditLog(database),
    consoleUsers: new EmbeddedConsoleUsers(database),
    consoleSessions: new EmbeddedConsoleSessions(database),
    cannedReplies: new EmbeddedCannedReplies(database),
    reports: new EmbeddedOutcomeReports(database),
    practices: new EmbeddedPractices(database),
    erasePerson: (personId, options) => erasePerson(ports, personId, options),
    exportPerson: (personId) => exportPerson(ports, personId),
    purgeExpired: sweep,
    ping: async () => {
      if (closed) return false;
      try {
        database.check();
        database.db.prepare('SELECT 1').get();
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      timers.forEach(clearInterval);
      database.close();
    },
  };
}

/** A timer task that is skipped while its last run is still going. */
function skipWhileRunning(task: () => Promise<unknown>): () => void {
  let running = false;
  return () => {
    if (running) return;
    running = true;
    void task().finally(() => {
      running = false;
    });
  };
}
