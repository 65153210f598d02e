/** What a person is told, by text, when a link worker closes their referral from the worklist. */
import { say } from '../content/messages';
import type { ReferralOutcome } from './ReferralWorklist';

export function referralClosingMessage(outcome: { type: string; detail?: string }, reference: string): string | undefined {
  switch (outcome.type as ReferralOutcome) {
    case 'signposted':
      return say('referral.closed.signposted', { reference });
    case 'referred':
      return say('referral.closed.referred', { reference, service: outcome.detail?.trim() ?? '' });
    case 'no-contact':
      return say('referral.closed.noContact', { reference });
    case 'not-eligible':
      return say('referral.closed.notEligible', { reference });
    case 'safeguarding-escalated':
      return say('referral.closed.safeguarding', { reference });
    case 'declined':
      return say('referral.closed.declined', { reference });
    default:
      return undefined;
  }
}
