import type { NeedId } from '../needs/taxonomy';

/** Intent ids are fixed (cognitiveModels/needs.json lists them; a test keeps this list equal to it). */
export const INTENTS = ['selfReferral', 'findSupport', 'talkToPerson', 'help', 'cancel', 'startOver', 'deleteMyData', 'greeting', 'thanks', 'None'] as const;
export type IntentId = (typeof INTENTS)[number];

export interface Entity {
  type: string;
  /** Canonical value, e.g. a need id. */
  value: string;
  /** The words in the utterance that matched. */
  text: string;
  start?: number;
  end?: number;
}

export interface Recognition {
  intent: IntentId;
  /** Confidence of the top intent, 0..1. */
  score: number;
  /** Need ids found in the utterance (by entities and phrases, not by intent); several per utterance allowed. */
  needs: NeedId[];
  entities: Entity[];
  /**
   * True when score is below the configured minimum (NLU_MIN_SCORE): the intent is only a guess, so a dialog should
   * offer numbered choices (alternatives gives the next best guesses) instead of acting on it.
   */
  lowConfidence?: boolean;
  /** The best intents with their scores, best first (the top one included). */
  alternatives?: { intent: IntentId; score: number }[];
}

/** The port every NLU adapter implements (local NLP.js, LUIS, CLU). */
export interface Recognizer {
  readonly kind: 'local' | 'luis' | 'clu';
  recognize(text: string): Promise<Recognition>;
}

export function isIntentId(value: string): value is IntentId {
  return (INTENTS as readonly string[]).includes(value);
}

/** The Recognition for text with no words in it (empty, only emoji or punctuation). */
export function emptyRecognition(): Recognition {
  return { intent: 'None', score: 0, needs: [], entities: [], lowConfidence: true, alternatives: [] };
}

/** Ranks intents, drops ids outside the fixed list, and marks low confidence: shared by every adapter. */
export function rankIntents(scores: { intent: string; score: number }[], minScore: number): Pick<Recognition, 'intent' | 'score' | 'lowConfidence' | 'alternatives'> {
  const ranked = scores
    .filter((s): s is { intent: IntentId; score: number } => isIntentId(s.intent) && Number.isFinite(s.score))
    .sort((a, b) => b.score - a.score);
  const top = ranked[0] ?? { intent: 'None' as const, score: 0 };
  return { intent: top.intent, score: top.score, lowConfidence: top.score < minScore, alternatives: ranked.slice(0, 3) };
}
