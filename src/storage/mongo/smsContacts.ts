/** SMS contacts in MongoDB: one document per E.164 number (its _id), so upserts are atomic without a lock. */
import type { Model } from 'mongoose';
import { SEEN_PRECISION_MS, type SmsContact, type SmsContacts } from '../../services/sms/SmsContacts';
import { isDuplicateKey } from './errors';
import type { SmsContactDocument } from './smsModels';

export class MongoSmsContacts implements SmsContacts {
  constructor(private readonly model: Model<SmsContactDocument>) {}

  async byPhone(phone: string): Promise<SmsContact | undefined> {
    const doc = await this.model.findById(phone).lean<SmsContactDocument>();
    return doc ? fromDoc(doc) : undefined;
  }

  async byConversation(conversationId: string): Promise<SmsContact | undefined> {
    const doc = await this.model.findOne({ conversationId }).lean<SmsContactDocument>();
    return doc ? fromDoc(doc) : undefined;
  }

  async seen(phone: string, conversationId: string, at: Date): Promise<{ contact: SmsContact; isNew: boolean }> {
    const existing = await this.model.findById(phone).lean<SmsContactDocument>();
    if (existing && existing.conversationId === conversationId && at.getTime() - existing.lastSeenAt.getTime() < SEEN_PRECISION_MS) return { contact: fromDoc(existing), isNew: false };
    try {
      const before = await this.model
        .findOneAndUpdate(
          { _id: phone },
          { $set: { lastSeenAt: at, conversationId }, $setOnInsert: { optedOut: false, choicesJson: '[]', firstSeenAt: at } },
          { upsert: true, returnDocument: 'before' },
        )
        .lean<SmsContactDocument>();
      const after = await this.model.findById(phone).lean<SmsContactDocument>();
      return { contact: fromDoc(after as SmsContactDocument), isNew: !before };
    } catch (error) {
      // Two first texts at once: both upsert, one loses the insert race; it is the same contact.
      if (isDuplicateKey(error)) return this.seen(phone, conversationId, at);
      throw error;
    }
  }

  async setOptedOut(phone: string, conversationId: string, optedOut: boolean, at: Date, keyword?: string): Promise<void> {
    const change = optedOut ? { optedOut, optedOutAt: at, ...(keyword ? { optOutKeyword: keyword } : {}) } : { optedOut, optedInAt: at };
    await this.model.updateOne(
      { _id: phone },
      { $set: change, $setOnInsert: { conversationId, choicesJson: '[]', firstSeenAt: at, lastSeenAt: at } },
      { upsert: true },
    );
  }

  async setChoices(phone: string, choices: SmsContact['choices']): Promise<void> {
    await this.model.updateOne({ _id: phone }, { $set: { choicesJson: JSON.stringify(choices) } });
  }

  async eraseConversation(conversationId: string): Promise<number> {
    const docs = await this.model.find({ conversationId }).lean<SmsContactDocument[]>();
    for (const doc of docs) {
      if (!doc.optedOut) {
        await this.model.deleteOne({ _id: doc._id });
        continue;
      }
      const at = doc.optedOutAt ?? doc.lastSeenAt;
      await this.model.replaceOne({ _id: doc._id }, { conversationId: doc.conversationId, optedOut: true, optedOutAt: at, choicesJson: '[]', firstSeenAt: at, lastSeenAt: at });
    }
    return docs.length;
  }

  async purgeNotSeenSince(cutoff: Date): Promise<number> {
    return (await this.model.deleteMany({ lastSeenAt: { $lt: cutoff }, optedOut: false })).deletedCount;
  }
}

function fromDoc(doc: SmsContactDocument): SmsContact {
  return {
    phone: doc._id,
    conversationId: doc.conversationId,
    optedOut: doc.optedOut,
    ...(doc.optedOutAt ? { optedOutAt: doc.optedOutAt } : {}),
    ...(doc.optOutKeyword ? { optOutKeyword: doc.optOutKeyword } : {}),
    ...(doc.optedInAt ? { optedInAt: doc.optedInAt } : {}),
    choices: JSON.parse(doc.choicesJson ?? '[]') as SmsContact['choices'],
    firstSeenAt: doc.firstSeenAt,
    lastSeenAt: doc.lastSeenAt,
  };
}
