/**
 * Things people can say at any time: help, start over, cancel or stop, talk to a person, delete my data ("back" is
 * handled by the question being asked). The exact example utterances of those intents in cognitiveModels/ always
 * count; what the recognizer only guesses counts when it is confident, the reply is short, and it is not an answer
 * to the question being asked, and the dialog then checks before acting (short replies are easily misread: "more",
 * "done" and "carry on" all look like "cancel" to a classifier).
 */
import { cognitiveModels } from '../../services/nlu/cognitiveModels';
import type { IntentId, Recognition } from '../../services/nlu/Recognizer';
import { isBack, isSkip, parseWholeNumber, parseYesNo } from './answers';
import { normalise, words } from './text';

export const COMMANDS = ['help', 'cancel', 'startOver', 'talkToPerson', 'deleteMyData'] as const satisfies readonly IntentId[];
export type CommandId = (typeof COMMANDS)[number];

export interface DetectedCommand {
  id: CommandId;
  /** Said in so many words (act at once), or only guessed by the recognizer (check first). */
  exact: boolean;
}

/**
 * Which guesses may count: any command; only the gentle ones, as while a free text question waits (its answers are
 * about people's lives and easily misread: "getting back to my allotment" once read as delete my data), where help,
 * a person or stopping may be guessed (and checked first) but deleting their data or starting over needs the words;
 * or none.
 */
export type GuessPolicy = 'any' | 'gentle' | 'none';
const GENTLE: ReadonlySet<CommandId> = new Set(['help', 'talkToPerson', 'cancel']);

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

/** The command in a reply, or undefined. `guesses` says which of the recognizer's guesses may count here. */
export function detectCommand(text: string, recognition: Recognition | undefined, guesses: GuessPolicy): DetectedCommand | undefined {
  if (isBack(text)) return undefined;
  const exact = exactCommand(text);
  if (exact) return { id: exact, exact: true };
  if (guesses === 'none' || !recognition || recognition.lowConfidence || recognition.score < GUESS_MIN_SCORE) return undefined;
  if (!(COMMANDS as readonly string[]).includes(recognition.intent)) return undefined;
  if (guesses === 'gentle' && !GENTLE.has(recognition.intent as CommandId)) return undefined;
  if (words(text).length > GUESS_MAX_WORDS || parseYesNo(text, { exact: true }) !== undefined || isSkip(text) || parseWholeNumber(text) !== undefined) return undefined;
  return { id: recognition.intent as CommandId, exact: false };
}
