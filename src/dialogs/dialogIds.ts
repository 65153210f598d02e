/**
 * Ids of the dialogs, and the options each one begins with: the contracts between dialogs written in different
 * files. One dialog per file in src/dialogs.
 */
import type { NeedId } from '../services/needs/taxonomy';

export const DIALOG_IDS = {
  main: 'main',
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
