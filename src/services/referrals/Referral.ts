import type { EthnicCategoryCode, GenderIdentityCode } from '../dataset/demographics';
import type { NeedId } from '../needs/taxonomy';

export type ContactMethod = 'text' | 'phone' | 'email' | 'none';
export type ReferralStatus = 'new' | 'handed-off' | 'in-progress' | 'closed';

/** ONS4 personal wellbeing: four 0-10 answers, each optional (skippable). */
export interface Ons4Scores {
  lifeSatisfaction?: number;
  worthwhile?: number;
  happiness?: number;
  anxiety?: number;
}

/**
 * The wellbeing follow-up: with the person's consent (asked when their handoff closes), the ONS4 questions again
 * FOLLOW_UP_DAYS later in their own channel, to compare with intake.
 */
export interface FollowUp {
  consentAt: Date;
  dueAt: Date;
  /** The handoff whose conversation the follow-up is sent to (its conversation reference). */
  handoffId?: string;
  /** When the first question was sent (set once, atomically: one sender per follow-up). */
  sentAt?: Date;
  answeredAt?: Date;
  wellbeing?: Ons4Scores;
  /** Why it was not sent after all: they opted out of texts since, or their conversation is gone (erased). */
  skipped?: 'opted-out' | 'unreachable';
}

/** How a link worker tried to reach someone on the referral worklist. */
export type ContactChannel = 'phone' | 'text' | 'email' | 'letter' | 'in-person';
export const CONTACT_CHANNELS: readonly ContactChannel[] = ['phone', 'text', 'email', 'letter', 'in-person'];

/** One attempt to contact the person: when, how, whether it reached them, and a note for other link workers. */
export interface ContactAttempt {
  at: Date;
  channel: ContactChannel;
  reached: boolean;
  workerId: string;
  note?: string;
}

export interface Person {
  preferredName?: string;
  /** ISO date YYYY-MM-DD. */
  dateOfBirth?: string;
  /** Normalised UK postcode, upper case with one space: "BS16 1QY". */
  postcode?: string;
  contactMethod: ContactMethod;
  /** E.164 phone number or email address, per contactMethod. */
  contactValue?: string;
  /** The practice as the person named it, or the name of the practice it was matched to. */
  gpPractice?: string;
  /** The practice's ODS code, when its name matched an imported practice list (`signpost practices import`). */
  gpPracticeOds?: string;
  /** NHS Data Dictionary GENDER IDENTITY CODE ("Z": they chose not to say). Optional. */
  genderIdentity?: GenderIdentityCode;
  /** NHS Data Dictionary ETHNIC CATEGORY national code ("Z": they chose not to say). Optional. */
  ethnicCategory?: EthnicCategoryCode;
  /** Ten digits, check digit verified (src/services/dataset/nhsNumber.ts). Optional. */
  nhsNumber?: string;
}

/** A directory service as recorded on a referral: its id and the name it had when it was offered. */
export interface ServiceRef {
  id: string;
  name: string;
}

/**
 * A self-referral: the Social Prescribing Information Standard's minimum dataset (demographics, needs and concerns,
 * support offered, outcomes).
 */
export interface Referral {
  /** Short, easy to read aloud: "SP-7K3Q9". */
  reference: string;
  /** Opaque stable id of the person (derived from channel and user, never the raw phone number). */
  personId: string;
  channel: string;
  conversationId: string;
  createdAt: Date;
  updatedAt: Date;
  status: ReferralStatus;
  urgent: boolean;
  consent: { given: boolean; at: Date };
  person: Person;
  whatMatters?: string;
  needs: NeedId[];
  wellbeingAtIntake?: Ons4Scores;
  /** Directory service ids offered to the person. */
  servicesOffered: string[];
  /** The same services by id and name (the name as it was when offered: a directory may rename or drop a service). */
  servicesOfferedNamed?: ServiceRef[];
  outcome?: { type: string; detail?: string; at: Date };
  /** The service the person was referred to, by name and, when it is in the directory, id. */
  referredTo?: { id?: string; name: string };
  followUp?: FollowUp;
  /** The link worker working the referral (from the worklist, or by picking up its chat), and since when. */
  claimedBy?: string;
  claimedAt?: Date;
  /** When a link worker first reached the person (a contact attempt that reached them, or picking up their chat). */
  firstContactAt?: Date;
  /** Contact attempts from the worklist, oldest first. */
  contacts?: ContactAttempt[];
}

export type NewReferral = Omit<Referral, 'createdAt' | 'updatedAt'>;
export type ReferralPatch = Partial<Omit<Referral, 'reference' | 'personId' | 'createdAt'>>;
