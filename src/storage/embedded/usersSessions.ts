/** Console sessions in the embedded store, by the hash of their token; expired sessions are removed as new ones start. */
import type Datastore from '@seald-io/nedb';
import type { ConsoleSession, ConsoleSessionStore } from '../../services/accounts/ConsoleUsers';
import { sessionFromDocument, sessionToDocument, type ConsoleSessionDocument } from '../shared/usersRecords';

export type ConsoleSessionDoc = ConsoleSessionDocument & Record<string, unknown>;
export const CONSOLE_SESSION_INDEXES = [{ fieldName: 'userId' }, { fieldName: 'expiresAt' }];

export class EmbeddedConsoleSessions implements ConsoleSessionStore {
  constructor(private readonly db: Datastore<ConsoleSessionDoc>) {}

  async create(session: ConsoleSession): Promise<void> {
    const doc = sessionToDocument(session) as ConsoleSessionDoc;
    await this.purgeExpired(session.createdAt);
    await this.db.insertAsync(doc);
  }

  async get(id: string, now = new Date()): Promise<ConsoleSession | null> {
    const doc = await this.db.findOneAsync({ _id: id });
    return doc && doc.expiresAt > now ? sessionFromDocument(doc) : null;
  }

  async touch(id: string, lastSeenAt: Date): Promise<void> {
    await this.db.updateAsync({ _id: id }, { $set: { lastSeenAt } });
  }

  async delete(id: string): Promise<void> {
    await this.db.removeAsync({ _id: id }, {});
  }

  deleteByUser(userId: string, exceptId?: string): Promise<number> {
    return this.db.removeAsync(exceptId === undefined ? { userId } : { userId, _id: { $ne: exceptId } }, { multi: true });
  }

  purgeExpired(now = new Date()): Promise<number> {
    return this.db.removeAsync({ expiresAt: { $lte: now } }, { multi: true });
  }
}
