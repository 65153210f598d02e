import type { Command } from 'commander';
import { startServer } from '../start';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the Signpost server (web chat, SMS webhook, Bot Framework endpoint, link worker console)')
    .action(async () => {
      await startServer();
    });
}
