import type { Command } from 'commander';

export function registerBench(program: Command): void {
  program
    .command('bench [names...]')
    .description('run the benchmarks (all, or the named ones) and write bench/results/latest.json')
    .action(async (names: string[]) => {
      const { runBenches } = require('../../bench/run') as typeof import('../../bench/run');
      await runBenches(names, (line) => process.stdout.write(`${line}\n`));
    });
}
