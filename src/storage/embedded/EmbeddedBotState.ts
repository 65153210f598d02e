/** Bot Framework state (conversation and user state) in the embedded store, with MemoryStorage's eTag contract. */
import type Datastore from '@seald-io/nedb';
import type { StoreItems } from 'botbuilder';
import { ETagConflictError, newETag, parseItem, requireChanges, requireKeys, serialiseItem, writeAllowed } from '../shared/botStateContract';
import type { BotStateStore } from '../shared/personalData';
import { Mutex } from './Mutex';

export interface BotStateDoc extends Record<string, unknown> {
  _id: string;
  eTag: string;
  json: string;
  updatedAt: Date;
}

export class EmbeddedBotState implements BotStateStore {
  private readonly lock = new Mutex();

  constructor(private readonly db: Datastore<BotStateDoc>) {}

  async read(keys: string[]): Promise<StoreItems> {
    const wanted = requireKeys(keys, 'reading');
    const docs = await this.db.findAsync({ _id: { $in: wanted } });
    const items: StoreItems = {};
    for (const doc of docs) items[doc._id] = parseItem(doc.json);
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(requireChanges(changes));
    return this.lock.run(async () => {
      const stored = await this.db.findAsync({ _id: { $in: entries.map(([key]) => key) } });
      const storedETags = new Map(stored.map((doc) => [doc._id, doc.eTag]));
      for (const [key, item] of entries) {
        if (!writeAllowed(item?.eTag, storedETags.get(key))) throw new ETagConflictError(key);
      }
      const now = new Date();
      for (const [key, item] of entries) {
        const eTag = newETag();
        await this.db.updateAsync({ _id: key }, { _id: key, eTag, json: serialiseItem(item, eTag), updatedAt: now }, { upsert: true });
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    const doomed = requireKeys(keys, 'deleting');
    await this.lock.run(() => this.db.removeAsync({ _id: { $in: doomed } }, { multi: true }));
  }

  /** Retention: removes state not written since the cutoff. */
  purgeOlderThan(cutoff: Date): Promise<number> {
    return this.lock.run(() => this.db.removeAsync({ updatedAt: { $lt: cutoff } }, { multi: true }));
  }
}
