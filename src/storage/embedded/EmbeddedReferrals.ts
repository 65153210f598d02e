/** Referrals in the embedded store: one document per referral, keyed by its reference. */
import type Datastore from '@seald-io/nedb';
import type { NewReferral, Referral, ReferralPatch } from '../../services/referrals/Referral';
import { DuplicateReferenceError, NotFoundError, type Page, type ReferralQuery, type ReferralRepository } from '../../services/referrals/ReferralRepository';
import { referralPatchFields, validateNewReferral } from '../shared/validation';
import { paging, withoutUndefined } from '../shared/records';
import { FOLLOW_UP_SORT, followUpsDueFilter, REFERRAL_EXPORT_SORT, REFERRAL_LIST_SORT, referralFromDocument, referralListFilter, referralToDocument, unsentFollowUpFilter, type ReferralDocument } from '../shared/documents';

export type ReferralDoc = ReferralDocument & Record<string, unknown>;

const toDoc = (referral: Referral) => referralToDocument(referral) as ReferralDoc;
const fromDoc = (doc: ReferralDoc) => referralFromDocument(doc);

export class EmbeddedReferrals implements ReferralRepository {
  constructor(private readonly db: Datastore<ReferralDoc>) {}

  async create(referral: NewReferral): Promise<Referral> {
    validateNewReferral(referral);
    const now = new Date();
    const created: Referral = withoutUndefined({ ...referral, createdAt: now, updatedAt: now });
    try {
      await this.db.insertAsync(toDoc(created));
    } catch (error) {
      if ((error as { errorType?: string }).errorType === 'uniqueViolated') throw new DuplicateReferenceError(referral.reference);
      throw error;
    }
    return created;
  }

  async get(reference: string): Promise<Referral | null> {
    const doc = await this.db.findOneAsync({ _id: reference });
    return doc ? fromDoc(doc) : null;
  }

  async list(query: ReferralQuery = {}): Promise<Page<Referral>> {
    const filter = referralListFilter(query);
    const { limit, offset } = paging(query);
    const [docs, total] = await Promise.all([
      this.db.findAsync(filter).sort(REFERRAL_LIST_SORT).skip(offset).limit(limit),
      this.db.countAsync(filter),
    ]);
    return { items: docs.map(fromDoc), total };
  }

  async update(reference: string, patch: ReferralPatch): Promise<Referral> {
    const fields = { ...referralPatchFields(patch), updatedAt: new Date() };
    const { affectedDocuments } = await this.db.updateAsync({ _id: reference }, { $set: fields }, { returnUpdatedDocs: true });
    const updated = affectedDocuments as ReferralDoc | null;
    if (!updated) throw new NotFoundError('Referral', reference);
    return fromDoc(updated);
  }

  async listFollowUpsDue(now: Date, limit?: number): Promise<Referral[]> {
    const docs = await this.db.findAsync(followUpsDueFilter(now)).sort(FOLLOW_UP_SORT).limit(paging({ limit }).limit);
    return docs.map(fromDoc);
  }

  async markFollowUpSent(reference: string, at: Date): Promise<boolean> {
    const { numAffected } = await this.db.updateAsync(unsentFollowUpFilter(reference), { $set: { 'followUp.sentAt': at, updatedAt: new Date() } });
    return numAffected === 1;
  }

  async exportByPerson(personId: string): Promise<Referral[]> {
    const docs = await this.db.findAsync({ personId }).sort(REFERRAL_EXPORT_SORT);
    return docs.map(fromDoc);
  }

  eraseByPerson(personId: string): Promise<number> {
    return this.db.removeAsync({ personId }, { multi: true });
  }

  purgeOlderThan(cutoff: Date): Promise<number> {
    return this.db.removeAsync({ createdAt: { $lt: cutoff } }, { multi: true });
  }
}
