import { projectPath } from '../../src/paths';
import { runCli } from './runCli';

// Each test runs the real CLI as a separate process (build, start, train or load the model): slow on a busy machine.
jest.setTimeout(120_000);

/**
 * The held-out test set (test/fixtures/nlu/heldout.jsonl): written as people write, never trained on (see
 * cognitiveModels.test.ts). Measured through the real CLI, as `signpost nlu eval` reports it.
 */
describe('understanding, measured on the held-out set', () => {
  it('meets the bar: intent accuracy >= 0.90, needs micro-F1 >= 0.85, crisis recall 1.0, crisis false alarms <= 0.05', async () => {
    const result = await runCli(['nlu', 'eval', projectPath('test', 'fixtures', 'nlu', 'heldout.jsonl'), '--json', '--mistakes']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const missedCrises = report.mistakes.filter((m: { expected: { crisis?: boolean }; got: { crisis: boolean } }) => m.expected.crisis === true && !m.got.crisis).map((m: { text: string }) => m.text);
    expect(missedCrises).toEqual([]);
    expect(report.examples).toBeGreaterThanOrEqual(250);
    expect(report.intent.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.needs.microF1).toBeGreaterThanOrEqual(0.85);
    expect(report.crisis.recall).toBe(1);
    expect(report.crisis.falseAlarmRate).toBeLessThanOrEqual(0.05);
  });
});
