/**
 * Opening one nedb data file under the data folder. nedb appends each acknowledged write as one whole line; a process
 * killed mid-append (kill -9, power cut) can leave a torn last line that was never acknowledged. That line is cut off
 * before loading, so nedb's corruption guard (which refuses a small file with one bad line in it) does not stop a
 * restart, and nothing acknowledged is touched.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import Datastore from '@seald-io/nedb';

export interface DatafileOptions {
  /** Fields to index. */
  indexes?: { fieldName: string; unique?: boolean }[];
}

export async function openDatafile<T extends Record<string, unknown>>(dataDir: string, name: string, options: DatafileOptions = {}): Promise<Datastore<T>> {
  await fs.mkdir(dataDir, { recursive: true });
  const filename = path.join(dataDir, name);
  await cutTornLastLine(filename);
  const db = new Datastore<T>({ filename });
  try {
    await db.loadDatabaseAsync();
  } catch (error) {
    throw new Error(`The embedded store could not load ${filename}: ${(error as Error).message}`, { cause: error });
  }
  for (const index of options.indexes ?? []) await db.ensureIndexAsync(index);
  return db;
}

/** Removes an unterminated last line (a write that never completed); returns true when it did. */
export async function cutTornLastLine(filename: string): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(filename, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === 0x0a) return false;
    const content = await handle.readFile();
    const keep = content.lastIndexOf(0x0a) + 1;
    await handle.truncate(keep);
    await handle.sync();
    return true;
  } finally {
    await handle.close();
  }
}
