/**
 * NLU=local (the default): intents from a small NLP.js classifier trained on cognitiveModels/intents.json, needs from
 * the needs entity (synonyms and phrases), both after the lexicon's normalisation and typo fixing. No cloud, no
 * console output, nothing written to the working directory.
 */
import type { CognitiveModels } from '../cognitiveModels';
import { NeedFinder } from '../NeedFinder';
import { emptyRecognition, rankIntents, type Recognition, type Recognizer } from '../Recognizer';
import { normaliserFor } from '../text/modelNormaliser';
import type { TextNormaliser } from '../text/normaliser';
import { NlpjsClassifier, type ClassifierOptions } from './NlpjsClassifier';

export class LocalRecognizer implements Recognizer {
  readonly kind = 'local' as const;

  private constructor(
    private readonly normaliser: TextNormaliser,
    private readonly classifier: NlpjsClassifier,
    private readonly needFinder: NeedFinder,
    private readonly minScore: number,
  ) {}

  static async create(models: CognitiveModels, minScore: number, options: ClassifierOptions = {}): Promise<LocalRecognizer> {
    const normaliser = normaliserFor(models);
    const examples = Object.fromEntries(models.intents.map((i) => [i.id, i.utterances.map((u) => normaliser.normalise(u))]));
    const classifier = await NlpjsClassifier.create('intents', examples, options);
    return new LocalRecognizer(normaliser, classifier, new NeedFinder(models, normaliser), minScore);
  }

  async recognize(text: string): Promise<Recognition> {
    const tokens = this.normaliser.tokens(text);
    if (tokens.length === 0) return emptyRecognition();
    const classified = await this.classifier.classify(tokens.map((t) => t.text).join(' '));
    const found = this.needFinder.findInTokens(text, tokens);
    return { ...rankIntents(classified.map((c) => ({ intent: c.label, score: c.score })), this.minScore), needs: found.needs, entities: found.entities };
  }
}
