/**
 * What Signpost says when safety speaks: for a crisis, at once and in this order, 999, NHS 111's mental health option,
 * Samaritans and SHOUT (plus the domestic abuse helpline when that is what was heard); for a check, a gentle word and
 * the numbers. Said once a turn, by whichever of the bot and the dialog gets there first.
 */
import type { TurnContext } from 'botbuilder';
import { say, type MessageId } from '../services/content/messages';
import type { SafetyVerdict } from '../services/safety/SafetyAssessor';
import { claimSafetyAnswer } from './turn';

export function safetyMessages(verdict: SafetyVerdict): MessageId[] {
  if (verdict.level === 'crisis') {
    const abuse = verdict.categories.includes('domestic-abuse') || verdict.categories.includes('harm-from-others');
    return ['crisis.intro', 'crisis.999', 'crisis.111', 'crisis.talk', ...(abuse ? (['crisis.domesticAbuse'] as const) : [])];
  }
  if (verdict.level === 'check') return ['safety.check', 'safety.checkNumbers'];
  return [];
}

/** Sends the crisis or check messages for this turn's verdict, unless they have gone already. */
export async function answerSafety(context: TurnContext, verdict: SafetyVerdict): Promise<void> {
  const ids = safetyMessages(verdict);
  if (ids.length === 0 || !claimSafetyAnswer(context)) return;
  await context.sendActivities(ids.map((id) => ({ type: 'message', text: say(id) })));
}
