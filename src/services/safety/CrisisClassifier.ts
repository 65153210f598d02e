/**
 * The NLU crisis signal: a small NLP.js classifier trained on the crisis examples in cognitiveModels/crisis.json (one
 * label per category, plus its rule phrases; negated mentions and ordinary messages; every written intent example and need phrase
 * counts as ordinary too). It
 * catches crisis said in words the phrase rules do not list.
 */
import type { CognitiveModels } from '../nlu/cognitiveModels';
import { CRISIS_CATEGORIES } from '../nlu/cognitiveModels';
import { NlpjsClassifier, type ClassifierOptions } from '../nlu/local/NlpjsClassifier';
import type { TextNormaliser } from '../nlu/text/normaliser';
import { needPhrases } from '../nlu/trainingExamples';
import type { CrisisCategory } from './SafetyAssessor';

export interface CrisisSignal {
  /** Probability mass on the crisis categories, 0..1. */
  crisisScore: number;
  /** The likeliest crisis category. */
  category: CrisisCategory;
  /** Probability that this is a negated mention ("I'm not suicidal"). */
  negatedScore: number;
}

const isCategory = (label: string): label is CrisisCategory => (CRISIS_CATEGORIES as readonly string[]).includes(label);

export class CrisisClassifier {
  private constructor(private readonly classifier: NlpjsClassifier) {}

  static async create(models: CognitiveModels, normaliser: TextNormaliser, options: ClassifierOptions = {}): Promise<CrisisClassifier> {
    const examples: Record<string, string[]> = {};
    for (const [label, texts] of Object.entries(models.crisis.classifier)) examples[label] = texts.map((t) => normaliser.normalise(t));
    // Each category's crisis phrases are examples of it too: the classifier learns the rules' words and meets them in
    // sentences the rules do not cover.
    for (const [category, rules] of Object.entries(models.crisis.rules)) {
      examples[category] = [...(examples[category] ?? []), ...rules.crisis.map((t) => normaliser.normalise(t))];
    }
    // The written intent examples and every need phrase are ordinary language. (Not the sentences generated from
    // templates: hundreds of near-identical ordinary examples would drown the few crisis ones.)
    const ordinary = [...models.intents.flatMap((i) => i.utterances), ...models.needs.flatMap(needPhrases)];
    examples.ordinary = [...new Set([...(examples.ordinary ?? []), ...ordinary.map((t) => normaliser.normalise(t))])];
    return new CrisisClassifier(await NlpjsClassifier.create('crisis', examples, options));
  }

  async signal(normalisedText: string): Promise<CrisisSignal> {
    const ranked = await this.classifier.classify(normalisedText);
    let crisisScore = 0;
    let category: CrisisCategory = 'suicide';
    let best = -1;
    let negatedScore = 0;
    for (const { label, score } of ranked) {
      if (label === 'negated') negatedScore = score;
      if (!isCategory(label)) continue;
      crisisScore += score;
      if (score > best) {
        best = score;
        category = label;
      }
    }
    return { crisisScore: Math.min(1, crisisScore), category, negatedScore };
  }
}
