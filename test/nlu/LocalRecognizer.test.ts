import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cognitiveModels } from '../../src/services/nlu/cognitiveModels';
import { createRecognizer } from '../../src/services/nlu/createRecognizer';
import { LocalRecognizer } from '../../src/services/nlu/local/LocalRecognizer';
import { NlpjsClassifier } from '../../src/services/nlu/local/NlpjsClassifier';
import { INTENTS } from '../../src/services/nlu/Recognizer';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'signpost-nlu-test-'));

describe('the local recognizer (NLP.js)', () => {
  let recognizer: LocalRecognizer;
  beforeAll(async () => {
    recognizer = await LocalRecognizer.create(cognitiveModels(), 0.6, { cacheDir: tempDir() });
  });

  it('recognises intents and needs as people write them', async () => {
    await expect(recognizer.recognize('i want to refer myself')).resolves.toMatchObject({ intent: 'selfReferral' });
    await expect(recognizer.recognize('can i talk to a real person')).resolves.toMatchObject({ intent: 'talkToPerson' });
    await expect(recognizer.recognize('hiya')).resolves.toMatchObject({ intent: 'greeting' });
    const r = await recognizer.recognize('im lonely and behind on my rent');
    expect(r.intent).toBe('selfReferral');
    expect([...r.needs].sort()).toEqual(['housing', 'loneliness', 'money']);
    expect(r.entities.every((e) => e.type === 'need')).toBe(true);
  });

  it('always answers with a fixed intent id and a score between 0 and 1', async () => {
    for (const text of ['asdkjh qwe', 'x', 'what', '!!!', 'rent '.repeat(3000)]) {
      const r = await recognizer.recognize(text);
      expect(INTENTS).toContain(r.intent);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
  });

  it('makes low confidence visible, with alternatives, so dialogs can offer choices', async () => {
    const empty = await recognizer.recognize('   ');
    expect(empty).toMatchObject({ intent: 'None', lowConfidence: true, needs: [] });
    const strict = await LocalRecognizer.create(cognitiveModels(), 0.999, { cacheDir: false });
    const unsure = await strict.recognize('maybe the thing about my stuff');
    expect(unsure.lowConfidence).toBe(true);
    expect(unsure.alternatives!.length).toBeGreaterThan(0);
    expect(unsure.alternatives![0]).toEqual({ intent: unsure.intent, score: unsure.score });
    const sure = await recognizer.recognize('delete my data please');
    expect(sure).toMatchObject({ intent: 'deleteMyData', lowConfidence: false });
  });

  it('is chosen by createRecognizer for NLU=local', async () => {
    const r = await createRecognizer({ nlu: { kind: 'local', minScore: 0.6 } }, { cacheDir: false });
    expect(r.kind).toBe('local');
  });
});

describe('the trained-model cache', () => {
  const examples = { greeting: ['hello', 'hi there'], thanks: ['thank you', 'cheers'] };

  it('trains once, then loads the same model from a file named by the content hash, outside the working directory', async () => {
    const dir = tempDir();
    const before = readdirSync(process.cwd());
    const first = await NlpjsClassifier.create('unit', examples, { cacheDir: dir });
    expect(first.fromCache).toBe(false);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^unit-[0-9a-f]{24}\.json$/);
    const second = await NlpjsClassifier.create('unit', examples, { cacheDir: dir });
    expect(second.fromCache).toBe(true);
    await expect(second.classify('hello')).resolves.toEqual(await first.classify('hello'));
    const changed = await NlpjsClassifier.create('unit', { ...examples, cancel: ['stop'] }, { cacheDir: dir });
    expect(changed.fromCache).toBe(false);
    expect(readdirSync(dir)).toHaveLength(2);
    expect(readdirSync(process.cwd())).toEqual(before);
  });

  it('retrains over a damaged cache file', async () => {
    const dir = tempDir();
    await NlpjsClassifier.create('unit', examples, { cacheDir: dir });
    const [file] = readdirSync(dir);
    writeFileSync(path.join(dir, file), '{ broken');
    const again = await NlpjsClassifier.create('unit', examples, { cacheDir: dir });
    expect(again.fromCache).toBe(false);
    expect((await again.classify('hello'))[0].label).toBe('greeting');
  });

  it('trains and answers without writing anything to stdout, stderr or the console', async () => {
    const spies = [
      jest.spyOn(process.stdout, 'write'),
      jest.spyOn(process.stderr, 'write'),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => jest.spyOn(console, level)),
    ];
    try {
      await NlpjsClassifier.create('quiet', examples, { cacheDir: false });
      const recognizer = await LocalRecognizer.create(cognitiveModels(), 0.6, { cacheDir: false });
      await recognizer.recognize('asdkjh qwe lonely and skint');
      for (const spy of spies) expect(spy.mock.calls).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
