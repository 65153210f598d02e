import type { CognitiveModels } from '../cognitiveModels';
import { everydayEnglish, placeNames } from './dictionary';
import { TextNormaliser } from './normaliser';
import { SpellingCorrector } from './spelling';

const built = new WeakMap<CognitiveModels, TextNormaliser>();

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
 * The normaliser for a model: its lexicon, and typo correction towards the model's own words of anything that is not
 * an everyday English word (built once per model).
 */
export function normaliserFor(models: CognitiveModels): TextNormaliser {
  let normaliser = built.get(models);
  if (!normaliser) {
    const plain = new TextNormaliser(models.lexicon);
    const targets = [...modelTexts(models).flatMap((t) => plain.words(t)), ...exampleWords(models, plain)];
    const known = [...models.lexicon.knownWords, ...Object.values(models.lexicon.expansions).flatMap((v) => v.split(/\s+/))];
    normaliser = new TextNormaliser(models.lexicon, new SpellingCorrector(targets, [...known, ...everydayEnglish(), ...placeNames()]));
    built.set(models, normaliser);
  }
  return normaliser;
}
