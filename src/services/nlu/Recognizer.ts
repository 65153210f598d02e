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
}

/** The port every NLU adapter implements (local NLP.js, LUIS, CLU). */
export interface Recognizer {
  readonly kind: 'local' | 'luis' | 'clu';
  recognize(text: string): Promise<Recognition>;
}
