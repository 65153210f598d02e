/**
 * Trained models kept on disk between starts, keyed by a hash of everything that went into training them (the
 * examples, the options, a version bumped when the way of training changes). Outside the working directory
 * (os.tmpdir() by default). The cache is an optimisation only: a missing, unreadable or damaged file means training
 * again, and a read-only or full disk means not keeping the result.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DEFAULT_CACHE_DIR = path.join(os.tmpdir(), 'signpost-nlu-cache');

/** A folder for trained models, or false: always train, never write. */
export type CacheDir = string | false;

/** The file a model trained from these parts is kept in, or undefined when nothing is kept. */
export function cacheFile(cacheDir: CacheDir | undefined, name: string, extension: string, ...parts: string[]): string | undefined {
  const dir = cacheDir === undefined ? DEFAULT_CACHE_DIR : cacheDir;
  if (dir === false) return undefined;
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return path.join(dir, `${name}-${hash.digest('hex').slice(0, 24)}.${extension}`);
}

export function readCached(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes whole or not at all (a temporary file renamed), so a reader never sees half a model. */
export function writeCached(file: string | undefined, data: string | Uint8Array): void {
  if (!file) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch {
    // Not kept: the next start trains again.
  }
}

/**
 * Where making a model's training input is itself the cost (normalising thousands of examples), the cache is keyed by
 * a description of everything that decides that input instead (`inputsKey`), and the input is made only to train.
 * The training examples, or a function that makes them.
 */
export type Examples<T> = T | (() => T);

/**
 * What a trained model is kept under, and its examples made at most once: keyed by `inputsKey` when given (the
 * examples then made only if called), otherwise by the examples themselves.
 */
export function trainingInput<T>(examples: Examples<T>, inputsKey?: string): { key: string; examples: () => T } {
  let made: T | undefined;
  const make = (): T => (made ??= typeof examples === 'function' ? (examples as () => T)() : examples);
  return { key: inputsKey === undefined ? JSON.stringify(make()) : `inputs:${inputsKey}`, examples: make };
}

/**
 * A digest of files' contents (source code, word lists): part of an `inputsKey`, so that a change to the code that
 * makes a model's input is never met by a model kept from before it. A file that cannot be read counts as missing.
 */
export function filesDigest(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.basename(file)).update('\0');
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('(missing)');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}
