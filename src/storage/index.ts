import { MemoryStorage } from 'botbuilder';
import type { Config } from '../config';
import type { Stores } from './Stores';

/** Opens the configured stores. (Foundation: in-memory bot state; the storage issue brings MongoDB and embedded.) */
export async function openStores(_config: Config): Promise<Stores> {
  return {
    kind: 'memory',
    botState: new MemoryStorage(),
    ping: async () => true,
    close: async () => undefined,
  };
}
