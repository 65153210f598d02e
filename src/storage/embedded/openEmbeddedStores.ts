/**
 * The embedded store: @seald-io/nedb files under the data folder, one per port. Each data file is compacted
 * periodically (nedb appends every change), and personal data past retention is swept at start and hourly. Timers
 * are unref'd (they never keep the process alive) and close() stops them and compacts once more.
 */
import { constants, promises as fs } from 'node:fs';
import type Datastore from '@seald-io/nedb';
import type { Stores } from '../Stores';
import { erasePerson, exportPerson, purgeExpired, type PersonalDataPorts } from '../shared/personalData';
import { openDatafile } from './datafile';
import { EmbeddedAuditLog, type AuditDoc } from './EmbeddedAuditLog';
import { EmbeddedBotState, type BotStateDoc } from './EmbeddedBotState';
import { EmbeddedDirectory, type DirectoryDoc } from './EmbeddedDirectory';
import { EmbeddedHandoffQueue, type HandoffDoc } from './EmbeddedHandoffQueue';
import { EmbeddedReferrals, type ReferralDoc } from './EmbeddedReferrals';

export interface EmbeddedOptions {
  dataDir: string;
  retentionDays: number;
  compactEveryMs?: number;
  sweepEveryMs?: number;
}

export const DATA_FILES = {
  botState: 'bot-state.db',
  referrals: 'referrals.db',
  handoffs: 'handoffs.db',
  directory: 'directory.db',
  audit: 'audit.db',
} as const;

const TEN_MINUTES = 10 * 60 * 1000;
const ONE_HOUR = 60 * 60 * 1000;

export async function openEmbeddedStores(options: EmbeddedOptions): Promise<Stores> {
  const { dataDir, retentionDays } = options;
  const [botStateDb, referralsDb, handoffsDb, directoryDb, auditDb] = await Promise.all([
    openDatafile<BotStateDoc>(dataDir, DATA_FILES.botState, { indexes: [{ fieldName: 'updatedAt' }] }),
    openDatafile<ReferralDoc>(dataDir, DATA_FILES.referrals, { indexes: [{ fieldName: 'personId' }, { fieldName: 'createdAt' }, { fieldName: 'status' }] }),
    openDatafile<HandoffDoc>(dataDir, DATA_FILES.handoffs, { indexes: [{ fieldName: 'status' }, { fieldName: 'personId' }, { fieldName: 'conversationId' }] }),
    openDatafile<DirectoryDoc>(dataDir, DATA_FILES.directory, { indexes: [{ fieldName: 'needs' }] }),
    openDatafile<AuditDoc>(dataDir, DATA_FILES.audit, { indexes: [{ fieldName: 'recordId' }] }),
  ]);
  const files: Datastore<Record<string, unknown>>[] = [botStateDb, referralsDb, handoffsDb, directoryDb, auditDb] as never;
  const ports: PersonalDataPorts = {
    botState: new EmbeddedBotState(botStateDb),
    referrals: new EmbeddedReferrals(referralsDb),
    handoffs: new EmbeddedHandoffQueue(handoffsDb),
  };
  const sweep = (now?: Date) => purgeExpired(ports, retentionDays, now);
  await sweep();

  const compactAll = () => Promise.all(files.map((file) => file.compactDatafileAsync()));
  const timers = [
    setInterval(() => void compactAll().catch(() => undefined), options.compactEveryMs ?? TEN_MINUTES),
    setInterval(() => void sweep().catch(() => undefined), options.sweepEveryMs ?? ONE_HOUR),
  ];
  timers.forEach((timer) => timer.unref());

  let closed = false;
  return {
    kind: 'embedded',
    ...ports,
    directory: new EmbeddedDirectory(directoryDb),
    audit: new EmbeddedAuditLog(auditDb),
    erasePerson: (personId) => erasePerson(ports, personId),
    exportPerson: (personId) => exportPerson(ports, personId),
    purgeExpired: sweep,
    ping: async () => !closed && (await fs.access(dataDir, constants.W_OK).then(() => true, () => false)),
    close: async () => {
      if (closed) return;
      closed = true;
      timers.forEach(clearInterval);
      await compactAll();
    },
  };
}
