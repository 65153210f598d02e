import { readdirSync, readFileSync } from 'node:fs';
import { cognitiveModels, readCognitiveModels } from '../../src/services/nlu/cognitiveModels';
import { INTENTS } from '../../src/services/nlu/Recognizer';
import { INTENT_IDS_FROM_MODEL, NEED_IDS, NEEDS } from '../../src/services/needs/taxonomy';
import { generatedExamples, needPhrases } from '../../src/services/nlu/trainingExamples';
import { projectPath } from '../../src/paths';
import { parseExamples } from '../../src/services/nlu/eval/evaluate';
import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The fixed ids, as the project's brief gives them: a copy of the brief's needs.json (ids of needs and intents;
 * reports, exports and filters depend on them). cognitiveModels/needs.json is the one source the code reads, and
 * extends the brief with descriptions, synonyms and phrases; its ids must stay the brief's, in the brief's order.
 * Labels are the project's to change (the brief says so), but people read them in the bot and in reports: a change
 * of label is made in this copy too, deliberately.
 */
const FIXED = JSON.parse(readFileSync(projectPath('test', 'fixtures', 'nlu', 'needs.fixed.json'), 'utf8')) as { needs: { id: string; label: string }[]; intents: string[] };

/** Lower case, letters, digits and spaces only: how "verbatim" is judged. */
const plain = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, '').replace(/\s+/g, ' ').trim();

describe('cognitiveModels/', () => {
  const models = cognitiveModels();

  it('keeps the fixed intent ids, in needs.json, intents.json and the Recognizer port alike', () => {
    expect(FIXED.intents).toHaveLength(10);
    expect([...INTENTS]).toEqual(FIXED.intents);
    expect([...INTENT_IDS_FROM_MODEL]).toEqual(FIXED.intents);
    expect(models.intents.map((i) => i.id)).toEqual(FIXED.intents);
  });

  it('keeps the fixed need ids and their labels, each with synonyms or phrases to find it by', () => {
    expect(FIXED.needs).toHaveLength(16);
    // The taxonomy the dialogs, directory and reports read, and the NLU's reading of the same file.
    expect(NEEDS.map((n) => ({ id: n.id, label: n.label }))).toEqual(FIXED.needs);
    expect([...NEED_IDS]).toEqual(FIXED.needs.map((n) => n.id));
    expect(models.needs.map((n) => ({ id: n.id, label: n.label }))).toEqual(FIXED.needs);
    for (const need of models.needs) expect(needPhrases(need).length).toBeGreaterThan(0);
  });

  it('knows British terms for needs', () => {
    const all = (id: string) => needPhrases(models.needs.find((n) => n.id === id)!);
    expect(all('money')).toEqual(expect.arrayContaining(['council tax', 'skint']));
    expect(all('benefits')).toEqual(expect.arrayContaining(['universal credit', 'pip']));
    expect(all('food')).toEqual(expect.arrayContaining(['food bank']));
  });

  it('has enough examples per intent, plus sentences generated from every need', () => {
    for (const intent of models.intents) expect(intent.utterances.length).toBeGreaterThanOrEqual(20);
    const generated = generatedExamples(models);
    expect(generated.selfReferral!.length).toBeGreaterThan(100);
    expect(generated.selfReferral!.some((t) => /\{need\}/.test(t))).toBe(false);
  });

  it('has crisis phrases and classifier examples for every crisis category', () => {
    for (const rules of Object.values(models.crisis.rules)) expect(rules.crisis.length).toBeGreaterThan(5);
    for (const label of ['suicide', 'self-harm', 'overdose', 'harm-from-others', 'domestic-abuse', 'medical-emergency', 'negated', 'ordinary']) {
      expect(models.crisis.classifier[label]?.length).toBeGreaterThan(5);
    }
  });

  it('gives a content hash that changes when the model does', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'signpost-models-'));
    cpSync(projectPath('cognitiveModels'), copy, { recursive: true });
    expect(readCognitiveModels(copy).hash).toBe(models.hash);
    const intents = JSON.parse(readFileSync(path.join(copy, 'intents.json'), 'utf8'));
    intents.intents.thanks.utterances.push('nice one');
    writeFileSync(path.join(copy, 'intents.json'), JSON.stringify(intents));
    expect(readCognitiveModels(copy).hash).not.toBe(models.hash);
  });

  it('refuses a model whose intents differ from the fixed list, naming the file', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'signpost-models-'));
    cpSync(projectPath('cognitiveModels'), copy, { recursive: true });
    const intents = JSON.parse(readFileSync(path.join(copy, 'intents.json'), 'utf8'));
    delete intents.intents.thanks;
    writeFileSync(path.join(copy, 'intents.json'), JSON.stringify(intents));
    expect(() => readCognitiveModels(copy)).toThrow(/intents\.json/);
    writeFileSync(path.join(copy, 'crisis.json'), '{ not json');
    expect(() => readCognitiveModels(copy)).toThrow(/crisis\.json is not valid JSON/);
  });

  it('never trains on the held-out test set: no test utterance appears verbatim anywhere in cognitiveModels', () => {
    const heldOut = parseExamples(readFileSync(projectPath('test', 'fixtures', 'nlu', 'heldout.jsonl'), 'utf8'));
    expect(heldOut.length).toBeGreaterThanOrEqual(250);
    const modelTexts = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string') modelTexts.add(plain(value.replace(/=/g, '')));
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    for (const file of readdirSync(projectPath('cognitiveModels')).filter((f) => f.endsWith('.json'))) collect(JSON.parse(readFileSync(projectPath('cognitiveModels', file), 'utf8')));
    for (const texts of Object.values(generatedExamples(models))) collect(texts);
    const leaked = heldOut.map((e) => e.text).filter((t) => modelTexts.has(plain(t)));
    expect(leaked).toEqual([]);
  });
});
