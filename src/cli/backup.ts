/** `signpost backup <file>`: a copy of the embedded store, made while it runs (see storage/embedded/backup.ts). */
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, loadDotEnvFile } from '../config';
import { backupEmbeddedStore } from '../storage/embedded/backup';

export function registerBackup(program: Command): void {
  program
    .command('backup <file>')
    .description('copy the embedded store (SQLite) to <file>, safely while the server runs; with MongoDB use mongodump')
    .option('--json', 'print { file, bytes, pages } as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      loadDotEnvFile();
      const config = loadConfig();
      if (config.storage.mongoUri) throw new Error('MONGODB_URI is set: back MongoDB up with its own tools (mongodump, or Atlas backups).');
      const report = await backupEmbeddedStore(config.storage.dataDir, path.resolve(file));
      if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else process.stdout.write(`Backed up ${config.storage.dataDir} to ${report.file} (${(report.bytes / 1024).toFixed(0)} KB).\n`);
    });
}
