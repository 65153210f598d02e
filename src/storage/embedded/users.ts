/** Console users in the embedded store: one document per user, email unique (an index enforces it). */
import type Datastore from '@seald-io/nedb';
import { DuplicateEmailError, normaliseEmail, type ConsoleUser, type ConsoleUserPatch, type ConsoleUserStore, type NewConsoleUser } from '../../services/accounts/ConsoleUsers';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { newUserDocument, USER_LIST_SORT, userFromDocument, userPatchFields, type ConsoleUserDocument } from '../shared/usersRecords';

export type ConsoleUserDoc = ConsoleUserDocument & Record<string, unknown>;
export const CONSOLE_USER_INDEXES = [{ fieldName: 'email', unique: true }];

export class EmbeddedConsoleUsers implements ConsoleUserStore {
  constructor(private readonly db: Datastore<ConsoleUserDoc>) {}

  async create(user: NewConsoleUser): Promise<ConsoleUser> {
    const doc = newUserDocument(user, new Date()) as ConsoleUserDoc;
    try {
      await this.db.insertAsync(doc);
    } catch (error) {
      if ((error as { errorType?: string }).errorType === 'uniqueViolated') throw new DuplicateEmailError();
      throw error;
    }
    return userFromDocument(doc);
  }

  async get(id: string): Promise<ConsoleUser | null> {
    const doc = await this.db.findOneAsync({ _id: id });
    return doc ? userFromDocument(doc) : null;
  }

  async getByEmail(email: string): Promise<ConsoleUser | null> {
    const doc = await this.db.findOneAsync({ email: normaliseEmail(email) });
    return doc ? userFromDocument(doc) : null;
  }

  async list(): Promise<ConsoleUser[]> {
    return (await this.db.findAsync({}).sort(USER_LIST_SORT)).map(userFromDocument);
  }

  async update(id: string, patch: ConsoleUserPatch): Promise<ConsoleUser> {
    const { affectedDocuments } = await this.db.updateAsync({ _id: id }, { $set: userPatchFields(patch, new Date()) }, { returnUpdatedDocs: true });
    if (!affectedDocuments) throw new NotFoundError('Console user', id);
    return userFromDocument(affectedDocuments as ConsoleUserDoc);
  }
}
