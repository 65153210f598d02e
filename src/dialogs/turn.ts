/**
 * What is worked out once per turn and shared by the bot and every dialog: the safety verdict and what the recognizer
 * made of the text. Both are cached on the turn, so safety runs once, first, and the recognizer once.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { emptyRecognition, type Recognition, type Recognizer } from '../services/nlu/Recognizer';
import type { SafetyAssessor, SafetyContext, SafetyVerdict } from '../services/safety/SafetyAssessor';

const SAFETY = Symbol('signpost.safety');
const RECOGNITION = Symbol('signpost.recognition');
const CRISIS_ANSWERED = Symbol('signpost.crisisAnswered');
const ERASED = Symbol('signpost.erased');

/** The text of a message turn ('' for anything else). */
export function turnText(context: TurnContext): string {
  const { type, text } = context.activity;
  return type === 'message' && typeof text === 'string' ? text : '';
}

/**
 * The safety verdict on this turn's text, assessed once (the first caller's conversation context counts: the bot
 * assesses before anything else). If the assessor fails the verdict is "check", so the person still gets the
 * numbers: safety errs on the side of caution.
 */
export async function assessTurn(context: TurnContext, safety: SafetyAssessor, conversation: SafetyContext = {}): Promise<SafetyVerdict> {
  const cached = context.turnState.get(SAFETY) as SafetyVerdict | undefined;
  if (cached) return cached;
  const text = turnText(context);
  let verdict: SafetyVerdict;
  try {
    verdict = text.trim() === '' ? { level: 'none', categories: [] } : await safety.assess(text, conversation);
  } catch {
    verdict = { level: 'check', categories: [] };
  }
  context.turnState.set(SAFETY, verdict);
  return verdict;
}

/**
 * Whether this turn's replies answer words of risk (a crisis or a check: they carry the crisis numbers). Channels
 * send such replies first and never hold them back by a limit.
 */
export function isSafetyTurn(context: TurnContext): boolean {
  const verdict = context.turnState.get(SAFETY) as SafetyVerdict | undefined;
  return verdict !== undefined && verdict.level !== 'none';
}

/** The recognizer's reading of this turn's text, worked out once; an unavailable recognizer reads as "nothing". */
export async function recogniseTurn(context: TurnContext, recognizer: Recognizer): Promise<Recognition> {
  const cached = context.turnState.get(RECOGNITION) as Recognition | undefined;
  if (cached) return cached;
  const text = turnText(context).trim();
  let recognition: Recognition;
  try {
    recognition = text === '' ? emptyRecognition() : await recognizer.recognize(text.slice(0, 2000));
  } catch {
    recognition = emptyRecognition();
  }
  context.turnState.set(RECOGNITION, recognition);
  return recognition;
}

/** The recognition already worked out this turn, if any (prompts read it without a recognizer of their own). */
export function turnRecognition(context: TurnContext): Recognition | undefined {
  return context.turnState.get(RECOGNITION) as Recognition | undefined;
}

/** The crisis (or check) message goes out once a turn, whoever notices first. */
export function claimSafetyAnswer(context: TurnContext): boolean {
  if (context.turnState.get(CRISIS_ANSWERED)) return false;
  context.turnState.set(CRISIS_ANSWERED, true);
  return true;
}

/**
 * Marks the turn as one that erased the person's data: nothing of it may be written back to state. With keepChannel
 * (after crisis words: vital interests) the channel keeps the chat itself, so a link worker can still reach them.
 */
export function markErased(context: TurnContext, options: { keepChannel?: boolean } = {}): void {
  context.turnState.set(ERASED, { keepChannel: options.keepChannel === true });
}

export function wasErased(context: TurnContext): boolean {
  return context.turnState.get(ERASED) !== undefined;
}

/** The person's data was erased and the channel should forget the chat too (not kept for a safety check-in). */
export function channelShouldForget(context: TurnContext): boolean {
  const erased = context.turnState.get(ERASED) as { keepChannel: boolean } | undefined;
  return erased !== undefined && !erased.keepChannel;
}

const FIRST_MESSAGE_FOLLOWS = 'firstMessageFollows';

/**
 * Marks a join as one whose first message follows at once (a number's first text arrives with its join): the
 * message begins the conversation (it may already say what they want), so the join itself says nothing.
 */
export function joinWithMessage<A extends Partial<Activity>>(activity: A): A {
  return { ...activity, channelData: { ...(activity.channelData as object | undefined), [FIRST_MESSAGE_FOLLOWS]: true } };
}

/** Whether this join's first message follows at once (see joinWithMessage). */
export function firstMessageFollows(activity: Partial<Activity>): boolean {
  return (activity.channelData as Record<string, unknown> | undefined)?.[FIRST_MESSAGE_FOLLOWS] === true;
}

/**
 * Hands the running dialog earlier words of the person's as this turn's text (the words that raised the direct safety
 * question, once it is answered no): what the recognizer made of this turn's own text is forgotten.
 */
export function replayAsTurnText(context: TurnContext, text: string): void {
  context.activity.text = text;
  context.turnState.delete(RECOGNITION);
}
