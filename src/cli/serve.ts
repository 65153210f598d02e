import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the Signpost server (web chat, SMS webhook, Bot Framework endpoint, link worker console)')
    .action(async () => {
      // Loaded when run, so other commands start quickly.
      const { startServer } = require('../start') as typeof import('../start');
      await startServer();
    });
}
