/**
 * The `turn` bench works end to end in a short, gentle run (1 s, 40 requests a second, so the tests running beside it
 * keep their share of the machine): its four servers (bare restify, echo bot, floor, Signpost) start from dist/ and
 * take the referral script, and every figure README and bench/results/latest.json name is measured. How fast is the
 * bench's business, not a test's: nothing here compares speeds.
 */
import { turnBench } from '../../bench/turn';
import type { BenchFigure } from '../../bench/types';

jest.setTimeout(180_000);

const KEYS = [
  'bareRestifyPerSec', 'echoTurnsPerSec', 'signpostTurnsPerSec', 'ratioToEcho', 'floorTurnsPerSec', 'floorRatioToEcho',
  'p50Ms', 'p99Ms', 'serverTurnP50Ms', 'serverTurnP99Ms', 'signpostCpuMsPerTurn', 'echoCpuMsPerTurn', 'floorCpuMsPerTurn', 'cpuRatioToFloor',
  'cpuRatioToEcho', 'turnErrors',
];

describe('npm run bench -- turn (a one-second run)', () => {
  let figures: BenchFigure[];

  beforeAll(async () => {
    const before = { BENCH_DURATION_S: process.env.BENCH_DURATION_S, BENCH_RATE: process.env.BENCH_RATE };
    Object.assign(process.env, { BENCH_DURATION_S: '1', BENCH_RATE: '40' });
    try {
      figures = await turnBench.run();
    } finally {
      for (const [name, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('measures every figure it promises', () => {
    expect(figures.map((f) => f.key).sort()).toEqual([...KEYS].sort());
    const measured = figures.filter((f) => f.key !== 'turnErrors');
    for (const f of measured) expect({ key: f.key, positive: Number.isFinite(f.value) && f.value >= 0 }).toEqual({ key: f.key, positive: true });
    const value = (key: string): number => figures.find((f) => f.key === key)!.value;
    for (const key of ['echoTurnsPerSec', 'floorTurnsPerSec', 'signpostTurnsPerSec', 'signpostCpuMsPerTurn', 'echoCpuMsPerTurn', 'floorCpuMsPerTurn']) expect(value(key)).toBeGreaterThan(0);
    expect(value('ratioToEcho')).toBeCloseTo(value('signpostTurnsPerSec') / value('echoTurnsPerSec'), 6);
    expect(value('floorRatioToEcho')).toBeCloseTo(value('floorTurnsPerSec') / value('echoTurnsPerSec'), 6);
    // The turn goal: a Signpost turn's server CPU within 1.5x the floor's; and the same against the echo bot.
    expect(value('cpuRatioToFloor')).toBeCloseTo(value('signpostCpuMsPerTurn') / value('floorCpuMsPerTurn'), 6);
    expect(value('cpuRatioToEcho')).toBeCloseTo(value('signpostCpuMsPerTurn') / value('echoCpuMsPerTurn'), 6);
  });

  it('labels the CPU ratios as Signpost over the floor (with the goal) and over the echo bot', () => {
    const label = (key: string): string => figures.find((f) => f.key === key)!.label;
    expect(label('cpuRatioToFloor')).toBe('Signpost CPU / floor CPU per turn (goal <= 1.5)');
    expect(label('cpuRatioToEcho')).toBe('Signpost CPU / echo CPU per turn');
  });

  it('every Signpost turn was answered, none with the apology', () => {
    expect(figures.find((f) => f.key === 'turnErrors')?.value).toBe(0);
  });
});
