/**
 * Shape checks every adapter runs before it stores anything, so bad input gets the same clear error whichever store
 * is configured, and nothing half-written is left behind. Messages name the field and the problem, never the value
 * (values may be personal data).
 */
import { ETHNIC_CATEGORY, GENDER_IDENTITY, type EthnicCategoryCode, type GenderIdentityCode } from '../../services/dataset/demographics';
import { isValidNhsNumber } from '../../services/dataset/nhsNumber';
import { z } from 'zod';
import type { NewHandoff, Note, TranscriptEntry } from '../../services/handoff/Handoff';
import type { NewReferral, ReferralPatch } from '../../services/referrals/Referral';
import type { DirectoryService } from '../../services/directory/DirectoryService';
import type { AuditEntry } from '../../services/audit/AuditLog';
import { withoutUndefined } from './records';
import { InvalidRecordError } from '../../services/InvalidRecordError';

export { InvalidRecordError };


const id = z.string().min(1);
const date = z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date');
const strings = z.array(z.string());

const person = z.object({
  preferredName: z.string().optional(),
  dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional(),
  postcode: z.string().optional(),
  contactMethod: z.enum(['text', 'phone', 'email', 'none']),
  contactValue: z.string().optional(),
  gpPractice: z.string().optional(),
  gpPracticeOds: z.string().regex(/^[A-Z0-9]{3,10}$/, 'must be an ODS code').optional(),
  genderIdentity: z.enum(GENDER_IDENTITY.map((g) => g.code) as [GenderIdentityCode, ...GenderIdentityCode[]]).optional(),
  ethnicCategory: z.enum(ETHNIC_CATEGORY.map((e) => e.code) as [EthnicCategoryCode, ...EthnicCategoryCode[]]).optional(),
  nhsNumber: z.string().refine(isValidNhsNumber, 'must be 10 digits with a valid check digit').optional(),
});
const serviceRef = z.object({ id, name: z.string() });
const score = z.number().int().min(0).max(10).optional();
const ons4 = z.object({ lifeSatisfaction: score, worthwhile: score, happiness: score, anxiety: score });
const contactAttempt = z.object({ at: date, channel: z.enum(['phone', 'text', 'email', 'letter', 'in-person']), reached: z.boolean(), workerId: id, note: z.string().max(5000).optional() });
const referralFields = {
  channel: id,
  conversationId: id,
  updatedAt: date,
  status: z.enum(['new', 'handed-off', 'in-progress', 'closed']),
  urgent: z.boolean(),
  consent: z.object({ given: z.boolean(), at: date }),
  person,
  whatMatters: z.string().optional(),
  needs: strings,
  wellbeingAtIntake: ons4.optional(),
  servicesOffered: strings,
  servicesOfferedNamed: z.array(serviceRef).optional(),
  referredTo: z.object({ id: z.string().optional(), name: z.string() }).optional(),
  outcome: z.object({ type: id, detail: z.string().optional(), at: date }).optional(),
  followUp: z
    .object({ consentAt: date, dueAt: date, handoffId: z.string().optional(), sentAt: date.optional(), answeredAt: date.optional(), wellbeing: ons4.optional(), skipped: z.enum(['opted-out', 'unreachable']).optional() })
    .optional(),
  claimedBy: z.string().optional(),
  claimedAt: date.optional(),
  firstContactAt: date.optional(),
  contacts: z.array(contactAttempt).optional(),
};
const newReferral = z.object({ reference: id, personId: id, ...referralFields }).omit({ updatedAt: true });
const referralPatch = z.object(referralFields).partial();

const transcriptEntry = z.object({
  from: z.enum(['patient', 'bot', 'worker', 'system']),
  text: z.string(),
  at: date,
  workerId: z.string().optional(),
  workerName: z.string().optional(),
  channel: z.string().max(100).optional(),
});
const textBack = z.object({ phone: z.string().regex(/^\+447\d{9}$/, 'must be a UK mobile in E.164'), conversationId: id, consentAt: date });
const note = z.object({ workerId: id, text: z.string(), at: date });
const newHandoff = z.object({
  personId: id,
  referralReference: z.string().optional(),
  channel: id,
  conversationId: id,
  conversationReference: z.record(z.string(), z.unknown()),
  priority: z.enum(['urgent', 'normal']),
  summary: z.string(),
  transcript: z.array(transcriptEntry).optional(),
  needs: z.array(z.string().max(100)).max(50).optional(),
  risk: z.object({ kinds: z.array(z.string().max(100)).max(20), words: z.string().max(2000).optional() }).optional(),
});
const handoffOutcome = z.object({
  type: z.enum(['signposted', 'referred', 'no-contact', 'not-eligible', 'safeguarding-escalated', 'handed-back', 'erased']),
  detail: z.string().optional(),
});

const satisfaction = z.object({ score: z.number().int().min(1).max(5), comment: z.string().max(2000).optional(), at: date });

const directoryService = z.object({
  id,
  name: id,
  organisation: z.string().optional(),
  description: z.string(),
  needs: strings,
  taxonomyTerms: strings,
  locations: z.array(z.object({ latitude: z.number().optional(), longitude: z.number().optional() }).loose()),
  coverage: z.enum(['local', 'national']),
  delivery: z.array(z.enum(['in-person', 'online', 'phone'])),
  openingTimes: z.array(z.object({ days: z.array(z.number().int().min(0).max(6)), opens: z.string(), closes: z.string() }).loose()),
  eligibility: z.object({ minAge: z.number().optional(), maxAge: z.number().optional() }).loose(),
  free: z.boolean().optional(),
  source: z.object({ dataset: z.string(), licence: z.string() }).loose(),
  updatedAt: date,
});

const auditEntry = z.object({ actor: id, action: id, recordType: id, recordId: id, at: date.optional() });

function check(what: string, schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InvalidRecordError(what, result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'} ${issue.message}`));
  }
}

export const validateNewReferral = (value: NewReferral): void => check('referral', newReferral, value);
export const validateNewHandoff = (value: NewHandoff): void => check('handoff', newHandoff, value);
export const validateTextBack = (value: unknown): void => check('text back', textBack, value);
export const validateTranscriptEntry = (value: TranscriptEntry): void => check('transcript entry', transcriptEntry, value);
export const validateContactAttempt = (value: unknown): void => check('contact attempt', contactAttempt, value);
export const validateNote = (value: Note): void => check('note', note, value);
export const validateHandoffOutcome = (value: unknown): void => check('handoff outcome', handoffOutcome, value);
export const validateSatisfaction = (value: unknown): void => check('satisfaction', satisfaction, value);
export const validateDirectoryService = (value: DirectoryService): void => check('directory service', directoryService, value);
export const validateAuditEntry = (value: Partial<AuditEntry>): void => check('audit entry', auditEntry, value);

/** The fields of a referral patch that may be stored: identity and creation time never change; undefined means "leave". */
export function referralPatchFields(patch: ReferralPatch): Record<string, unknown> {
  const { reference: _r, personId: _p, createdAt: _c, ...rest } = patch as ReferralPatch & { reference?: unknown; personId?: unknown; createdAt?: unknown };
  const fields = withoutUndefined(rest) as Record<string, unknown>;
  check('referral update', referralPatch, fields);
  return fields;
}

/** The fields of a directory patch that may be stored (the id never changes). */
export function directoryPatchFields(patch: Partial<Omit<DirectoryService, 'id'>>): Record<string, unknown> {
  const { id: _id, ...rest } = patch as Partial<DirectoryService>;
  const fields = withoutUndefined(rest) as Record<string, unknown>;
  check('directory update', directoryService.omit({ id: true }).partial(), fields);
  return fields;
}
