/** Console users in MongoDB: one document per user, email unique (a unique index enforces it). */
import type { Model } from 'mongoose';
import { DuplicateEmailError, normaliseEmail, type ConsoleUser, type ConsoleUserPatch, type ConsoleUserStore, type NewConsoleUser } from '../../services/accounts/ConsoleUsers';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { newUserDocument, USER_LIST_SORT, userFromDocument, userPatchFields, type ConsoleUserDocument } from '../shared/usersRecords';
import { isDuplicateKey } from './errors';

export class MongoConsoleUsers implements ConsoleUserStore {
  constructor(private readonly model: Model<ConsoleUserDocument>) {}

  async create(user: NewConsoleUser): Promise<ConsoleUser> {
    const doc = newUserDocument(user, new Date());
    try {
      await this.model.create(doc);
    } catch (error) {
      if (isDuplicateKey(error)) throw new DuplicateEmailError();
      throw error;
    }
    return userFromDocument(doc);
  }

  async get(id: string): Promise<ConsoleUser | null> {
    const doc = await this.model.findById(id).lean<ConsoleUserDocument>();
    return doc ? userFromDocument(doc) : null;
  }

  async getByEmail(email: string): Promise<ConsoleUser | null> {
    const doc = await this.model.findOne({ email: normaliseEmail(email) }).lean<ConsoleUserDocument>();
    return doc ? userFromDocument(doc) : null;
  }

  async list(): Promise<ConsoleUser[]> {
    return (await this.model.find({}).sort(USER_LIST_SORT).lean<ConsoleUserDocument[]>()).map(userFromDocument);
  }

  async update(id: string, patch: ConsoleUserPatch): Promise<ConsoleUser> {
    const doc = await this.model.findOneAndUpdate({ _id: id }, { $set: userPatchFields(patch, new Date()) }, { returnDocument: 'after' }).lean<ConsoleUserDocument>();
    if (!doc) throw new NotFoundError('Console user', id);
    return userFromDocument(doc);
  }
}
