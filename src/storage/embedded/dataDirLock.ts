/**
 * One process at a time per data folder. nedb keeps each file in memory and rewrites it when compacting, so a second
 * process writing the same files would have its writes silently overwritten. A lock file holding the owner's pid
 * turns that into a clear error; a lock left by a dead process (kill -9, power cut) is taken over.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'embedded-store.lock';

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded store in ${dataDir} is in use by ${pid === process.pid ? 'this process' : `process ${pid}`}. ` +
        'Stop that process first (or close the store), or set MONGODB_URI to share one database between processes.',
    );
    this.name = 'DataDirInUseError';
  }
}

const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = path.resolve(dataDir);
  if (heldHere.has(dir)) throw new DataDirInUseError(dir, process.pid);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await fs.writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(dir);
      return {
        release: async () => {
          heldHere.delete(dir);
          await fs.rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await fs.readFile(file, 'utf8').catch(() => ''), 10);
    // A live owner that is not this process keeps the lock; this process's own pid in the file is a leftover from a
    // previous run that had the same pid (containers), since heldHere says we do not hold it.
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) throw new DataDirInUseError(dir, owner);
    await fs.rm(file, { force: true });
  }
  throw new Error(`Could not take the lock ${file}: another process keeps taking it.`);
}
