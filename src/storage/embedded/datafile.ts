/**
 * Opening one nedb data file under the data folder. nedb appends each acknowledged write as one whole line; a process
 * killed mid-append (kill -9, power cut) can leave a torn last line that was never acknowledged. That line is cut off
 * before loading, so nedb's corruption guard (which refuses a small file with one bad line in it) does not stop a
 * restart, and nothing acknowledged is touched. Appends are made synchronously (appendNow), and a write whose append
 * fails is taken back out of memory (rollBackFailedWrites).
 */
import { appendFileSync, promises as fs } from 'node:fs';
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
  rollBackFailedWrites(db, filename);
  return db;
}

// nedb's own serialisation of a document to its line ($$date for dates, key checks), as its appends use it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nedbModel = require('@seald-io/nedb/lib/model') as { serialize(doc: unknown): string };

/**
 * What nedb's append does (a line per document, appended to the file), but at once and synchronously instead of an
 * asynchronous open, write and close on libuv's thread pool. nedb runs one operation at a time per file, and each
 * waited for those three round trips, whose completions queue behind every other turn's work on the event loop: when
 * 50 people sent their referrals at the same moment the last waited two seconds; now about a tenth of that. The cost
 * is tens of microseconds of the event loop per write to a local disk. By path, so a folder that has gone away fails
 * the write as before.
 */
function appendNow(filename: string, docs: unknown[]): void {
  const text = docs.map((doc) => `${nedbModel.serialize(doc)}\n`).join('');
  if (text.length > 0) appendFileSync(filename, text, 'utf8');
}

/** The parts of nedb 4 (pinned in package.json) that rollBackFailedWrites reaches into. */
interface NedbInternals {
  executor: { pushAsync<T>(task: () => Promise<T>, forceQueuing?: boolean): Promise<T> };
  persistence: {
    persistNewStateAsync(docs: unknown[]): Promise<void>;
    treatRawData(raw: string): Promise<{ data: unknown[] }>;
  };
  _resetIndexes(data: unknown[]): void;
}

/**
 * nedb changes its memory first and appends to the file second, and keeps the change when the append fails: reads
 * would see what the caller was told had failed, and the next compaction would write it to disk for good. After a
 * failed append the memory is made to match the file again (a part-written line cut off first) before the failure is
 * reported and before any other operation runs. While the file cannot be read (the disk or folder gone), every
 * operation fails rather than work from memory that may hold the failed change; the first one after the file is back
 * reads it again and carries on.
 */
function rollBackFailedWrites(db: Datastore, filename: string): void {
  const nedb = db as unknown as NedbInternals;
  let stale = false;
  const reread = async (): Promise<void> => {
    await cutTornLastLine(filename);
    const { data } = await nedb.persistence.treatRawData(await fs.readFile(filename, 'utf8'));
    nedb._resetIndexes(data);
    stale = false;
  };
  nedb.persistence.persistNewStateAsync = async (docs) => {
    try {
      appendNow(filename, docs);
    } catch (error) {
      stale = true;
      await reread().catch(() => undefined);
      throw error;
    }
  };
  const push = nedb.executor.pushAsync.bind(nedb.executor);
  nedb.executor.pushAsync = (task, forceQueuing) =>
    push(async () => {
      if (stale) await reread();
      return task();
    }, forceQueuing);
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
