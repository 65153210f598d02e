import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../../src/storage/embedded/database';

/** The embedded store's bytes on disk (the database and its WAL) as text, to search for what must or must not be there. */
export function dataFilesText(dataDir: string): string {
  return [DATABASE_FILE, `${DATABASE_FILE}-wal`]
    .map((name) => path.join(dataDir, name))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n');
}
