/**
 * Marks a turn Signpost started itself (src/services/outcomes/proactiveTurns.ts): SignpostBot.runProactive marks it in
 * turn state, which no incoming activity can set, so nobody can fake one over /api/messages; MainDialog reads it and
 * begins the matching dialog over whatever was running.
 */
import type { TurnContext } from 'botbuilder';
import type { ProactiveEvent } from '../services/outcomes/proactiveTurns';

const PROACTIVE = Symbol('signpost.proactive');

export function markProactive(context: TurnContext, event: ProactiveEvent): void {
  context.turnState.set(PROACTIVE, event);
}

/** The event this turn was started for by Signpost itself, if it was. */
export function proactiveEventOf(context: TurnContext): ProactiveEvent | undefined {
  return context.turnState.get(PROACTIVE) as ProactiveEvent | undefined;
}
