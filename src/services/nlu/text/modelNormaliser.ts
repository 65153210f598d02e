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
    ...Object.values(models.crisis.classifier).flat(),
  ];
}

/**
 * The normaliser for a model: its lexicon, and typo correction towards the model's own words of anything that is not
 * an everyday English word (built once per model).
 */
export function normaliserFor(models: CognitiveModels): TextNormaliser {
  let normaliser = built.get(models);
  if (!normaliser) {
    const plain = new TextNormaliser(models.lexicon);
    const targets = modelTexts(models).flatMap((t) => plain.words(t));
    const known = [...models.lexicon.knownWords, ...Object.values(models.lexicon.expansions).flatMap((v) => v.split(/\s+/))];
    normaliser = new TextNormaliser(models.lexicon, new SpellingCorrector(targets, [...known, ...everydayEnglish(), ...placeNames()]));
    built.set(models, normaliser);
  }
  return normaliser;
}
