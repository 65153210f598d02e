/** Referrals in MongoDB: one document per referral, keyed by its reference; a TTL index on createdAt enforces retention. */
import type { Model } from 'mongoose';
import type { ContactAttempt, NewReferral, Referral, ReferralPatch } from '../../services/referrals/Referral';
import { DuplicateReferenceError, NotFoundError, ReferralConflictError, type Page, type ReferralMatch, type ReferralQuery, type ReferralRepository } from '../../services/referrals/ReferralRepository';
import { claimableReferralFilter, FOLLOW_UP_SORT, followUpsDueFilter, REFERRAL_EXPORT_SORT, REFERRAL_LIST_SORT, referralFromDocument, referralListFilter, referralToDocument, unsentFollowUpFilter, type ReferralDocument } from '../shared/documents';
import { paging, withoutUndefined } from '../shared/records';
import { referralPatchFields, validateContactAttempt, validateNewReferral } from '../shared/validation';
import { isDuplicateKey } from './errors';

export class MongoReferrals implements ReferralRepository {
  constructor(private readonly model: Model<ReferralDocument>) {}

  async create(referral: NewReferral): Promise<Referral> {
    validateNewReferral(referral);
    const now = new Date();
    const created: Referral = withoutUndefined({ ...referral, createdAt: now, updatedAt: now });
    try {
      await this.model.create(referralToDocument(created));
    } catch (error) {
      if (isDuplicateKey(error)) throw new DuplicateReferenceError(referral.reference);
      throw error;
    }
    return created;
  }

  async get(reference: string): Promise<Referral | null> {
    const doc = await this.model.findById(reference).lean<ReferralDocument>();
    return doc ? referralFromDocument(doc) : null;
  }

  async list(query: ReferralQuery = {}): Promise<Page<Referral>> {
    const filter = referralListFilter(query);
    const { limit, offset } = paging(query);
    const [docs, total] = await Promise.all([
      this.model.find(filter).sort(REFERRAL_LIST_SORT).skip(offset).limit(limit).lean<ReferralDocument[]>(),
      this.model.countDocuments(filter),
    ]);
    return { items: docs.map(referralFromDocument), total };
  }

  async update(reference: string, patch: ReferralPatch): Promise<Referral> {
    const fields = { ...referralPatchFields(patch), updatedAt: new Date() };
    const doc = await this.model.findOneAndUpdate({ _id: reference }, { $set: fields }, { returnDocument: 'after' }).lean<ReferralDocument>();
    if (!doc) throw new NotFoundError('Referral', reference);
    return referralFromDocument(doc);
  }

  async claim(reference: string, workerId: string, at: Date): Promise<Referral> {
    const current = await this.get(reference);
    if (!current) throw new NotFoundError('Referral', reference);
    if (current.status === 'in-progress' && current.claimedBy === workerId) return current;
    // Conditional on the state that allows it: of two workers claiming at once, one matches.
    const doc = await this.model
      .findOneAndUpdate(claimableReferralFilter(reference, workerId), { $set: { status: 'in-progress', claimedBy: workerId, claimedAt: at, updatedAt: new Date() } }, { returnDocument: 'after' })
      .lean<ReferralDocument>();
    if (!doc) throw new ReferralConflictError(reference);
    return referralFromDocument(doc);
  }

  async addContact(reference: string, attempt: ContactAttempt): Promise<Referral> {
    validateContactAttempt(attempt);
    const pushed = await this.model.findOneAndUpdate({ _id: reference }, { $push: { contacts: withoutUndefined(attempt) }, $set: { updatedAt: new Date() } }, { returnDocument: 'after' }).lean<ReferralDocument>();
    if (!pushed) throw new NotFoundError('Referral', reference);
    if (!attempt.reached || pushed.firstContactAt) return referralFromDocument(pushed);
    await this.model.updateOne({ _id: reference, firstContactAt: { $exists: false } }, { $set: { firstContactAt: attempt.at } });
    return (await this.get(reference)) ?? referralFromDocument(pushed);
  }

  async listFollowUpsDue(now: Date, limit?: number): Promise<Referral[]> {
    const docs = await this.model.find(followUpsDueFilter(now)).sort(FOLLOW_UP_SORT).limit(paging({ limit }).limit).lean<ReferralDocument[]>();
    return docs.map(referralFromDocument);
  }

  async markFollowUpSent(reference: string, at: Date): Promise<boolean> {
    const { modifiedCount } = await this.model.updateOne(unsentFollowUpFilter(reference), { $set: { 'followUp.sentAt': at, updatedAt: new Date() } });
    return modifiedCount === 1;
  }

  async exportByPerson(personId: string): Promise<Referral[]> {
    const docs = await this.model.find({ personId }).sort(REFERRAL_EXPORT_SORT).lean<ReferralDocument[]>();
    return docs.map(referralFromDocument);
  }

  async findMatching(match: ReferralMatch, limit: number): Promise<Referral[]> {
    const filter = 'contactValue' in match
      ? { 'person.contactValue': match.contactValue }
      : { 'person.preferredName': { $regex: `^${match.namePrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, $options: 'i' } };
    const docs = await this.model.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<ReferralDocument[]>();
    return docs.map(referralFromDocument);
  }

  async eraseByPerson(personId: string): Promise<number> {
    return (await this.model.deleteMany({ personId })).deletedCount;
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return (await this.model.deleteMany({ createdAt: { $lt: cutoff } })).deletedCount;
  }
}
