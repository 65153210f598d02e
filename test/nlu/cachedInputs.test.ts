/**
 * Models kept by the key of their inputs: a start whose models, word lists and text code are unchanged loads the
 * crisis classifier, the intent classifier and the typo fixer's words without normalising every example again, and
 * what it loads is exactly what making them afresh gives. Any change to a model's texts or to the code that reads
 * them changes the key.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cognitiveModels, type CognitiveModels } from '../../src/services/nlu/cognitiveModels';
import { createRecognizer } from '../../src/services/nlu/createRecognizer';
import { filesDigest } from '../../src/services/nlu/modelCache';
import { normaliserFor, normaliserKey } from '../../src/services/nlu/text/modelNormaliser';
import { createSafetyAssessor } from '../../src/services/safety/createSafetyAssessor';

/** A copy of the models, as a new start reads them (the normaliser is built once per models object). */
const fresh = (): CognitiveModels => structuredClone(cognitiveModels());

const TEXTS = [
  'I want to end it all tonight', 'i cant go on anymore', 'im so lonley since my wife passed', 'my partner hits me',
  'need help with rent arrears', 'refer myself', 'start over', 'the walking group on tuesday', 'I took all my tablets',
  'nobody would miss me if i was gone', 'gas bill is overdue and i feel hopless',
];

describe('models kept by the key of their inputs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'inputs-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the normaliser key is the same for the same models and changes with any text of them', () => {
    const models = fresh();
    expect(normaliserKey(fresh())).toBe(normaliserKey(models));
    const changed = fresh();
    changed.crisis.classifier.ordinary = [...(changed.crisis.classifier.ordinary ?? []), 'a new ordinary example'];
    expect(normaliserKey(changed)).not.toBe(normaliserKey(models));
    const lexicon = fresh();
    lexicon.lexicon.expansions.zzqx = 'a word never in the lexicon';
    expect(normaliserKey(lexicon)).not.toBe(normaliserKey(models));
  });

  it('a digest of files changes when one of them does', () => {
    const a = path.join(dir, 'a.ts');
    writeFileSync(a, 'export const x = 1;');
    const before = filesDigest([a]);
    expect(filesDigest([a])).toBe(before);
    writeFileSync(a, 'export const x = 2;');
    expect(filesDigest([a])).not.toBe(before);
    expect(filesDigest([path.join(dir, 'missing.ts')])).not.toBe(before);
  });

  it('safety from the kept models answers exactly as safety made afresh', async () => {
    // The first build in an empty folder makes everything afresh (and keeps it); the second loads what was kept.
    const made = await createSafetyAssessor({ models: fresh(), cacheDir: dir });
    expect(readdirSync(dir).some((f) => f.startsWith('risk-regression-'))).toBe(true);
    expect(readdirSync(dir).some((f) => f.startsWith('typo-targets-'))).toBe(true);
    const loaded = await createSafetyAssessor({ models: fresh(), cacheDir: dir });
    for (const text of TEXTS) expect({ text, verdict: await loaded.assess(text) }).toEqual({ text, verdict: await made.assess(text) });
  });

  it('the recognizer from the kept models recognises exactly as one made afresh', async () => {
    const config = { nlu: { kind: 'local' as const, minScore: 0.6 } };
    const made = await createRecognizer(config, { models: fresh(), cacheDir: dir });
    expect(readdirSync(dir).some((f) => f.startsWith('intents-'))).toBe(true);
    const loaded = await createRecognizer(config, { models: fresh(), cacheDir: dir });
    for (const text of TEXTS) expect({ text, recognition: await loaded.recognize(text) }).toEqual({ text, recognition: await made.recognize(text) });
  });

  it('the typo fixer from the kept words corrects exactly as one made afresh, and writes nothing with cacheDir false', () => {
    const made = normaliserFor(fresh(), false);
    expect(readdirSync(dir)).toEqual([]);
    normaliserFor(fresh(), dir);
    const loaded = normaliserFor(fresh(), dir);
    expect(loaded).not.toBe(made);
    for (const text of TEXTS) expect(loaded.tokens(text)).toEqual(made.tokens(text));
  });
});
