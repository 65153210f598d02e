/**
 * NLU=local (the default): intents from a small NLP.js classifier trained on cognitiveModels/intents.json, needs from
 * the needs entity (synonyms and phrases), both after the lexicon's normalisation and typo fixing. No cloud, no
 * console output, nothing written to the working directory.
 */
import type { CognitiveModels } from '../cognitiveModels';
import { filesDigest } from '../modelCache';
import { NeedFinder } from '../NeedFinder';
import { intentExamples } from '../trainingExamples';
import { emptyRecognition, rankIntents, type Recognition, type Recognizer } from '../Recognizer';
import { normaliserFor, normaliserKey } from '../text/modelNormaliser';
import type { TextNormaliser, Token } from '../text/normaliser';
import { NlpjsClassifier, type ClassifierOptions } from './NlpjsClassifier';

/**
 * What the intent classifier reads: the normalised words, plus a marker word when the needs entity found a need, so
 * it learns that talking about a need (any need, even in words it has never seen in an intent example) is a request
 * for help rather than, say, "start over".
 */
const NEED_MARKER = 'zzneedmentioned';
function classifierInput(tokens: Token[], mentionsNeed: boolean): string {
  const words = tokens.map((t) => t.text);
  if (mentionsNeed) words.push(NEED_MARKER);
  return words.join(' ');
}

export class LocalRecognizer implements Recognizer {
  readonly kind = 'local' as const;

  private constructor(
    private readonly normaliser: TextNormaliser,
    private readonly classifier: NlpjsClassifier,
    private readonly needFinder: NeedFinder,
    private readonly minScore: number,
  ) {}

  static async create(models: CognitiveModels, minScore: number, options: ClassifierOptions = {}): Promise<LocalRecognizer> {
    const normaliser = normaliserFor(models, options.cacheDir);
    const needFinder = new NeedFinder(models, normaliser);
    const examples = () => Object.fromEntries(
      Object.entries(intentExamples(models)).map(([id, texts]) => [id, texts.map((t) => {
        const tokens = normaliser.tokens(t);
        return classifierInput(tokens, needFinder.findInTokens(t, tokens).needs.length > 0);
      })]),
    );
    // The examples are the model's own texts through its normaliser and need finder: the model kept for the same
    // normaliser key and this code is loaded without normalising them.
    const inputsKey = [normaliserKey(models), filesDigest([__filename, require.resolve('../NeedFinder'), require.resolve('../trainingExamples')])].join('\0');
    const classifier = await NlpjsClassifier.create('intents', examples, { ...options, inputsKey });
    return new LocalRecognizer(normaliser, classifier, needFinder, minScore);
  }

  async recognize(text: string): Promise<Recognition> {
    const tokens = this.normaliser.tokens(text);
    if (tokens.length === 0) return emptyRecognition();
    const found = this.needFinder.findInTokens(text, tokens);
    const classified = await this.classifier.classify(classifierInput(tokens, found.needs.length > 0));
    return { ...rankIntents(classified.map((c) => ({ intent: c.label, score: c.score })), this.minScore), needs: found.needs, entities: found.entities };
  }
}
