/**
 * cognitiveModels/: the one source of intents, example utterances, the needs entity (synonyms and phrases), the
 * safety rules and classifier examples, and the lexicon of how people write. Everything that understands people
 * (the local recognizer, the LUIS and CLU exports, the safety service) reads it from here, validated once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectPath } from '../../paths';
import { INTENTS, type IntentId } from './Recognizer';

import { RISK_KINDS } from '../safety/SafetyAssessor';

/** The kinds of risk the safety rules are written for (one rule set each in crisis.json). */
export const CRISIS_CATEGORIES = RISK_KINDS;

const phraseList = z.array(z.string().min(1));

const needsFile = z.object({
  needs: z.array(z.object({
    id: z.string().min(1),
    label: z.string().min(1),
    description: z.string().optional(),
    synonyms: phraseList.default([]),
    phrases: phraseList.default([]),
  })).min(1),
  intents: z.array(z.string()),
});

const intentsFile = z.object({
  locale: z.string().min(2),
  intents: z.record(z.string(), z.object({ description: z.string(), utterances: phraseList.min(1) })),
  templates: z.record(z.string(), z.union([z.string(), z.array(z.string().includes('{need}'))])).optional(),
});

const ruleSet = z.object({ crisis: phraseList, ask: phraseList.default([]), check: phraseList.default([]), heightened: phraseList.default([]) });
const conceptName = z.string().regex(/^@[a-zA-Z]+$/);
const crisisFile = z.object({
  negation: z.object({ cues: phraseList, window: z.number().int().positive(), between: phraseList, nounCues: phraseList.default([]), nounBetween: phraseList.default([]) }),
  rules: z.object(Object.fromEntries(CRISIS_CATEGORIES.map((c) => [c, ruleSet])) as Record<(typeof CRISIS_CATEGORIES)[number], typeof ruleSet>),
  concepts: z.record(conceptName, phraseList.min(1)).default({}),
  combinations: z.array(z.object({ kind: z.enum(CRISIS_CATEGORIES), level: z.enum(['crisis', 'ask']), all: z.array(conceptName).min(2), note: z.string().optional(), topic: z.boolean().optional() })).default([]),
  exclusions: phraseList.default([]),
  context: z.object({ discount: z.record(z.string(), phraseList), present: phraseList, joking: phraseList.default([]), hyperbole: phraseList.default([]), firstPerson: phraseList.default([]), ownWordsInPhrase: phraseList.default([]), ownWords: z.array(z.string()).default([]), topicsOnly: z.array(z.string()).default([]) }).default({ discount: {}, present: [], joking: [], hyperbole: [], firstPerson: [], ownWordsInPhrase: [], ownWords: [], topicsOnly: [] }),
  classifier: z.record(z.string(), phraseList.min(1)),
  riskWords: phraseList.default([]),
}).superRefine((model, ctx) => {
  for (const combination of model.combinations) {
    for (const name of combination.all) if (!model.concepts[name]) ctx.addIssue({ code: 'custom', message: `combination names an unknown concept ${name}` });
  }
});

/** Labelled messages for the crisis classifier, kept apart from the rules (crisis.json) because there are many. */
const crisisExamplesFile = z.object({
  about: z.string().optional(),
  examples: z.partialRecord(z.enum([...CRISIS_CATEGORIES, 'ordinary', 'negated']), phraseList),
});

const lexiconFile = z.object({
  expansions: z.record(z.string(), z.string()),
  knownWords: phraseList,
});

export interface NeedModel {
  id: string;
  label: string;
  description?: string;
  synonyms: string[];
  phrases: string[];
}

export interface IntentModel {
  id: IntentId;
  description: string;
  utterances: string[];
}

export type CrisisModel = z.infer<typeof crisisFile>;
export type Lexicon = z.infer<typeof lexiconFile>;

export interface CognitiveModels {
  locale: string;
  /** Per intent, sentences with a {need} slot, filled with need phrases to make more examples. */
  templates: Partial<Record<IntentId, string[]>>;
  needs: NeedModel[];
  intents: IntentModel[];
  crisis: CrisisModel;
  lexicon: Lexicon;
  /** sha256 of the files' contents: changes whenever the model does (keys the trained-model cache). */
  hash: string;
}

const FILES = ['needs.json', 'intents.json', 'crisis.json', 'crisisExamples.json', 'lexicon.json'] as const;

function parse<T>(schema: z.ZodType<T>, text: string, file: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`cognitiveModels/${file} is not valid JSON: ${(error as Error).message}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new Error(`cognitiveModels/${file} is invalid: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}

/** Reads and validates cognitiveModels/ (or another folder of the same shape). */
export function readCognitiveModels(dir = projectPath('cognitiveModels')): CognitiveModels {
  const texts = Object.fromEntries(FILES.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')])) as Record<(typeof FILES)[number], string>;
  const needs = parse(needsFile, texts['needs.json'], 'needs.json');
  const intents = parse(intentsFile, texts['intents.json'], 'intents.json');
  const crisis = parse(crisisFile, texts['crisis.json'], 'crisis.json');
  const crisisExamples = parse(crisisExamplesFile, texts['crisisExamples.json'], 'crisisExamples.json');
  for (const [label, examples] of Object.entries(crisisExamples.examples)) crisis.classifier[label] = [...(crisis.classifier[label] ?? []), ...examples];
  const lexicon = parse(lexiconFile, texts['lexicon.json'], 'lexicon.json');

  const listed = [...needs.intents].sort().join(',');
  const defined = Object.keys(intents.intents).sort().join(',');
  if (listed !== [...INTENTS].sort().join(',') || defined !== listed) {
    throw new Error(`cognitiveModels: intents.json defines [${defined}] but needs.json lists [${listed}]; they must match the fixed intent ids.`);
  }
  const hash = createHash('sha256');
  for (const f of FILES) hash.update(f).update('\0').update(texts[f]).update('\0');
  return {
    locale: intents.locale,
    templates: Object.fromEntries(Object.entries(intents.templates ?? {}).filter((e): e is [IntentId, string[]] => Array.isArray(e[1]) && (INTENTS as readonly string[]).includes(e[0]))),
    needs: needs.needs,
    intents: INTENTS.map((id) => ({ id, ...intents.intents[id] })),
    crisis,
    lexicon,
    hash: hash.digest('hex'),
  };
}

let cached: CognitiveModels | undefined;

/** The project's cognitiveModels/, read once per process. */
export function cognitiveModels(): CognitiveModels {
  cached ??= readCognitiveModels();
  return cached;
}
