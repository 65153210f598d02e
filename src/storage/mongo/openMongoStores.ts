/**
 * The MongoDB store (MONGODB_URI): mongoose models on one connection, indexes synced at start. Retention is MongoDB's
 * own TTL indexes (its monitor runs about every minute); purgeExpired() does the same on demand.
 */
import type { Stores } from '../Stores';
import { erasePerson, exportPerson, purgeExpired, type PersonalDataPorts } from '../shared/personalData';
import { connectMongo, pingMongo, type ConnectOptions } from './connection';
import { defineModels, syncModels } from './models';
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
import { defineSmsModels } from './smsModels';
import { MongoSmsContacts } from './smsContacts';
import { MongoSmsOutbox } from './smsOutbox';

export interface MongoOptions extends ConnectOptions {
  uri: string;
  retentionDays: number;
}

export async function openMongoStores(options: MongoOptions): Promise<Stores> {
  const connection = await connectMongo(options.uri, options);
  try {
    const models = defineModels(connection, options.retentionDays);
    await syncModels(models);
    const consoleModels = defineConsoleModels(connection);
    await syncModels(consoleModels as never);
    const smsModels = defineSmsModels(connection);
    await syncModels(smsModels as never);
    const ports: PersonalDataPorts = {
      botState: new MongoBotState(models.botState),
      referrals: new MongoReferrals(models.referrals),
      handoffs: new MongoHandoffQueue(models.handoffs),
      directLine: new MongoDirectLineStore(models.directLineConversations, models.directLineActivities),
      smsOutbox: new MongoSmsOutbox(smsModels.smsOutbox),
      smsContacts: new MongoSmsContacts(smsModels.smsContacts),
    };
    let closed = false;
    return {
      kind: 'mongo',
      ...ports,
      directory: new MongoDirectory(models.directory),
      audit: new MongoAuditLog(models.audit),
      consoleUsers: new MongoConsoleUsers(consoleModels.consoleUsers),
      consoleSessions: new MongoConsoleSessions(consoleModels.consoleSessions),
      reports: new MongoOutcomeReports(models.referrals, models.handoffs),
      erasePerson: (personId, options) => erasePerson(ports, personId, options),
      exportPerson: (personId) => exportPerson(ports, personId),
      purgeExpired: (now) => purgeExpired(ports, options.retentionDays, now),
      ping: async () => !closed && (await pingMongo(connection)),
      close: async () => {
        if (closed) return;
        closed = true;
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close(true).catch(() => undefined);
    throw error;
  }
}
