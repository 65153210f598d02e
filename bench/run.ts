/**
 * `npm run bench [names...]`: runs the benchmarks, prints a table with each figure beside its same-run baseline,
 * and writes bench/results/latest.json. Machines are noisy: compare ratios within one run, not absolute numbers.
 * A figure above its `max` (errors, order violations) fails the run once the table and results are written, so the
 * command exits non-zero.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../src/paths';
import type { Bench, BenchFigure } from './types';
import { BENCHES } from './registry';

function fmt(n: number): string {
  return Number.isFinite(n) ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(3)) : String(n);
}

export async function runBenches(names: string[], write: (line: string) => void): Promise<Record<string, number>> {
  const chosen: Bench[] = names.length ? BENCHES.filter((b) => names.includes(b.name)) : BENCHES;
  const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length) throw new Error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${BENCHES.map((b) => b.name).join(', ')}`);
  const results: Record<string, number> = {};
  const rows: string[][] = [['bench', 'figure', 'value', 'baseline', 'ratio']];
  const overLimit: string[] = [];
  for (const bench of chosen) {
    write(`running ${bench.name}: ${bench.description}`);
    const figures: BenchFigure[] = await bench.run();
    for (const f of figures) {
      results[f.key] = f.value;
      if (f.max !== undefined && !(f.value <= f.max)) overLimit.push(`${bench.name}: ${f.label} is ${fmt(f.value)} (at most ${f.max})`);
      const ratio = f.baseline ? f.value / f.baseline.value : NaN;
      rows.push([
        bench.name,
        f.label,
        `${fmt(f.value)} ${f.unit}`,
        f.baseline ? `${f.baseline.label}: ${fmt(f.baseline.value)} ${f.baseline.unit}` : '-',
        Number.isFinite(ratio) ? ratio.toFixed(2) : '-',
      ]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) write(row.map((c, i) => c.padEnd(widths[i])).join('  '));
  const out = projectPath('bench', 'results', 'latest.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2) + '\n');
  write(`wrote ${path.relative(process.cwd(), out)}`);
  if (overLimit.length) throw new Error(`Benchmark figures over their limits:\n${overLimit.join('\n')}`);
  return results;
}
