/**
 * A small text classifier on NLP.js (@nlpjs/nlp's neural NLU): trained from labelled examples at start-up, or loaded
 * from a cache file keyed by a hash of the examples, kept outside the working directory (os.tmpdir() by default).
 * Quiet: no autosave, no training log. Used for intents (the local recognizer) and for the crisis signal (safety).
 */
import { containerBootstrap } from '@nlpjs/core';
import { Nlp, type NlpInstance } from '@nlpjs/nlp';
import { LangEn } from '@nlpjs/lang-en';
import { cacheFile, readCached, trainingInput, writeCached, type CacheDir, type Examples } from '../modelCache';

/** Bump when the way examples become a trained model changes, so old cache files are not reused. */
const TRAINING_VERSION = '1';
const LOCALE = 'en';
/** NLP.js keeps every text it has seen in an internal cache; clear it this often so a long-running server does not grow. */
const CLEAR_EVERY = 1000;

export interface Classification {
  label: string;
  score: number;
}

export interface ClassifierOptions {
  /** Folder for trained models; false: always train, never write. Default: <os.tmpdir()>/signpost-nlu-cache. */
  cacheDir?: CacheDir;
}

function newNlp(): NlpInstance {
  const container = containerBootstrap();
  container.use(Nlp);
  container.use(LangEn);
  const nlp = container.get('nlp');
  nlp.settings.autoSave = false;
  nlp.settings.autoLoad = false;
  nlp.nluManager.settings.log = false;
  nlp.addLanguage(LOCALE);
  return nlp;
}

function clearInternalCaches(nlp: NlpInstance): void {
  const managers = Object.values(nlp.nluManager.domainManagers ?? {}) as { cache?: { results?: unknown }; domains?: Record<string, { cache?: { results?: unknown } }> }[];
  for (const manager of managers) {
    if (manager.cache?.results) manager.cache.results = {};
    for (const domain of Object.values(manager.domains ?? {})) if (domain.cache?.results) domain.cache.results = {};
  }
}

export class NlpjsClassifier {
  private calls = 0;

  private constructor(private readonly nlp: NlpInstance, readonly fromCache: boolean) {}

  /**
   * Trains on examples (label -> texts, already normalised the way classify's input will be), or loads the same model
   * from the cache. With `inputsKey` (a digest of everything that decides the examples), the cache is keyed by it and
   * the examples are made only when there is training to do.
   */
  static async create(name: string, examples: Examples<Record<string, string[]>>, options: ClassifierOptions & { inputsKey?: string } = {}): Promise<NlpjsClassifier> {
    const input = trainingInput(examples, options.inputsKey);
    const file = cacheFile(options.cacheDir, name, 'json', TRAINING_VERSION, input.key);
    const loaded = tryLoad(readCached(file));
    if (loaded) return new NlpjsClassifier(loaded, true);
    const nlp = newNlp();
    for (const [label, texts] of Object.entries(input.examples())) {
      for (const text of texts) if (text.trim()) nlp.addDocument(LOCALE, text, label);
    }
    await nlp.train();
    writeCached(file, nlp.export(true));
    return new NlpjsClassifier(nlp, false);
  }

  /** Labels with scores, best first. An empty or unknown text scores None. */
  async classify(text: string): Promise<Classification[]> {
    if (++this.calls % CLEAR_EVERY === 0) clearInternalCaches(this.nlp);
    const result = await this.nlp.classify(LOCALE, text);
    return result.classifications.map((c) => ({ label: c.intent, score: c.score })).sort((a, b) => b.score - a.score);
  }
}

function tryLoad(data: Buffer | undefined): NlpInstance | undefined {
  if (!data) return undefined;
  try {
    const nlp = newNlp();
    nlp.import(data.toString('utf8'));
    return nlp;
  } catch {
    return undefined; // a damaged cache file: train again and overwrite it
  }
}
