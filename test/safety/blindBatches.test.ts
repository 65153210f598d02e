/**
 * The blind batches as a guard against going backwards: each batch must still be caught at least as well as recorded in
 * test/fixtures/safety/blind/recorded.json (the figures of the rules as committed, scored by the same code as
 * `signpost safety eval`), with no more false alarms. These are regression floors, not the blind measure: each
 * batch's blind figure is the one taken before any rule was changed for it (docs/clinical-safety/safety-evaluation.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../../src/paths';
import { createSafetyAssessor } from '../../src/services/safety/createSafetyAssessor';
import { evaluateSafety, parseSafetyExamples, type SafetyReport } from '../../src/services/safety/eval/evaluateSafety';
import type { SafetyAssessor } from '../../src/services/safety/SafetyAssessor';

const DIR = projectPath('test', 'fixtures', 'safety', 'blind');
const recorded = JSON.parse(readFileSync(path.join(DIR, 'recorded.json'), 'utf8')) as Record<string, { recall: number; falseCrisis: number; falseAsk: number }>;

describe('the blind safety batches', () => {
  const reports = new Map<string, SafetyReport>();
  let safety: SafetyAssessor;
  beforeAll(async () => {
    safety = await createSafetyAssessor();
    for (const file of Object.keys(recorded)) reports.set(file, await evaluateSafety(safety, parseSafetyExamples(readFileSync(path.join(DIR, file), 'utf8'))));
  });

  it('catches at least the recorded share of risk messages in every batch', () => {
    for (const [file, floor] of Object.entries(recorded)) expect([file, reports.get(file)!.recall >= floor.recall - 1e-9]).toEqual([file, true]);
  });

  it('gives at most the recorded share of ordinary messages a crisis answer or a question', () => {
    for (const [file, ceiling] of Object.entries(recorded)) {
      const report = reports.get(file)!;
      expect([file, report.falseCrisis <= ceiling.falseCrisis + 1e-9, report.falseAsk <= ceiling.falseAsk + 1e-9]).toEqual([file, true, true]);
    }
  });

  it('answers every direct statement of suicidal intent (labelled crisis) with crisis', async () => {
    const missed: string[] = [];
    for (const file of Object.keys(recorded)) {
      for (const example of parseSafetyExamples(readFileSync(path.join(DIR, file), 'utf8'))) {
        if (example.kind.replace(/-/g, '_') === 'direct_suicidal' && example.expect === 'crisis' && (await safety.assess(example.text)).level !== 'crisis') missed.push(example.text);
      }
    }
    expect(missed).toEqual([]);
  });
});
