/**
 * A referral while it is being written: the answers so far, kept in conversation state between turns (JSON only:
 * no Dates). toNewReferral turns a finished draft into what the ReferralRepository stores.
 */
import type { EthnicCategoryCode, GenderIdentityCode } from '../dataset/demographics';
import type { NeedId } from '../needs/taxonomy';
import type { ContactMethod, NewReferral, Ons4Scores } from './Referral';

export interface ReferralDraft {
  preferredName?: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  /** Normalised: "BS16 1QY". */
  postcode?: string;
  contactMethod?: ContactMethod;
  /** E.164 number or email address, per contactMethod. */
  contactValue?: string;
  gpPractice?: string;
  /** ODS code of the practice gpPractice matched in the imported list. */
  gpPracticeOds?: string;
  genderIdentity?: GenderIdentityCode;
  ethnicCategory?: EthnicCategoryCode;
  /** Ten digits, check digit verified. */
  nhsNumber?: string;
  whatMatters?: string;
  needs?: NeedId[];
  wellbeing?: Ons4Scores;
}

export const ONS4_KEYS = ['lifeSatisfaction', 'worthwhile', 'happiness', 'anxiety'] as const satisfies readonly (keyof Ons4Scores)[];

export interface ReferralContext {
  reference: string;
  personId: string;
  channel: string;
  conversationId: string;
  urgent: boolean;
  consentAt: Date;
}

/** The record to store. Throws when the draft is not finished (no contact method or no needs). */
export function toNewReferral(draft: ReferralDraft, context: ReferralContext): NewReferral {
  if (!draft.contactMethod) throw new Error('A referral needs a contact method');
  if (!draft.needs || draft.needs.length === 0) throw new Error('A referral needs at least one need');
  const wellbeing = Object.fromEntries(ONS4_KEYS.filter((k) => draft.wellbeing?.[k] !== undefined).map((k) => [k, draft.wellbeing?.[k]])) as Ons4Scores;
  const referral: NewReferral = {
    reference: context.reference,
    personId: context.personId,
    channel: context.channel,
    conversationId: context.conversationId,
    status: 'new',
    urgent: context.urgent,
    consent: { given: true, at: context.consentAt },
    person: withoutUndefined({
      preferredName: draft.preferredName,
      dateOfBirth: draft.dateOfBirth,
      postcode: draft.postcode,
      contactMethod: draft.contactMethod,
      contactValue: draft.contactMethod === 'none' ? undefined : draft.contactValue,
      gpPractice: draft.gpPractice,
      gpPracticeOds: draft.gpPractice ? draft.gpPracticeOds : undefined,
      genderIdentity: draft.genderIdentity,
      ethnicCategory: draft.ethnicCategory,
      nhsNumber: draft.nhsNumber,
    }),
    needs: [...draft.needs],
    servicesOffered: [],
  };
  if (draft.whatMatters) referral.whatMatters = draft.whatMatters;
  if (Object.keys(wellbeing).length > 0) referral.wellbeingAtIntake = wellbeing;
  return referral;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
