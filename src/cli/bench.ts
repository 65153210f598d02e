import type { Command } from 'commander';
import { runBenches } from '../../bench/run';

export function registerBench(program: Command): void {
  program
    .command('bench [names...]')
    .description('run the benchmarks (all, or the named ones) and write bench/results/latest.json')
    .action(async (names: string[]) => {
      await runBenches(names, (line) => process.stdout.write(`${line}\n`));
    });
}
