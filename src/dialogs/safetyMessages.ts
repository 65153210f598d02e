/**
 * What Signpost says when safety speaks. The kind of risk chooses the help, most urgent first:
 * - a medical emergency or an overdose taken: 999 or A&E, first and alone (then, for an overdose, the lines for
 *   suicidal risk);
 * - suicide or self-harm: 999 if life is at risk, NHS 111's mental health option, Samaritans and SHOUT;
 * - domestic abuse or harm from others: 999 (press 55 if you cannot speak), then the helpline for their nation when
 *   the postcode is known, otherwise England's with a line naming the others;
 * - a child at risk: 999, the NSPCC and Childline; an older person: 999 and Hourglass.
 * A check gives a gentle word and the numbers. An ask is a question the dialog asks (src/dialogs/MainDialog.ts).
 * Said once a turn, by whichever of the bot and the dialog gets there first.
 */
import type { TurnContext } from 'botbuilder';
import { say, type MessageId } from '../services/content/messages';
import type { Nation } from '../services/geography/nation';
import type { RiskKind, SafetyVerdict } from '../services/safety/SafetyAssessor';
import { byUrgency } from '../services/safety/SafetyAssessor';
import { claimSafetyAnswer } from './turn';

const ABUSE_LINE: Record<Nation, MessageId> = {
  england: 'crisis.abuse.england',
  scotland: 'crisis.abuse.scotland',
  wales: 'crisis.abuse.wales',
  'northern-ireland': 'crisis.abuse.northernIreland',
};

/** The help for each kind of risk, in order. */
function helpFor(kind: RiskKind, nation: Nation | undefined): MessageId[] {
  switch (kind) {
    case 'medical-emergency':
      return ['crisis.medical'];
    case 'overdose':
      return ['crisis.medical', 'crisis.talk'];
    case 'suicide':
    case 'self-harm':
      return ['crisis.intro', 'crisis.999', 'crisis.111', 'crisis.talk'];
    case 'domestic-abuse':
    case 'harm-from-others':
      return ['crisis.abuse.999', nation ? ABUSE_LINE[nation] : 'crisis.abuse.england', ...(nation ? [] : (['crisis.abuse.otherNations'] as const))];
    case 'child-at-risk':
      return ['crisis.child.999', 'crisis.child.lines'];
    case 'elder-abuse':
      return ['crisis.elder.999', 'crisis.elder.help'];
  }
}

/** The numbers in one line, after someone answered "no" to the direct question. */
const EMERGENCY_LINES: ReadonlySet<MessageId> = new Set(['crisis.999', 'crisis.abuse.999', 'crisis.child.999', 'crisis.elder.999']);

/** The crisis help for these kinds, most urgent first; one "call 999" line, from the most urgent kind. */
export function crisisHelp(kinds: RiskKind[], nation?: Nation): MessageId[] {
  const out: MessageId[] = [];
  let emergencyGiven = false;
  for (const kind of byUrgency(kinds.length > 0 ? kinds : ['suicide'])) {
    for (const id of helpFor(kind, nation)) {
      if (out.includes(id)) continue;
      if (EMERGENCY_LINES.has(id) || id === 'crisis.medical') {
        if (emergencyGiven) continue;
        emergencyGiven = true;
      }
      out.push(id);
    }
  }
  return out;
}

export function safetyMessages(verdict: SafetyVerdict, nation?: Nation): MessageId[] {
  if (verdict.level === 'crisis') return crisisHelp(verdict.categories, nation);
  if (verdict.level === 'check') return ['safety.check', 'safety.checkNumbers'];
  return [];
}

/** Sends the crisis or check messages for this turn's verdict, unless they have gone already. */
export async function answerSafety(context: TurnContext, verdict: SafetyVerdict, nation?: Nation): Promise<void> {
  const ids = safetyMessages(verdict, nation);
  if (ids.length === 0 || !claimSafetyAnswer(context)) return;
  await context.sendActivities(ids.map((id) => ({ type: 'message', text: say(id) })));
}
