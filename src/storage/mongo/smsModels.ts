/**
 * Mongoose models for SMS: the outbox (claimed oldest-first per number, so the index leads with status and seq) and
 * the contacts (keyed by E.164 number). Retention runs through purgeExpired (the outbox keeps pending texts whatever
 * their age, and opted-out numbers are kept), so no TTL index here.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { OutgoingSms } from '../../services/sms/SmsOutbox';

export type SmsOutboxDocument = Omit<OutgoingSms, 'id'> & { _id: string };

export interface SmsContactDocument {
  _id: string;
  conversationId: string;
  optedOut: boolean;
  optedOutAt?: Date;
  optOutKeyword?: string;
  optedInAt?: Date;
  /** JSON: option values may hold keys MongoDB refuses ("$type"). */
  choicesJson: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface SmsModels {
  smsOutbox: Model<SmsOutboxDocument>;
  smsContacts: Model<SmsContactDocument>;
}

const options = { strict: false, minimize: false, versionKey: false } as const;

export function defineSmsModels(connection: Connection): SmsModels {
  const outbox = new Schema<SmsOutboxDocument>(
    { _id: String, to: String, conversationId: String, inReplyTo: String, status: String, seq: Number, attempts: Number, createdAt: Date, nextAttemptAt: Date, leaseUntil: Date },
    options,
  );
  outbox.index({ status: 1, seq: 1 });
  outbox.index({ conversationId: 1, seq: 1 });
  outbox.index({ inReplyTo: 1 }, { sparse: true });
  outbox.index({ createdAt: 1 });

  const contacts = new Schema<SmsContactDocument>({ _id: String, conversationId: String, optedOut: Boolean, lastSeenAt: Date }, options);
  contacts.index({ conversationId: 1 });
  contacts.index({ lastSeenAt: 1 });

  return {
    smsOutbox: connection.model<SmsOutboxDocument>('SmsOutbox', outbox, 'smsOutbox'),
    smsContacts: connection.model<SmsContactDocument>('SmsContact', contacts, 'smsContacts'),
  };
}
