/**
 * `signpost practices import <file>`: the GP practice list from NHS ODS's published CSV (epraccur), so that a practice
 * a person names is recorded with its ODS code. Each import replaces the list. Plain text for people, --json for
 * programs. Reads the whole file before touching the store: a file that holds no practices changes nothing.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readEpraccur } from '../services/dataset/practices';
import { withStores } from './withStores';

export interface PracticesImportSummary {
  imported: number;
  skipped: number;
  problems: { line: number; problem: string }[];
}

export function registerPractices(program: Command): void {
  const practices = program.command('practices').description('the GP practice list (NHS ODS) that named practices are matched to');
  practices
    .command('import <file>')
    .description('replace the GP practice list with NHS ODS\'s epraccur CSV (active and dormant practices)')
    .option('--json', 'print {imported, skipped, problems} as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      let content: string;
      try {
        content = readFileSync(file, 'utf8');
      } catch (error) {
        throw new Error(`Could not read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const report = readEpraccur(content);
      if (report.practices.length === 0) {
        const first = report.problems.slice(0, 3).map((p) => `line ${p.line}: ${p.problem}`).join('; ');
        throw new Error(`${file} holds no GP practices in the NHS ODS epraccur layout${first ? ` (${first})` : ''}. The list was not changed.`);
      }
      const imported = await withStores((stores) => stores.practices.replaceAll(report.practices));
      const summary: PracticesImportSummary = { imported, skipped: report.skipped, problems: report.problems };
      if (options.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      const lines = [`imported ${imported} GP practice${imported === 1 ? '' : 's'}; left out ${report.skipped} closed or proposed`];
      if (report.problems.length > 0) {
        lines.push(`${report.problems.length} row${report.problems.length === 1 ? '' : 's'} could not be read:`);
        lines.push(...report.problems.slice(0, 20).map((p) => `  line ${p.line}: ${p.problem}`));
        if (report.problems.length > 20) lines.push(`  ... and ${report.problems.length - 20} more`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
