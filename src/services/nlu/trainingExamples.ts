/**
 * The examples every intent model trains on: the utterances in cognitiveModels/intents.json, plus sentences made by
 * filling each intent's templates with the needs' phrases (round robin, a fixed number per need and template, so the
 * result is the same every time). Used by the local recognizer, the crisis classifier and the LUIS and CLU exports.
 */
import type { CognitiveModels, NeedModel } from './cognitiveModels';
import type { IntentId } from './Recognizer';

const PER_NEED_AND_TEMPLATE = 2;

/** A need's words as people would write them: "=" (exact-match markers) removed. */
export function needPhrases(need: NeedModel): string[] {
  return [...need.synonyms, ...need.phrases].map((p) => p.replace(/=/g, ''));
}

export function generatedExamples(models: CognitiveModels): Partial<Record<IntentId, string[]>> {
  const out: Partial<Record<IntentId, string[]>> = {};
  for (const [intent, templates] of Object.entries(models.templates) as [IntentId, string[]][]) {
    const texts: string[] = [];
    models.needs.forEach((need, n) => {
      const phrases = needPhrases(need);
      if (phrases.length === 0) return;
      templates.forEach((template, t) => {
        for (let k = 0; k < PER_NEED_AND_TEMPLATE; k++) {
          const phrase = phrases[(n + t * PER_NEED_AND_TEMPLATE + k) % phrases.length];
          texts.push(template.replace('{need}', phrase));
        }
      });
    });
    out[intent] = [...new Set(texts)];
  }
  return out;
}

/** Intent id -> training sentences (written and generated). */
export function intentExamples(models: CognitiveModels): Record<IntentId, string[]> {
  const generated = generatedExamples(models);
  return Object.fromEntries(models.intents.map((i) => [i.id, [...i.utterances, ...(generated[i.id] ?? [])]])) as Record<IntentId, string[]>;
}
