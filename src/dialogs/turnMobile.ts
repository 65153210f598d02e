/**
 * The mobile number this turn came from, when the channel knows it (a text message): someone who texts us and asks
 * to be contacted by text is texted back on that number, without being asked to type it (issue 21: fewer texts).
 * Kept on the turn only; it reaches the referral only when the person chooses to be contacted by text.
 */
import type { TurnContext } from 'botbuilder';

const TURN_MOBILE = Symbol('signpost.turnMobile');

export function setTurnMobile(context: TurnContext, e164: string): void {
  context.turnState.set(TURN_MOBILE, e164);
}

export function turnMobile(context: TurnContext): string | undefined {
  return context.turnState.get(TURN_MOBILE) as string | undefined;
}
