/**
 * The embedded store's one SQLite database (better-sqlite3), `signpost.db` in the data folder: opened with its
 * settings, its folder 0700 and its files 0600, and its schema brought up to date (migrations.ts).
 *
 * Settings: WAL (readers never wait for the writer, and several processes share the file: the server, the CLI, a
 * second server during a rolling restart), `synchronous=FULL` (a commit is on disk, fsync'ed, before it is
 * acknowledged: nothing acknowledged is lost to a crash or a power cut), `busy_timeout` (a process waits up to 5 s for
 * another's write instead of failing), foreign keys on, and `secure_delete` (deleted rows are overwritten, so erased
 * data is not left readable in the file's free pages).
 *
 * better-sqlite3 runs on the event loop, so an fsync holds the whole server (0.3 ms on a quiet disk here, several ms on
 * a busy one). The writes made many times a turn or a text, whose loss in a power cut is harmless or already allowed
 * for, go through a second connection with `synchronous=NORMAL` (`normalDb`): a commit is in the WAL file, safe from
 * a crash or kill -9 of the process, but not fsync'ed each time (the next FULL commit or checkpoint puts it on disk).
 * Those are: bot state (a conversation's place: the person is asked again), web chat activities (already delivered
 * live; the referral itself is FULL), an SMS contact's last-seen time and numbered options, and the outbox's leases
 * and outcomes (a lost lease is claimed again; a lost "sent" sends the text again, as a kill -9 mid-send already can).
 * Everything else is FULL: referrals, handoffs and their messages, queued texts, opt-outs, the audit log, accounts.
 *
 * better-sqlite3 is synchronous: a statement runs to its end on the event loop, so within one process two operations
 * never interleave, and `immediate` transactions (BEGIN IMMEDIATE) take SQLite's write lock before reading, which
 * makes a read-then-write atomic across processes too.
 */
import { closeSync, chmodSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrate } from './migrations';

export const DATABASE_FILE = 'signpost.db';
export const BUSY_TIMEOUT_MS = 5000;

export type Db = BetterSqlite3.Database;

/** Thrown when the file at the database's path is no longer the one open (its folder moved, replaced or deleted). */
export class DatabaseGoneError extends Error {
  constructor(file: string) {
    super(`The embedded store's database ${file} is no longer there (its folder was moved, replaced or deleted); writes would be lost.`);
    this.name = 'DatabaseGoneError';
  }
}

export interface Database {
  file: string;
  /** The main connection: synchronous=FULL. */
  db: Db;
  /** The synchronous=NORMAL connection (see above). */
  normalDb: Db;
  /**
   * Throws DatabaseGoneError unless the file at the path is the one open. SQLite keeps working on an open file that
   * was moved or deleted, so without this a folder removed under a running server would take every later write with
   * it when the process ends. One stat: a few microseconds.
   */
  check(): void;
  close(): void;
}

const kept = new WeakMap<Db, Map<string, BetterSqlite3.Statement>>();

/**
 * The statement for `sql` on this connection, prepared the first time and kept: for queries a turn makes, whose SQL
 * is one of a few fixed variants (SQLite parses and plans a statement each time it is prepared, about as long as
 * running a small query). Only for SQL without values in it (they go in as parameters), so what is kept is bounded.
 */
export function preparedOnce<P extends unknown[] | object = unknown[], R = unknown>(db: Db, sql: string): BetterSqlite3.Statement<P, R> {
  let statements = kept.get(db);
  if (!statements) kept.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement as BetterSqlite3.Statement<P, R>;
}

/** Makes the folder (0700) and the database file (0600) if missing, and tightens both if they are looser. */
export function prepareDataDir(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tighten(dataDir, 0o700);
  const file = path.join(dataDir, DATABASE_FILE);
  closeSync(openSync(file, 'a', 0o600));
  // SQLite creates the -wal and -shm files with the database file's mode.
  for (const name of [file, `${file}-wal`, `${file}-shm`]) tighten(name, 0o600);
  return file;
}

function tighten(name: string, mode: number): void {
  try {
    if ((statSync(name).mode & 0o777 & ~mode) !== 0) chmodSync(name, mode);
  } catch (error) {
    // Missing (-wal, -shm) or not ours to change (a mounted volume): left as it is.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}

function connect(file: string, synchronous: 'FULL' | 'NORMAL'): Db {
  const db = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Only takes on a new, empty file (before WAL mode writes its header): lets the maintenance timer hand free pages
  // back to the file system (incremental_vacuum). On an existing file it changes nothing.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  return db;
}

export function openDatabase(dataDir: string): Database {
  const file = prepareDataDir(dataDir);
  let db: Db | undefined;
  let normalDb: Db | undefined;
  try {
    db = connect(file, 'FULL');
    migrate(db);
    normalDb = connect(file, 'NORMAL');
  } catch (error) {
    normalDb?.close();
    db?.close();
    throw new Error(`The embedded store could not open ${file}: ${(error as Error).message}`, { cause: error });
  }
  tighten(`${file}-wal`, 0o600);
  tighten(`${file}-shm`, 0o600);
  const opened = statSync(file);
  const main = db;
  const state = normalDb;
  return {
    file,
    db: main,
    normalDb: state,
    check: () => {
      let now;
      try {
        now = statSync(file);
      } catch {
        throw new DatabaseGoneError(file);
      }
      if (now.ino !== opened.ino || now.dev !== opened.dev) throw new DatabaseGoneError(file);
    },
    close: () => {
      if (!main.open) return;
      try {
        main.pragma('optimize');
        // PASSIVE: never waits for another process (the server) still writing; the last connection to close
        // checkpoints the rest by itself.
        main.pragma('wal_checkpoint(PASSIVE)');
      } finally {
        state.close();
        main.close();
      }
    },
  };
}
