/**
 * The crisis signal: a logistic regression (RiskRegression) trained on the crisis examples in cognitiveModels/
 * (crisis.json's and crisisExamples.json's, one label per category, plus each category's rule phrases; negated
 * mentions and ordinary messages; every written intent example and need phrase counts as ordinary too). It catches
 * crisis said in words the phrase rules do not list (RuleAndClassifierAssessor decides what it may answer alone).
 */
import type { CognitiveModels } from '../nlu/cognitiveModels';
import { CRISIS_CATEGORIES } from '../nlu/cognitiveModels';
import type { TextNormaliser, Token } from '../nlu/text/normaliser';
import { needPhrases } from '../nlu/trainingExamples';
import { filesDigest, type CacheDir } from '../nlu/modelCache';
import { RiskRegression, stemFeatures } from './RiskRegression';
import type { CrisisCategory } from './SafetyAssessor';

export interface CrisisSignal {
  /** Probability mass on the crisis categories, 0..1. */
  crisisScore: number;
  /** The likeliest crisis category. */
  category: CrisisCategory;
  /** That category's own probability, 0..1. */
  categoryScore: number;
  /** Probability that this is a negated mention ("I'm not suicidal"). */
  negatedScore: number;
}

const isCategory = (label: string): label is CrisisCategory => (CRISIS_CATEGORIES as readonly string[]).includes(label);

export class CrisisClassifier {
  private constructor(private readonly model: RiskRegression) {}

  /** @param cacheDir where the trained model is kept between starts (default: the NLU's cache folder; false: never) */
  static create(models: CognitiveModels, normaliser: TextNormaliser, cacheDir?: CacheDir): CrisisClassifier {
    const examples: Record<string, string[]> = {};
    for (const [label, texts] of Object.entries(models.crisis.classifier)) examples[label] = [...texts];
    // Each category's crisis phrases are examples of it too: the classifier learns the rules' words and meets them in
    // sentences the rules do not cover.
    for (const [category, rules] of Object.entries(models.crisis.rules)) {
      examples[category] = [...(examples[category] ?? []), ...rules.crisis];
    }
    // The written intent examples and every need phrase are ordinary language. (Not the sentences generated from
    // templates: hundreds of near-identical ordinary examples would drown the few crisis ones.)
    const ordinary = [...models.intents.flatMap((i) => i.utterances), ...models.needs.flatMap(needPhrases)];
    examples.ordinary = [...new Set([...(examples.ordinary ?? []), ...ordinary])];
    const features = (text: string) => stemFeatures(normaliser.tokens(text).map((t) => t.stem));
    const labelled = () => Object.fromEntries(Object.entries(examples).map(([label, texts]) => [label, texts.map(features)]));
    // Normalising the examples is most of the cost of a start: with a normaliser whose key is known, the model kept
    // for these texts, this normaliser and this code (the features are made here and in RiskRegression) is loaded
    // without it.
    const inputsKey = normaliser.key === undefined ? undefined : [normaliser.key, filesDigest([__filename, require.resolve('./RiskRegression')]), JSON.stringify(examples)].join('\0');
    return new CrisisClassifier(RiskRegression.trainOrLoad(labelled, { cacheDir, inputsKey }).model);
  }

  /** @param tokens the message's normalised tokens */
  signal(tokens: readonly Token[]): CrisisSignal {
    const ranked = this.model.classify(stemFeatures(tokens.map((t) => t.stem)));
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
    return { crisisScore: Math.min(1, crisisScore), category, categoryScore: Math.max(0, best), negatedScore };
  }
}
