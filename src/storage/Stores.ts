import type { Storage } from 'botbuilder';

/** Everything persistent, as built by openStores from config. Services see only the ports inside. */
export interface Stores {
  kind: 'embedded' | 'mongo' | 'memory';
  /** Bot Framework conversation and user state. */
  botState: Storage;
  /** True when the backing store answers. */
  ping(): Promise<boolean>;
  /** Flushes and closes. */
  close(): Promise<void>;
}
