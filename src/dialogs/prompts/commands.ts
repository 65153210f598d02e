/**
 * Things people can say at any time: help, start over, cancel or stop, talk to a person, delete my data ("back" is
 * handled by the question being asked). The exact example utterances of those intents in cognitiveModels/ always
 * count; what the recognizer only guesses counts when it is confident, the reply is short, and it is not an answer
 * to the question being asked, and the dialog then checks before acting (short replies are easily misread: "more",
 * "done" and "carry on" all look like "cancel" to a classifier).
 */
import { cognitiveModels } from '../../services/nlu/cognitiveModels';
import type { IntentId, Recognition } from '../../services/nlu/Recognizer';
import { isBack, isNo, isSkip, isYes, parseWholeNumber } from './answers';
import { normalise, words } from './text';

export const COMMANDS = ['help', 'cancel', 'startOver', 'talkToPerson', 'deleteMyData'] as const satisfies readonly IntentId[];
export type CommandId = (typeof COMMANDS)[number];

export interface DetectedCommand {
  id: CommandId;
  /** Said in so many words (act at once), or only guessed by the recognizer (check first). */
  exact: boolean;
}

/** A recognizer guess must be at least this sure, and the reply this short, to count. */
export const GUESS_MIN_SCORE = 0.9;
export const GUESS_MAX_WORDS = 8;

let exactPhrases: Map<string, CommandId> | undefined;

function phrases(): Map<string, CommandId> {
  if (!exactPhrases) {
    exactPhrases = new Map();
    for (const intent of cognitiveModels().intents) {
      if (!(COMMANDS as readonly string[]).includes(intent.id)) continue;
      for (const utterance of intent.utterances) exactPhrases.set(normalise(utterance), intent.id as CommandId);
    }
  }
  return exactPhrases;
}

/** The command these exact words give (an example utterance of a command intent, give or take "please"). */
export function exactCommand(text: string): CommandId | undefined {
  const t = normalise(text);
  return phrases().get(t) ?? phrases().get(t.replace(/^please\s+|\s+please$/g, '').trim());
}

/**
 * The command in a reply, or undefined. `guessAllowed` is false while a question is waiting whose answers the
 * recognizer could misread as commands.
 */
export function detectCommand(text: string, recognition: Recognition | undefined, guessAllowed: boolean): DetectedCommand | undefined {
  if (isBack(text)) return undefined;
  const exact = exactCommand(text);
  if (exact) return { id: exact, exact: true };
  if (!guessAllowed || !recognition || recognition.lowConfidence || recognition.score < GUESS_MIN_SCORE) return undefined;
  if (!(COMMANDS as readonly string[]).includes(recognition.intent)) return undefined;
  if (words(text).length > GUESS_MAX_WORDS || isYes(text) || isNo(text) || isSkip(text) || parseWholeNumber(text) !== undefined) return undefined;
  return { id: recognition.intent as CommandId, exact: false };
}
