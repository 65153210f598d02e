/**
 * The MongoDB store (MONGODB_URI): mongoose models on one connection. At start, collections and indexes are brought
 * in line with the schemas (ensureIndexes: create what is missing, change TTLs in place, drop nothing that is not
 * ours). Retention is MongoDB's own TTL indexes where a date alone decides (referrals, closed handoffs, bot state,
 * console sessions) and a sweep, at start and hourly like the embedded store's, that runs purgeExpired over every port:
 * it is what removes SMS texts and numbers (pending texts and opt-outs are kept, which a TTL index cannot tell) and
 * web chat conversations with all their activities. Every instance sweeps; the deletes are idempotent.
 */
import type { Connection, Model } from 'mongoose';
import type { StorageEvents, Stores } from '../Stores';
import { erasePerson, exportPerson, purgeExpired, type PersonalDataPorts } from '../shared/personalData';
import { connectMongo, pingMongo, type ConnectOptions } from './connection';
import { ensureIndexes } from './indexes';
import { defineModels } from './models';
import { MongoAuditLog } from './MongoAuditLog';
import { MongoBotState } from './MongoBotState';
import { MongoDirectLineStore } from './MongoDirectLineStore';
import { MongoDirectory } from './MongoDirectory';
import { MongoHandoffQueue } from './MongoHandoffQueue';
import { MongoReferrals } from './MongoReferrals';
import { MongoOutcomeReports } from './reports';
import { MongoConsoleUsers } from './users';
import { MongoConsoleSessions } from './usersSessions';
import { defineConsoleModels } from './usersModels';
import { defineCannedReplyModel, MongoCannedReplies } from './cannedReplies';
import { defineSmsModels } from './smsModels';
import { MongoSmsContacts } from './smsContacts';
import { MongoRecentTurns } from './MongoRecentTurns';
import { defineRecentTurnsModel } from './recentTurnsModel';
import { MongoSmsOutbox } from './smsOutbox';
import { definePracticeModel, MongoPractices } from './MongoPractices';

const ONE_HOUR = 60 * 60 * 1000;

export interface StoresOnConnectionOptions {
  retentionDays: number;
  /** How often the retention sweep runs after the one at start (an hour). */
  sweepEveryMs?: number;
  /** Told what each sweep removed (counts only), of a sweep that failed, and what start-up did to indexes. */
  events?: StorageEvents;
  /** The clock retention sweeps read (tests move it). */
  now?: () => Date;
}

export interface MongoOptions extends ConnectOptions, StoresOnConnectionOptions {
  uri: string;
}

export async function openMongoStores(options: MongoOptions): Promise<Stores> {
  const connection = await connectMongo(options.uri, options);
  try {
    return await storesOnConnection(connection, options);
  } catch (error) {
    await connection.close(true).catch(() => undefined);
    throw error;
  }
}

/** The stores on an open connection (openMongoStores; tests give it the fake driver's). */
export async function storesOnConnection(connection: Connection, options: StoresOnConnectionOptions): Promise<Stores> {
  const { retentionDays } = options;
  const models = defineModels(connection, retentionDays);
  const consoleModels = defineConsoleModels(connection);
  const smsModels = defineSmsModels(connection);
  const recentTurnsModel = defineRecentTurnsModel(connection);
  const cannedReplyModel = defineCannedReplyModel(connection);
  const events = options.events ?? {};
  const practiceModel = definePracticeModel(connection);
  const indexed = await ensureIndexes(connection, [...Object.values(models), ...Object.values(consoleModels), ...Object.values(smsModels), recentTurnsModel, cannedReplyModel, practiceModel] as Model<unknown>[]);
  events.indexed?.(indexed);
  const ports: PersonalDataPorts = {
    botState: new MongoBotState(models.botState),
    referrals: new MongoReferrals(models.referrals),
    handoffs: new MongoHandoffQueue(models.handoffs),
    directLine: new MongoDirectLineStore(models.directLineConversations, models.directLineActivities),
    smsOutbox: new MongoSmsOutbox(smsModels.smsOutbox),
    smsContacts: new MongoSmsContacts(smsModels.smsContacts),
    recentTurns: new MongoRecentTurns(recentTurnsModel),
  };
  const clock = options.now ?? (() => new Date());
  const sweep = (now?: Date) => purgeExpired(ports, retentionDays, now ?? clock());
  let sweeping = false;
  const sweepAndReport = async () => {
    if (sweeping) return;
    sweeping = true;
    await sweep()
      .then((report) => events.swept?.(report), (error: unknown) => events.failed?.('retention', error))
      .finally(() => {
        sweeping = false;
      });
  };
  // The first sweep runs before the stores are handed out; if it fails (a first purge of a large backlog may outlast
  // the operation timeout) start-up goes on and says so: the next sweep tries again.
  await sweepAndReport();
  const timer = setInterval(() => void sweepAndReport(), options.sweepEveryMs ?? ONE_HOUR);
  timer.unref();

  let closed = false;
  return {
    kind: 'mongo',
    ...ports,
    directory: new MongoDirectory(models.directory),
    audit: new MongoAuditLog(models.audit),
    consoleUsers: new MongoConsoleUsers(consoleModels.consoleUsers),
    consoleSessions: new MongoConsoleSessions(consoleModels.consoleSessions),
    cannedReplies: new MongoCannedReplies(cannedReplyModel),
    reports: new MongoOutcomeReports(models.referrals, models.handoffs),
    practices: new MongoPractices(practiceModel),
    erasePerson: (personId, options) => erasePerson(ports, personId, options),
    exportPerson: (personId) => exportPerson(ports, personId),
    purgeExpired: sweep,
    ping: async () => !closed && (await pingMongo(connection)),
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await connection.close();
    },
  };
}
