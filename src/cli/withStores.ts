/** Opens the configured stores (SIGNPOST_DATA_DIR or MONGODB_URI) for one CLI command, and always closes them. */
import { loadConfig, loadDotEnvFile, type Config } from '../config';
import { openStores } from '../storage';
import type { Stores } from '../storage/Stores';

export async function withStores<T>(work: (stores: Stores, config: Config) => Promise<T>): Promise<T> {
  loadDotEnvFile();
  const config = loadConfig();
  const stores = await openStores(config);
  try {
    return await work(stores, config);
  } finally {
    await stores.close();
  }
}
