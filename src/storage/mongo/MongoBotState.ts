/** Bot Framework state in MongoDB, with MemoryStorage's eTag contract enforced by conditional updates. */
import type { StoreItems } from 'botbuilder';
import type { Model } from 'mongoose';
import { ETagConflictError, newETag, parseItem, requireChanges, requireJsonObject, requireKey, requireKeys, serialiseItem } from '../shared/botStateContract';
import type { BotStateStore } from '../shared/personalData';
import type { BotStateDocument } from './models';
import { isDuplicateKey } from './errors';

export class MongoBotState implements BotStateStore {
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
    for (const [key, item] of Object.entries(requireChanges(changes))) await this.writeOne(key, item);
  }

  async delete(keys: string[]): Promise<void> {
    await this.model.deleteMany({ _id: { $in: requireKeys(keys, 'deleting') } });
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return (await this.model.deleteMany({ updatedAt: { $lt: cutoff } })).deletedCount;
  }

  private async writeOne(key: string, item: StoreItems[string]): Promise<void> {
    const fields = { eTag: newETag(), json: serialiseItem(item), updatedAt: new Date() };
    const expected: unknown = item?.eTag;
    if (!expected || expected === '*') {
      await this.model.updateOne({ _id: key }, { $set: fields }, { upsert: true });
      return;
    }
    // Replace only the version the writer read; if there is none at all, a new item is welcome.
    const { matchedCount } = await this.model.updateOne({ _id: key, eTag: String(expected) }, { $set: fields });
    if (matchedCount === 1) return;
    try {
      await this.model.create({ _id: key, ...fields });
    } catch (error) {
      if (isDuplicateKey(error)) throw new ETagConflictError(key);
      throw error;
    }
  }
}
