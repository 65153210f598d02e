import type { Config } from '../config';
import { openEmbeddedStores } from './embedded/openEmbeddedStores';
import type { Stores } from './Stores';

/** Opens the configured stores: MongoDB when MONGODB_URI is set, else the embedded store under SIGNPOST_DATA_DIR. */
export async function openStores(config: Config): Promise<Stores> {
  const { mongoUri, dataDir, retentionDays } = config.storage;
  if (mongoUri) throw new Error('MONGODB_URI is set, but the MongoDB adapter is not built yet: unset it to use the embedded store.');
  return openEmbeddedStores({ dataDir, retentionDays });
}
