/**
 * Bot Framework state in MongoDB, with MemoryStorage's eTag contract enforced by conditional updates. A write of
 * several keys is all or nothing, as in the embedded store: it runs in a transaction (a replica set or sharded
 * cluster: Atlas, Cosmos DB for MongoDB vCore), so a stale eTag on any key, or a failure part way, writes none of
 * them. A standalone mongod has no transactions (the server says so, and we remember it): there every eTag is checked
 * before anything is written, so a stale one still writes nothing, but another writer between the check and the
 * writes, or a failure part way, can leave some keys written (botbuilder itself writes each state's key on its own).
 */
import type { StoreItems } from 'botbuilder';
import type { ClientSession, Model } from 'mongoose';
import { ETagConflictError, newETag, parseItem, requireChanges, requireJsonObject, requireKey, requireKeys, serialiseItem, writeAllowed } from '../shared/botStateContract';
import type { BotStateStore } from '../shared/personalData';
import type { BotStateDocument } from './models';
import { isDuplicateKey } from './errors';

/** The server's answer when it has no transactions (a standalone mongod). */
function noTransactions(error: unknown): boolean {
  const { code, codeName, message } = (error ?? {}) as { code?: number; codeName?: string; message?: string };
  return code === 20 || codeName === 'IllegalOperation' || /Transaction numbers are only allowed/.test(message ?? '');
}

export class MongoBotState implements BotStateStore {
  /** False once the server has said it has no transactions. */
  private transactions = true;

  constructor(private readonly model: Model<BotStateDocument>) {}

  async read(keys: string[]): Promise<StoreItems> {
    const wanted = requireKeys(keys, 'reading');
    const docs = await this.model.find({ _id: { $in: wanted } }).lean<BotStateDocument[]>();
    const items: StoreItems = {};
    for (const doc of docs) items[doc._id] = parseItem(doc.json, doc.eTag);
    return items;
  }

  async readJson(key: string): Promise<string | undefined> {
    const doc = await this.model.findOne({ _id: requireKey(key, 'reading') }, { json: 1 }).lean<Pick<BotStateDocument, 'json'>>();
    return doc?.json;
  }

  async writeJson(key: string, json: string): Promise<void> {
    const fields = { eTag: newETag(), json: requireJsonObject(json), updatedAt: new Date() };
    await this.model.updateOne({ _id: requireKey(key, 'writing') }, { $set: fields }, { upsert: true });
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(requireChanges(changes));
    if (entries.length === 1) return this.writeOne(entries[0][0], entries[0][1]); // one document: atomic as it is
    if (this.transactions) {
      try {
        await this.model.db.transaction(async (session) => {
          for (const [key, item] of entries) await this.writeOne(key, item, session);
        });
        return;
      } catch (error) {
        if (!noTransactions(error)) throw error;
        this.transactions = false;
      }
    }
    await this.checkETags(entries);
    for (const [key, item] of entries) await this.writeOne(key, item);
  }

  /** Throws ETagConflictError, before anything is written, if any item's eTag is not the stored one. */
  private async checkETags(entries: [string, StoreItems[string]][]): Promise<void> {
    const docs = await this.model.find({ _id: { $in: entries.map(([key]) => key) } }, { eTag: 1 }).lean<Pick<BotStateDocument, '_id' | 'eTag'>[]>();
    const stored = new Map(docs.map((doc) => [doc._id, doc.eTag]));
    for (const [key, item] of entries) if (!writeAllowed(item?.eTag, stored.get(key))) throw new ETagConflictError(key);
  }

  async delete(keys: string[]): Promise<void> {
    await this.model.deleteMany({ _id: { $in: requireKeys(keys, 'deleting') } });
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return (await this.model.deleteMany({ updatedAt: { $lt: cutoff } })).deletedCount;
  }

  private async writeOne(key: string, item: StoreItems[string], session?: ClientSession): Promise<void> {
    const fields = { eTag: newETag(), json: serialiseItem(item), updatedAt: new Date() };
    const expected: unknown = item?.eTag;
    const options = session ? { session } : {};
    if (!expected || expected === '*') {
      await this.model.updateOne({ _id: key }, { $set: fields }, { upsert: true, ...options });
      return;
    }
    // Replace only the version the writer read; if there is none at all, a new item is welcome.
    const { matchedCount } = await this.model.updateOne({ _id: key, eTag: String(expected) }, { $set: fields }, options);
    if (matchedCount === 1) return;
    try {
      await this.model.create([{ _id: key, ...fields }], options);
    } catch (error) {
      if (isDuplicateKey(error)) throw new ETagConflictError(key);
      throw error;
    }
  }
}
