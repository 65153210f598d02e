/**
 * Blind evaluation stays blind: no line of a safety evaluation batch (or the NLU held-out set) is ever copied into
 * cognitiveModels/, and every batch is well formed and large enough to say something per kind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../../src/paths';
import { parseSafetyExamples } from '../../src/services/safety/eval/evaluateSafety';

const BATCHES = projectPath('test', 'fixtures', 'safety', 'blind');
const plain = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

function modelStrings(): Set<string> {
  const out = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') out.add(plain(value.replace(/[=#@]/g, '')));
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  for (const file of readdirSync(projectPath('cognitiveModels'))) collect(JSON.parse(readFileSync(path.join(projectPath('cognitiveModels'), file), 'utf8')));
  return out;
}

describe('safety evaluation batches', () => {
  const files = readdirSync(BATCHES).filter((f) => f.endsWith('.jsonl'));

  it('exist, and each is well formed with risk and ordinary messages', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const examples = parseSafetyExamples(readFileSync(path.join(BATCHES, file), 'utf8'));
      expect(examples.length).toBeGreaterThanOrEqual(200);
      expect(examples.filter((e) => e.expect === 'none').length).toBeGreaterThanOrEqual(60);
      expect(examples.filter((e) => e.expect !== 'none').length).toBeGreaterThanOrEqual(100);
    }
  });

  // Lines of four words or fewer ("i want to die") are generic enough to be written independently by both sides.
  const SHORT = 4;

  it('never appear in cognitiveModels/: no evaluation line is a training phrase, a rule or an example', () => {
    const model = modelStrings();
    const leaked: string[] = [];
    for (const file of files) {
      for (const { text } of parseSafetyExamples(readFileSync(path.join(BATCHES, file), 'utf8'))) if (plain(text).split(' ').length > SHORT && model.has(plain(text))) leaked.push(`${file}: ${text}`);
    }
    expect(leaked).toEqual([]);
  });

  it('would notice a leak: a line copied into the model is found', () => {
    const [first] = parseSafetyExamples(readFileSync(path.join(BATCHES, files[0]), 'utf8'));
    const model = modelStrings();
    model.add(plain(first.text));
    expect(model.has(plain(first.text))).toBe(true);
  });
});
