/**
 * The one table of how a handoff's state may change. HandoffService checks every transition here before it touches
 * the queue, so an illegal one (claiming a closed chat, releasing one nobody holds) is a clear error, not a quiet write.
 * `none` is the state before a conversation has an open handoff; a closed handoff never opens again (a new one is
 * enqueued instead). Escalate and transfer keep the status (they change the priority and the holder).
 */
import type { HandoffStatus } from './Handoff';
import { HandoffConflictError } from './HandoffQueue';

export type HandoffState = 'none' | HandoffStatus;
export type HandoffTransition = 'enqueue' | 'escalate' | 'claim' | 'release' | 'transfer' | 'close' | 'erase';

export const HANDOFF_TRANSITIONS: Readonly<Record<HandoffTransition, { readonly from: readonly HandoffState[]; readonly to: HandoffState | 'same' }>> = {
  enqueue: { from: ['none'], to: 'waiting' },
  escalate: { from: ['waiting', 'active'], to: 'same' },
  claim: { from: ['waiting'], to: 'active' },
  release: { from: ['active'], to: 'waiting' },
  transfer: { from: ['active'], to: 'active' },
  close: { from: ['waiting', 'active'], to: 'closed' },
  erase: { from: ['waiting', 'active'], to: 'closed' },
};

/** A transition the table does not allow from the handoff's state. A conflict (409 in the console). */
export class IllegalTransitionError extends HandoffConflictError {
  constructor(
    readonly transition: HandoffTransition,
    readonly from: HandoffState,
    id = '(none)',
  ) {
    super(id);
    this.name = 'IllegalTransitionError';
    this.message = `Cannot ${transition} handoff ${id}: it is ${from === 'none' ? 'not open' : from}`;
  }
}

/** The state after `transition` from `from`; throws IllegalTransitionError when the table does not allow it. */
export function nextState(transition: HandoffTransition, from: HandoffState, id?: string): HandoffState {
  const rule = HANDOFF_TRANSITIONS[transition];
  if (!rule.from.includes(from)) throw new IllegalTransitionError(transition, from, id);
  return rule.to === 'same' ? from : rule.to;
}
