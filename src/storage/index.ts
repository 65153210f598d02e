import type { Config } from '../config';
import type { Logger } from '../logging';
import { openEmbeddedStores } from './embedded/openEmbeddedStores';
import type { StorageEvents, Stores } from './Stores';

export interface OpenStoresOptions {
  /** Where storage reports its own timer work (retention sweeps, compaction failures). */
  logger?: Logger;
}

/** Opens the configured stores: MongoDB when MONGODB_URI is set, else the embedded store under SIGNPOST_DATA_DIR. */
export async function openStores(config: Config, options: OpenStoresOptions = {}): Promise<Stores> {
  const { mongoUri, dataDir, retentionDays } = config.storage;
  const events = storageEvents(options.logger);
  if (mongoUri) return loadMongoAdapter().openMongoStores({ uri: mongoUri, retentionDays, events });
  return openEmbeddedStores({ dataDir, retentionDays, events });
}

/** mongoose takes about 0.3 s to load: only deployments that use MongoDB pay for it (and the CLI starts quickly). */
function loadMongoAdapter(): typeof import('./mongo/openMongoStores') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./mongo/openMongoStores') as typeof import('./mongo/openMongoStores');
}

/** Logs counts and task names only: never records. */
function storageEvents(logger: Logger | undefined): StorageEvents {
  if (!logger) return {};
  return {
    swept: ({ referrals, handoffs, botState, recentTurns, webChatConversations, smsMessages, smsContacts }) => {
      if (referrals + handoffs + botState + recentTurns + webChatConversations + smsMessages + smsContacts > 0) logger.info({ event: 'retention-sweep', referrals, handoffs, botState, recentTurns, webChatConversations, smsMessages, smsContacts }, 'removed personal data past retention');
    },
    failed: (task, err) => logger.error({ event: 'storage-task-failed', task, err }, `storage ${task} failed`),
    indexed: ({ created, changedTtl, dropped, differing }) => {
      if (created.length + changedTtl.length + dropped.length > 0) logger.info({ event: 'indexes', created, changedTtl, dropped }, 'brought MongoDB indexes in line');
      if (differing.length > 0) logger.warn({ event: 'indexes-differ', differing }, 'MongoDB indexes differ from what Signpost declares (left as they are: drop them by hand to have them rebuilt)');
    },
  };
}
