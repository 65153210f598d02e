/** SMS contacts (numbers, opt-outs, last numbered options) in the embedded store: sms-contacts.db under the data folder. */
import type Datastore from '@seald-io/nedb';
import { SEEN_PRECISION_MS, type SmsContact, type SmsContacts } from '../../services/sms/SmsContacts';
import { Mutex } from './Mutex';

export type SmsContactDoc = ContactFields & Record<string, unknown>;
export const SMS_CONTACT_INDEXES = [{ fieldName: 'conversationId' }, { fieldName: 'lastSeenAt' }];

interface ContactFields {
  _id: string;
  conversationId: string;
  optedOut: boolean;
  optedOutAt?: Date;
  optOutKeyword?: string;
  optedInAt?: Date;
  /** JSON: option values may hold keys nedb refuses ("$type", dotted names). */
  choicesJson: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export class EmbeddedSmsContacts implements SmsContacts {
  private readonly lock = new Mutex();

  constructor(private readonly db: Datastore<SmsContactDoc>) {}

  async byPhone(phone: string): Promise<SmsContact | undefined> {
    const doc = await this.db.findOneAsync({ _id: phone });
    return doc ? fromDoc(doc) : undefined;
  }

  async byConversation(conversationId: string): Promise<SmsContact | undefined> {
    const doc = await this.db.findOneAsync({ conversationId });
    return doc ? fromDoc(doc) : undefined;
  }

  seen(phone: string, conversationId: string, at: Date): Promise<{ contact: SmsContact; isNew: boolean }> {
    return this.exclusive(async () => {
      const existing = await this.db.findOneAsync({ _id: phone });
      if (existing) {
        if (existing.conversationId === conversationId && at.getTime() - existing.lastSeenAt.getTime() < SEEN_PRECISION_MS) return { contact: fromDoc(existing), isNew: false };
        await this.db.updateAsync({ _id: phone }, { $set: { lastSeenAt: at, conversationId } }, {});
        return { contact: fromDoc({ ...existing, lastSeenAt: at, conversationId }), isNew: false };
      }
      const doc = newDoc(phone, conversationId, at);
      await this.db.insertAsync(doc);
      return { contact: fromDoc(doc), isNew: true };
    });
  }

  setOptedOut(phone: string, conversationId: string, optedOut: boolean, at: Date, keyword?: string): Promise<void> {
    return this.exclusive(async () => {
      if (!(await this.db.findOneAsync({ _id: phone }))) await this.db.insertAsync(newDoc(phone, conversationId, at));
      const change = optedOut ? { optedOut, optedOutAt: at, ...(keyword ? { optOutKeyword: keyword } : {}) } : { optedOut, optedInAt: at };
      await this.db.updateAsync({ _id: phone }, { $set: change }, {});
    });
  }

  async setChoices(phone: string, choices: SmsContact['choices']): Promise<void> {
    await this.db.updateAsync({ _id: phone }, { $set: { choicesJson: JSON.stringify(choices) } }, {});
  }

  eraseConversation(conversationId: string): Promise<number> {
    return this.exclusive(async () => {
      const docs = await this.db.findAsync({ conversationId });
      for (const doc of docs) {
        if (doc.optedOut) await this.db.updateAsync({ _id: doc._id }, bareOptOut(doc), {});
        else await this.db.removeAsync({ _id: doc._id }, {});
      }
      return docs.length;
    });
  }

  purgeNotSeenSince(cutoff: Date): Promise<number> {
    return this.exclusive(() => this.db.removeAsync({ lastSeenAt: { $lt: cutoff }, optedOut: false }, { multi: true }));
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.lock.run(task);
  }
}

/** What is kept of a number that opted out after erasure: the number and when, so it is never texted again. */
function bareOptOut(doc: SmsContactDoc): SmsContactDoc {
  const at = doc.optedOutAt ?? doc.lastSeenAt;
  return { _id: doc._id, conversationId: doc.conversationId, optedOut: true, optedOutAt: at, choicesJson: '[]', firstSeenAt: at, lastSeenAt: at };
}

function newDoc(phone: string, conversationId: string, at: Date): SmsContactDoc {
  return { _id: phone, conversationId, optedOut: false, choicesJson: '[]', firstSeenAt: at, lastSeenAt: at };
}

function fromDoc(doc: SmsContactDoc): SmsContact {
  return {
    phone: doc._id,
    conversationId: doc.conversationId,
    optedOut: doc.optedOut,
    ...(doc.optedOutAt ? { optedOutAt: doc.optedOutAt } : {}),
    ...(doc.optOutKeyword ? { optOutKeyword: doc.optOutKeyword } : {}),
    ...(doc.optedInAt ? { optedInAt: doc.optedInAt } : {}),
    choices: JSON.parse(doc.choicesJson) as SmsContact['choices'],
    firstSeenAt: doc.firstSeenAt,
    lastSeenAt: doc.lastSeenAt,
  };
}
