/**
 * How a link worker ends a handoff, and what the patient is told for each. One list for the API, the console and
 * the service.
 */
import { say } from '../content/messages';
import type { HandoffOutcome } from './Handoff';

export const OUTCOMES: readonly HandoffOutcome[] = ['signposted', 'referred', 'no-contact', 'not-eligible', 'safeguarding-escalated', 'handed-back', 'declined'];

export class OutcomeDetailRequiredError extends Error {
  constructor() {
    super('Name the service the person was referred to.');
    this.name = 'OutcomeDetailRequiredError';
  }
}

/** "referred" needs the service's name in `detail`; the others take an optional note. */
export function checkOutcome(outcome: { type: HandoffOutcome; detail?: string }): void {
  if (outcome.type === 'referred' && !outcome.detail?.trim()) throw new OutcomeDetailRequiredError();
}

/** What the patient is told when the handoff ends. */
export function closingMessage(outcome: { type: HandoffOutcome; detail?: string }): string {
  switch (outcome.type) {
    case 'signposted':
      return say('handoff.closed.signposted');
    case 'referred':
      return say('handoff.closed.referred', { service: outcome.detail?.trim() ?? '' });
    case 'no-contact':
      return say('handoff.closed.noContact');
    case 'not-eligible':
      return say('handoff.closed.notEligible');
    case 'safeguarding-escalated':
      return say('handoff.closed.safeguarding');
    case 'handed-back':
      return say('handoff.closed.handedBack');
    case 'declined':
      return say('handoff.closed.declined');
    case 'erased':
      return say('privacy.deleted');
  }
}
