/** One benchmark: a name, what it measures, and figures, each beside a baseline measured in the same run. */
export interface BenchFigure {
  /** Key written to bench/results/latest.json, e.g. "nluClassifyP99Ms". */
  key: string;
  label: string;
  value: number;
  unit: string;
  /** The same-run baseline this figure is compared with, if any. */
  baseline?: { label: string; value: number; unit: string };
  /** The most this figure may be (e.g. 0 errors): above it `npm run bench` still prints the table, then fails. */
  max?: number;
}

export interface Bench {
  name: string;
  description: string;
  run(): Promise<BenchFigure[]>;
}

/** How long each load runs, in seconds: BENCH_DURATION_S, 10 by default (read at each run, so tests can shorten it). */
export function benchSeconds(): number {
  return Number(process.env.BENCH_DURATION_S ?? 10);
}

/**
 * A cap on requests a second across all connections (BENCH_RATE), for short runs that only check a bench works (its
 * tests) without taking the whole machine from the tests beside them; none by default, so a bench runs flat out.
 */
export function benchRateLimit(): { overallRate?: number } {
  const rate = Number(process.env.BENCH_RATE);
  return Number.isFinite(rate) && rate > 0 ? { overallRate: rate } : {};
}

/** Percentile (0..100) of a list of numbers, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
