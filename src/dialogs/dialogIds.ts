/**
 * Ids of the dialogs, and the options each one begins with: the contracts between dialogs written in different
 * files. One dialog per file in src/dialogs.
 */
import type { NeedId } from '../services/needs/taxonomy';

/**
 * Every dialog's id, declared here and only here (each dialog's file names its own as `DIALOG_IDS.x`). The ids are kept
 * in saved conversations: changing one strands the conversations waiting in it (they start again at the welcome).
 */
export const DIALOG_IDS = {
  main: 'main',
  welcome: 'welcome',
  referral: 'referral',
  intake: 'intake',
  needs: 'needs',
  summary: 'summary',
  anonymous: 'anonymous',
  offerPerson: 'offerPerson',
  afterHandoff: 'afterHandoff',
  followUp: 'followUp',
  /** Shows matching services (the directory issue): begin with SignpostOptions. */
  signpost: 'signpost',
  /** Hands the conversation to a link worker (the handoff issue): begin with HandoffOptions. */
  handoff: 'handoff',
} as const;

export interface SignpostOptions {
  needs: NeedId[];
  /** Normalised postcode or outward code, when known. */
  postcode?: string;
  age?: number;
  /** The referral these services are offered for (they are recorded on it), absent for anonymous signposting. */
  referralReference?: string;
}

export interface HandoffOptions {
  reason: 'asked' | 'crisis' | 'misunderstood' | 'after-signposting';
  urgent: boolean;
  referralReference?: string;
  /** The handoff interrupts a question that will be asked again: say so after "someone will reply". */
  thenCarryOn?: boolean;
}
