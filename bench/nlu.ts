/**
 * `nlu`: how long understanding one message takes. The local recognizer's classify (normalise, typo-fix, needs
 * entity, NLP.js intent) and the safety assessor (crisis rules, crisis classifier), per utterance, p50 and p99, over
 * the held-out test set's texts plus long messages; beside a plain case-insensitive regex scan for the same need words
 * over the same texts, measured in the same run. Also start-up: training from scratch against loading the cache.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../src/paths';
import { cognitiveModels } from '../src/services/nlu/cognitiveModels';
import { parseExamples } from '../src/services/nlu/eval/evaluate';
import { LocalRecognizer } from '../src/services/nlu/local/LocalRecognizer';
import { needPhrases } from '../src/services/nlu/trainingExamples';
import { createSafetyAssessor } from '../src/services/safety/createSafetyAssessor';
import { percentile, type Bench, type BenchFigure } from './types';

const PASSES = Number(process.env.BENCH_NLU_PASSES ?? 20);

function texts(): string[] {
  const heldOut = parseExamples(readFileSync(projectPath('test', 'fixtures', 'nlu', 'heldout.jsonl'), 'utf8')).map((e) => e.text);
  const long = heldOut.slice(0, 40).join(' and also ');
  return [...heldOut, long, long.slice(0, 2000)];
}

async function time<T>(run: () => Promise<T> | T): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function perCall(inputs: string[], call: (text: string) => Promise<unknown> | unknown): Promise<{ p50: number; p99: number }> {
  for (const text of inputs) await call(text); // warm-up: JIT and caches
  const samples: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    for (const text of inputs) samples.push(await time(() => call(text)));
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

export const nluBench: Bench = {
  name: 'nlu',
  description: `classify and safety assess per utterance (held-out texts, ${PASSES} passes) vs a regex scan; training vs cached start`,
  async run(): Promise<BenchFigure[]> {
    const models = cognitiveModels();
    const inputs = texts();
    const trainMs = await time(() => LocalRecognizer.create(models, 0.6, { cacheDir: false }));
    await LocalRecognizer.create(models, 0.6); // make sure the cache exists
    let recognizer: LocalRecognizer | undefined;
    const cachedMs = await time(async () => {
      recognizer = await LocalRecognizer.create(models, 0.6);
    });
    const safety = await createSafetyAssessor();

    const words = [...new Set(models.needs.flatMap(needPhrases))].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const scan = new RegExp(`\\b(?:${words.join('|')})\\b`, 'gi');
    const regex = await perCall(inputs, (text) => text.match(scan));
    const classify = await perCall(inputs, (text) => recognizer!.recognize(text));
    const assess = await perCall(inputs, (text) => safety.assess(text));

    const base = (value: number) => ({ label: 'regex scan', value, unit: 'ms' });
    return [
      { key: 'nluClassifyP50Ms', label: 'classify p50', value: classify.p50, unit: 'ms', baseline: base(regex.p50) },
      { key: 'nluClassifyP99Ms', label: 'classify p99', value: classify.p99, unit: 'ms', baseline: base(regex.p99) },
      { key: 'safetyAssessP50Ms', label: 'safety assess p50', value: assess.p50, unit: 'ms', baseline: base(regex.p50) },
      { key: 'safetyAssessP99Ms', label: 'safety assess p99', value: assess.p99, unit: 'ms', baseline: base(regex.p99) },
      { key: 'nluTrainMs', label: 'local recognizer start, training', value: trainMs, unit: 'ms', baseline: { label: 'loading the cache', value: cachedMs, unit: 'ms' } },
    ];
  },
};
