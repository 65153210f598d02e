/**
 * How referrals, directory services and audit entries are stored as documents (the record's own id becomes the
 * document's _id: both adapters keep that shape), and the MongoDB adapter's filters and sorts over them (the embedded
 * store asks the same questions in SQL).
 */
import type { AuditEntry } from '../../services/audit/AuditLog';
import type { DirectoryQuery, DirectoryService } from '../../services/directory/DirectoryService';
import type { Referral } from '../../services/referrals/Referral';
import type { ReferralQuery } from '../../services/referrals/ReferralRepository';
import { withoutUndefined } from './records';
import { nextSeq } from './sequence';

export type ReferralDocument = Omit<Referral, 'reference'> & { _id: string };
export type ServiceDocument = Omit<DirectoryService, 'id'> & { _id: string };
export type AuditDocument = AuditEntry & { seq: number };

export const referralToDocument = ({ reference, ...rest }: Referral): ReferralDocument => withoutUndefined({ _id: reference, ...rest });
export const referralFromDocument = ({ _id, ...rest }: ReferralDocument): Referral => withoutUndefined({ reference: _id, ...rest });

export const serviceToDocument = ({ id, ...rest }: DirectoryService): ServiceDocument => withoutUndefined({ _id: id, ...rest });
export const serviceFromDocument = ({ _id, ...rest }: ServiceDocument): DirectoryService => withoutUndefined({ id: _id, ...rest });

export function newAuditDocument(entry: Omit<AuditEntry, 'at'> & { at?: Date }): AuditDocument {
  const at = entry.at ?? new Date();
  return { actor: entry.actor, action: entry.action, recordType: entry.recordType, recordId: entry.recordId, at, seq: nextSeq(at) };
}

export const auditFromDocument = ({ at, actor, action, recordType, recordId }: AuditDocument): AuditEntry => ({ at, actor, action, recordType, recordId });

/** Newest first; the reference breaks ties so pages never overlap. */
export const REFERRAL_LIST_SORT = { createdAt: -1, _id: 1 } as const;
export const REFERRAL_EXPORT_SORT = { createdAt: 1, _id: 1 } as const;
export const DIRECTORY_SORT = { name: 1, _id: 1 } as const;
export const AUDIT_SORT = { at: 1, seq: 1 } as const;

export function referralListFilter(query: ReferralQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.status) filter.status = query.status;
  if (query.conversationId) filter.conversationId = query.conversationId;
  if (query.from || query.to) filter.createdAt = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
  return filter;
}

/** A referral a worker may claim: new (or handed-off), or already theirs and in progress. */
export const claimableReferralFilter = (reference: string, workerId: string): Record<string, unknown> => ({
  _id: reference,
  $or: [{ status: { $in: ['new', 'handed-off'] } }, { status: 'in-progress', claimedBy: workerId }, { status: 'in-progress', claimedBy: { $exists: false } }],
});

/** Follow-ups due and not yet sent (both adapters query dotted fields the same way). */
export function followUpsDueFilter(now: Date): Record<string, unknown> {
  return { 'followUp.dueAt': { $lte: now }, 'followUp.sentAt': { $exists: false } };
}
export const FOLLOW_UP_SORT = { 'followUp.dueAt': 1, _id: 1 } as const;
/** Matches the referral only while its follow-up is unsent, so exactly one sender marks it. */
export const unsentFollowUpFilter = (reference: string): Record<string, unknown> => ({ _id: reference, followUp: { $exists: true }, 'followUp.sentAt': { $exists: false } });

export function directorySearchFilter(query: DirectoryQuery): Record<string, unknown> {
  return query.needs ? { needs: { $in: query.needs } } : {};
}
