import type { Command } from 'commander';

interface Benches {
  runBenches(names: string[], write: (line: string) => void): Promise<Record<string, number>>;
}

/**
 * The benchmarks (bench/, compiled beside src/) with their dev dependencies (autocannon). The production image has
 * neither: there the command says so instead of failing on a missing module.
 */
function loadBenches(): Benches {
  try {
    // Not a static import: src must build without bench/, as the Docker image builds it.
    return require('../../bench/run') as Benches;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error('signpost bench: the benchmarks are not in the production image (they need the dev dependencies). Run them from a checkout: npm ci, then npm run bench.');
  }
}

export function registerBench(program: Command): void {
  program
    .command('bench [names...]')
    .description('run the benchmarks (all, or the named ones) and write bench/results/latest.json; from a checkout, not the production image')
    .action(async (names: string[]) => {
      await loadBenches().runBenches(names, (line) => process.stdout.write(`${line}\n`));
    });
}
