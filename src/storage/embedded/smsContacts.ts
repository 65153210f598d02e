/** SMS contacts (numbers, opt-outs, last numbered options) in the embedded store: a row per number, a JSON document. */
import { SEEN_PRECISION_MS, type SmsContact, type SmsContacts } from '../../services/sms/SmsContacts';
import { preparedOnce, type Database } from './database';
import { fromJson, toJson } from './json';

interface Row {
  phone: string;
  doc: string;
}

type Stored = Omit<SmsContact, 'phone'>;

const fromRow = (row: Row): SmsContact => {
  const doc = fromJson<Stored>(row.doc);
  return {
    phone: row.phone,
    conversationId: doc.conversationId,
    optedOut: doc.optedOut,
    ...(doc.optedOutAt ? { optedOutAt: doc.optedOutAt } : {}),
    ...(doc.optOutKeyword ? { optOutKeyword: doc.optOutKeyword } : {}),
    ...(doc.optedInAt ? { optedInAt: doc.optedInAt } : {}),
    choices: doc.choices ?? [],
    firstSeenAt: doc.firstSeenAt,
    lastSeenAt: doc.lastSeenAt,
  };
};

const newContact = (phone: string, conversationId: string, at: Date): SmsContact => ({ phone, conversationId, optedOut: false, choices: [], firstSeenAt: at, lastSeenAt: at });
const docOf = ({ phone: _phone, ...rest }: SmsContact): string => toJson(rest);

export class EmbeddedSmsContacts implements SmsContacts {
  private readonly byPhoneStmt;
  private readonly put;
  private readonly seenTx;
  private readonly optOutTx;
  private readonly eraseTx;

  constructor(private readonly database: Database) {
    const { db, normalDb } = database;
    this.byPhoneStmt = db.prepare<[string], Row>('SELECT phone, doc FROM sms_contacts WHERE phone = ?');
    const upsert = 'INSERT INTO sms_contacts (phone, doc) VALUES (?, ?) ON CONFLICT (phone) DO UPDATE SET doc = excluded.doc';
    this.put = db.prepare<[string, string]>(upsert);
    // Last seen (for retention) through the synchronous=NORMAL connection (database.ts); opt-outs stay FULL.
    const byPhoneNormal = normalDb.prepare<[string], Row>('SELECT phone, doc FROM sms_contacts WHERE phone = ?');
    const putNormal = normalDb.prepare<[string, string]>(upsert);
    this.seenTx = normalDb.transaction((phone: string, conversationId: string, at: Date) => {
      const row = byPhoneNormal.get(phone);
      if (!row) {
        const contact = newContact(phone, conversationId, at);
        putNormal.run(phone, docOf(contact));
        return { contact, isNew: true };
      }
      const existing = fromRow(row);
      if (existing.conversationId === conversationId && at.getTime() - existing.lastSeenAt.getTime() < SEEN_PRECISION_MS) return { contact: existing, isNew: false };
      const contact = { ...existing, lastSeenAt: at, conversationId };
      putNormal.run(phone, docOf(contact));
      return { contact, isNew: false };
    });
    this.optOutTx = db.transaction((phone: string, conversationId: string, optedOut: boolean, at: Date, keyword?: string) => {
      const row = this.byPhoneStmt.get(phone);
      const contact = row ? fromRow(row) : newContact(phone, conversationId, at);
      const change = optedOut ? { optedOut, optedOutAt: at, ...(keyword ? { optOutKeyword: keyword } : {}) } : { optedOut, optedInAt: at };
      this.put.run(phone, docOf({ ...contact, ...change }));
    });
    this.eraseTx = db.transaction((conversationId: string) => {
      const rows = db.prepare<[string], Row>('SELECT phone, doc FROM sms_contacts WHERE conversation_id = ?').all(conversationId);
      for (const row of rows) {
        const contact = fromRow(row);
        if (contact.optedOut) this.put.run(row.phone, docOf(bareOptOut(contact)));
        else db.prepare('DELETE FROM sms_contacts WHERE phone = ?').run(row.phone);
      }
      return rows.length;
    });
  }

  async byPhone(phone: string): Promise<SmsContact | undefined> {
    this.database.check();
    const row = this.byPhoneStmt.get(phone);
    return row ? fromRow(row) : undefined;
  }

  async byConversation(conversationId: string): Promise<SmsContact | undefined> {
    this.database.check();
    const row = preparedOnce<[string], Row>(this.database.db, 'SELECT phone, doc FROM sms_contacts WHERE conversation_id = ? LIMIT 1').get(conversationId);
    return row ? fromRow(row) : undefined;
  }

  async seen(phone: string, conversationId: string, at: Date): Promise<{ contact: SmsContact; isNew: boolean }> {
    this.database.check();
    return this.seenTx.immediate(phone, conversationId, at);
  }

  async setOptedOut(phone: string, conversationId: string, optedOut: boolean, at: Date, keyword?: string): Promise<void> {
    this.database.check();
    this.optOutTx.immediate(phone, conversationId, optedOut, at, keyword);
  }

  async setChoices(phone: string, choices: SmsContact['choices']): Promise<void> {
    this.database.check();
    preparedOnce<[string, string]>(this.database.normalDb, `UPDATE sms_contacts SET doc = json_set(doc, '$.choices', json(?)) WHERE phone = ?`).run(toJson(choices), phone);
  }

  async eraseConversation(conversationId: string): Promise<number> {
    this.database.check();
    return this.eraseTx.immediate(conversationId);
  }

  async purgeNotSeenSince(cutoff: Date): Promise<number> {
    this.database.check();
    return this.database.db.prepare('DELETE FROM sms_contacts WHERE last_seen_at < ? AND opted_out = 0').run(cutoff.getTime()).changes;
  }
}

/** What is kept of a number that opted out after erasure: the number and when, so it is never texted again. */
function bareOptOut(contact: SmsContact): SmsContact {
  const at = contact.optedOutAt ?? contact.lastSeenAt;
  return { phone: contact.phone, conversationId: contact.conversationId, optedOut: true, optedOutAt: at, choices: [], firstSeenAt: at, lastSeenAt: at };
}
