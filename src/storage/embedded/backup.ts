/**
 * `signpost backup <file>`: a consistent copy of the embedded store's database made with SQLite's online backup API
 * (better-sqlite3's `backup`), safe while the server runs and writes. The copy is a complete `signpost.db` (its WAL
 * folded in): to restore, stop Signpost and put it in the data folder as `signpost.db` (removing any `signpost.db-wal`
 * and `-shm` left there). It is written 0600, as it holds everything the store does, and checked before it is reported.
 */
import { chmodSync, existsSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from './database';
import { importNedbFolder } from './importNedb';

export interface BackupReport {
  file: string;
  bytes: number;
  pages: number;
}

export class BackupExistsError extends Error {
  constructor(file: string) {
    super(`${file} exists already: give a new file name (a backup never overwrites).`);
    this.name = 'BackupExistsError';
  }
}

export async function backupEmbeddedStore(dataDir: string, destination: string): Promise<BackupReport> {
  if (existsSync(destination)) throw new BackupExistsError(destination);
  const database = openDatabase(dataDir);
  try {
    // A folder not yet upgraded from nedb is imported first, as the server would on its next start.
    importNedbFolder(database, dataDir);
    // Every page in one step, under one read transaction: a write by another process (the server) between steps
    // would restart the copy, so a busy server could keep a step-by-step copy from ever finishing.
    const { totalPages } = await database.db.backup(destination, { progress: () => 0x7fffffff });
    chmodSync(destination, 0o600);
    const copy = new BetterSqlite3(destination, { fileMustExist: true });
    try {
      // One self-contained file (no -wal or -shm beside it); Signpost puts it back in WAL mode when it opens it.
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`The backup in ${destination} failed its check: ${String(check)}`);
    } finally {
      copy.close();
    }
    return { file: destination, bytes: statSync(destination).size, pages: totalPages };
  } finally {
    database.close();
  }
}
