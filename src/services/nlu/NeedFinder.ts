/**
 * The needs entity: finds every need an utterance mentions by the synonyms and phrases in cognitiveModels/needs.json
 * (several per utterance: "lonely and behind on rent" -> loneliness, money, housing), after normalisation and typo
 * fixing, and not when negated ("I'm not lonely, just skint" -> money).
 */
import type { NeedId } from '../needs/taxonomy';
import type { CognitiveModels } from './cognitiveModels';
import type { Entity } from './Recognizer';
import type { TextNormaliser, Token } from './text/normaliser';
import { isNegated, PhraseMatcher, type NegationRule } from './text/PhraseMatcher';

const NEED_NEGATION: NegationRule = {
  cues: [{
    cues: new Set(['not', 'never']),
    between: new Set(['i', 'am', 'is', 'are', 'was', 'be', 'being', 'feel', 'feeling', 'felt', 'really', 'that', 'too', 'so', 'very', 'particularly', 'especially']),
  }],
  window: 3,
};

export interface FoundNeeds {
  needs: NeedId[];
  entities: Entity[];
}

export class NeedFinder {
  private readonly matcher: PhraseMatcher<NeedId>;

  constructor(models: CognitiveModels, private readonly normaliser: TextNormaliser) {
    this.matcher = new PhraseMatcher<NeedId>((text) => normaliser.tokens(text, false));
    for (const need of models.needs) {
      for (const phrase of [...need.synonyms, ...need.phrases]) this.matcher.add(phrase, need.id);
    }
  }

  find(text: string): FoundNeeds {
    return this.findInTokens(text, this.normaliser.tokens(text));
  }

  findInTokens(text: string, tokens: Token[]): FoundNeeds {
    const needs: NeedId[] = [];
    const entities: Entity[] = [];
    for (const match of this.matcher.find(tokens)) {
      if (isNegated(tokens, match.first, NEED_NEGATION)) continue;
      const start = tokens[match.first].start;
      const end = tokens[match.last].end;
      if (!needs.includes(match.value)) needs.push(match.value);
      if (entities.some((e) => e.value === match.value && e.start === start && e.end === end)) continue;
      entities.push({ type: 'need', value: match.value, text: text.slice(start, end), start, end });
    }
    return { needs, entities };
  }
}
