/**
 * Mongoose schemas, models and indexes. Schemas declare the fields that are queried, sorted or expire; other fields are
 * kept as given (strict: false), so a field added to a port's type is stored without a schema change. TTL indexes
 * remove personal data past retention: referrals by createdAt, closed handoffs by closedAt, bot state by updatedAt.
 * Web chat has none: a conversation goes whole, with all its activities, once idle past retention (the retention
 * sweep, openMongoStores), as in the embedded store, instead of losing its oldest activities one by one. Indexes are
 * created and kept in line at start by ensureIndexes (indexes.ts).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { ReferralDocument, ServiceDocument, AuditDocument } from '../shared/documents';
import type { HandoffRecord } from '../shared/handoffRecords';

export interface BotStateDocument {
  _id: string;
  eTag: string;
  json: string;
  updatedAt: Date;
}

export interface DirectLineConversationDocument {
  _id: string;
  userId: string;
  locale?: string;
  createdAt: Date;
  lastWatermark: number;
  lastActivityAt: Date;
}

export interface DirectLineActivityDocument {
  _id: string;
  conversationId: string;
  watermark: number;
  json: string;
  createdAt: Date;
}

export interface MongoModels {
  botState: Model<BotStateDocument>;
  referrals: Model<ReferralDocument>;
  handoffs: Model<HandoffRecord>;
  directory: Model<ServiceDocument>;
  audit: Model<AuditDocument>;
  directLineConversations: Model<DirectLineConversationDocument>;
  directLineActivities: Model<DirectLineActivityDocument>;
}

const DAY_SECONDS = 24 * 60 * 60;
/** MongoDB keeps expireAfterSeconds in a 32-bit integer (about 68 years). */
const MAX_EXPIRE_SECONDS = 2_147_483_647;
const options = { strict: false, minimize: false, versionKey: false } as const;

export function defineModels(connection: Connection, retentionDays: number): MongoModels {
  const expireAfterSeconds = Math.min(retentionDays * DAY_SECONDS, MAX_EXPIRE_SECONDS);

  const botState = new Schema<BotStateDocument>({ _id: String, eTag: String, json: String, updatedAt: Date }, options);
  botState.index({ updatedAt: 1 }, { expireAfterSeconds });

  const referrals = new Schema<ReferralDocument>({ _id: String, personId: String, status: String, createdAt: Date, updatedAt: Date }, options);
  referrals.index({ createdAt: 1 }, { expireAfterSeconds });
  referrals.index({ personId: 1 });
  referrals.index({ status: 1, createdAt: -1 });
  referrals.index({ conversationId: 1, createdAt: -1 });
  referrals.index({ 'followUp.dueAt': 1 }, { sparse: true });
  referrals.index({ 'followUp.answeredAt': 1 }, { sparse: true }); // reports: wellbeing change
  referrals.index({ 'person.contactValue': 1 }, { sparse: true }); // console: a person's history and search by phone or email

  const handoffs = new Schema<HandoffRecord>(
    { _id: String, personId: String, conversationId: String, status: String, priorityRank: Number, seq: Number, createdAt: Date, closedAt: Date },
    options,
  );
  handoffs.index({ status: 1, priorityRank: 1, createdAt: 1, seq: 1 });
  handoffs.index({ closedAt: 1 }, { expireAfterSeconds });
  handoffs.index({ personId: 1 });
  handoffs.index({ conversationId: 1, status: 1 });
  // The handoff a texted answer belongs to (a web chat person who agreed to be texted): asked on every turn.
  handoffs.index({ 'textBack.conversationId': 1, createdAt: -1 }, { partialFilterExpression: { 'textBack.conversationId': { $exists: true } } });
  // reports: time to first contact by when it was asked for, satisfaction by when it was given
  handoffs.index({ createdAt: 1 });
  handoffs.index({ 'satisfaction.at': 1 }, { sparse: true });

  const directory = new Schema<ServiceDocument>({ _id: String, name: String, needs: [String], updatedAt: Date }, options);
  directory.index({ needs: 1 });
  directory.index({ name: 1, _id: 1 });
  directory.index({ 'geo.points.point': '2dsphere' }); // area search (MongoDirectory): one GeoJSON point per location

  const audit = new Schema<AuditDocument>({ actor: String, action: String, recordType: String, recordId: String, at: Date, seq: Number }, options);
  audit.index({ recordType: 1, recordId: 1, at: 1, seq: 1 });

  const directLineConversations = new Schema<DirectLineConversationDocument>({ _id: String, userId: String, createdAt: Date, lastWatermark: Number, lastActivityAt: Date }, options);
  directLineConversations.index({ lastActivityAt: 1 }); // the retention sweep
  const directLineActivities = new Schema<DirectLineActivityDocument>({ _id: String, conversationId: String, watermark: Number, json: String, createdAt: Date }, options);
  directLineActivities.index({ conversationId: 1, watermark: 1 }, { unique: true });

  return {
    botState: connection.model<BotStateDocument>('BotState', botState, 'botState'),
    referrals: connection.model<ReferralDocument>('Referral', referrals, 'referrals'),
    handoffs: connection.model<HandoffRecord>('Handoff', handoffs, 'handoffs'),
    directory: connection.model<ServiceDocument>('DirectoryService', directory, 'directory'),
    audit: connection.model<AuditDocument>('AuditEntry', audit, 'audit'),
    directLineConversations: connection.model<DirectLineConversationDocument>('DirectLineConversation', directLineConversations, 'directLineConversations'),
    directLineActivities: connection.model<DirectLineActivityDocument>('DirectLineActivity', directLineActivities, 'directLineActivities'),
  };
}
