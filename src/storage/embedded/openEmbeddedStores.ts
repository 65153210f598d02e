/**
 * The embedded store: @seald-io/nedb files under the data folder, one per port (bot state, written every turn, is an
 * append-only file in nedb's format of its own: EmbeddedBotState), held by one process at a time (dataDirLock). Each
 * data file is compacted periodically (nedb appends every change), and personal data past retention is swept at start
 * and hourly. Timers are unref'd (they never keep the process alive); close() stops them,
 * compacts once more and releases the folder.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type Datastore from '@seald-io/nedb';
import type { StorageEvents, Stores } from '../Stores';
import { erasePerson, exportPerson, purgeExpired, type PersonalDataPorts } from '../shared/personalData';
import { openDatafile } from './datafile';
import { lockDataDir, type DataDirLock } from './dataDirLock';
import { EmbeddedAuditLog, type AuditDoc } from './EmbeddedAuditLog';
import { EmbeddedBotState } from './EmbeddedBotState';
import { EmbeddedDirectory, type DirectoryDoc } from './EmbeddedDirectory';
import { EmbeddedHandoffQueue, type HandoffDoc } from './EmbeddedHandoffQueue';
import { EmbeddedReferrals, type ReferralDoc } from './EmbeddedReferrals';
import { EmbeddedOutcomeReports } from './reports';
import { CONSOLE_USER_INDEXES, EmbeddedConsoleUsers, type ConsoleUserDoc } from './users';
import { CONSOLE_SESSION_INDEXES, EmbeddedConsoleSessions, type ConsoleSessionDoc } from './usersSessions';
import { SMS_CONTACT_INDEXES, EmbeddedSmsContacts, type SmsContactDoc } from './smsContacts';
import { SMS_OUTBOX_INDEXES, EmbeddedSmsOutbox, type SmsOutboxDoc } from './smsOutbox';
import { DIRECT_LINE_INDEXES, EmbeddedDirectLineStore, type DirectLineActivityDoc, type DirectLineConversationDoc } from './EmbeddedDirectLineStore';

export interface EmbeddedOptions {
  dataDir: string;
  retentionDays: number;
  compactEveryMs?: number;
  sweepEveryMs?: number;
  /** Told about timer work: a failed compaction or sweep, and what each sweep removed (counts only). */
  events?: StorageEvents;
  /** The clock retention sweeps read (tests move it). */
  now?: () => Date;
}

export const DATA_FILES = {
  botState: 'bot-state.db',
  referrals: 'referrals.db',
  handoffs: 'handoffs.db',
  directory: 'directory.db',
  audit: 'audit.db',
  directLineConversations: 'directline-conversations.db',
  directLineActivities: 'directline-activities.db',
  consoleUsers: 'console-users.db',
  consoleSessions: 'console-sessions.db',
  smsOutbox: 'sms-outbox.db',
  smsContacts: 'sms-contacts.db',
} as const;

const TEN_MINUTES = 10 * 60 * 1000;
const ONE_HOUR = 60 * 60 * 1000;

export async function openEmbeddedStores(options: EmbeddedOptions): Promise<Stores> {
  const lock = await lockDataDir(options.dataDir);
  try {
    return await openLocked(options, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function openLocked(options: EmbeddedOptions, lock: DataDirLock): Promise<Stores> {
  const { dataDir, retentionDays } = options;
  const [botState, referralsDb, handoffsDb, directoryDb, auditDb, directLineConversationsDb, directLineActivitiesDb] = await Promise.all([
    // Bot state is read and written on every turn: its own append-only file rather than nedb (EmbeddedBotState).
    EmbeddedBotState.open(path.join(dataDir, DATA_FILES.botState)),
    openDatafile<ReferralDoc>(dataDir, DATA_FILES.referrals, { indexes: [{ fieldName: 'personId' }, { fieldName: 'createdAt' }, { fieldName: 'status' }] }),
    openDatafile<HandoffDoc>(dataDir, DATA_FILES.handoffs, { indexes: [{ fieldName: 'status' }, { fieldName: 'personId' }, { fieldName: 'conversationId' }] }),
    openDatafile<DirectoryDoc>(dataDir, DATA_FILES.directory, { indexes: [{ fieldName: 'needs' }] }),
    openDatafile<AuditDoc>(dataDir, DATA_FILES.audit, { indexes: [{ fieldName: 'recordId' }] }),
    openDatafile<DirectLineConversationDoc>(dataDir, DATA_FILES.directLineConversations, { indexes: DIRECT_LINE_INDEXES.conversations }),
    openDatafile<DirectLineActivityDoc>(dataDir, DATA_FILES.directLineActivities, { indexes: DIRECT_LINE_INDEXES.activities }),
  ]);
  const [consoleUsersDb, consoleSessionsDb] = await Promise.all([
    openDatafile<ConsoleUserDoc>(dataDir, DATA_FILES.consoleUsers, { indexes: CONSOLE_USER_INDEXES }),
    openDatafile<ConsoleSessionDoc>(dataDir, DATA_FILES.consoleSessions, { indexes: CONSOLE_SESSION_INDEXES }),
  ]);
  const [smsOutboxDb, smsContactsDb] = await Promise.all([
    openDatafile<SmsOutboxDoc>(dataDir, DATA_FILES.smsOutbox, { indexes: SMS_OUTBOX_INDEXES }),
    openDatafile<SmsContactDoc>(dataDir, DATA_FILES.smsContacts, { indexes: SMS_CONTACT_INDEXES }),
  ]);
  const files: Datastore<Record<string, unknown>>[] = [referralsDb, handoffsDb, directoryDb, auditDb, directLineConversationsDb, directLineActivitiesDb, consoleUsersDb, consoleSessionsDb, smsOutboxDb, smsContactsDb] as never;
  const ports: PersonalDataPorts = {
    botState,
    referrals: new EmbeddedReferrals(referralsDb),
    handoffs: await EmbeddedHandoffQueue.open(handoffsDb),
    directLine: new EmbeddedDirectLineStore(directLineConversationsDb, directLineActivitiesDb),
    smsOutbox: await EmbeddedSmsOutbox.open(smsOutboxDb),
    smsContacts: new EmbeddedSmsContacts(smsContactsDb),
  };
  const clock = options.now ?? (() => new Date());
  const sweep = (now?: Date) => purgeExpired(ports, retentionDays, now ?? clock());
  const events = options.events ?? {};
  const firstSweep = await sweep(); // not inside swept?.(...): an optional call skips evaluating its arguments
  events.swept?.(firstSweep);

  const compactAll = () => Promise.all([...files.map((file) => file.compactDatafileAsync()), botState.compact()]);
  const timers = [
    setInterval(skipWhileRunning(() => compactAll().catch((error: unknown) => events.failed?.('compaction', error))), options.compactEveryMs ?? TEN_MINUTES),
    setInterval(skipWhileRunning(() => sweep().then((report) => events.swept?.(report), (error: unknown) => events.failed?.('retention', error))), options.sweepEveryMs ?? ONE_HOUR),
  ];
  timers.forEach((timer) => timer.unref());

  let closed = false;
  return {
    kind: 'embedded',
    ...ports,
    directory: new EmbeddedDirectory(directoryDb),
    audit: new EmbeddedAuditLog(auditDb),
    consoleUsers: new EmbeddedConsoleUsers(consoleUsersDb),
    consoleSessions: new EmbeddedConsoleSessions(consoleSessionsDb),
    reports: await EmbeddedOutcomeReports.open(referralsDb, handoffsDb),
    erasePerson: (personId, options) => erasePerson(ports, personId, options),
    exportPerson: (personId) => exportPerson(ports, personId),
    purgeExpired: sweep,
    ping: async () => !closed && (await fs.access(dataDir, constants.W_OK).then(() => true, () => false)),
    close: async () => {
      if (closed) return;
      closed = true;
      timers.forEach(clearInterval);
      try {
        await compactAll();
        await botState.close();
      } finally {
        await lock.release();
      }
    },
  };
}

/** A timer task that is skipped while its last run is still going, so slow disks never pile work up in nedb's queue. */
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
