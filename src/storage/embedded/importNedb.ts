/**
 * Upgrading from the nedb embedded store (Signpost before SQLite): on first start, a data folder that still holds
 * nedb's files is imported into signpost.db, so nobody loses data by upgrading. The files are read as that release
 * read them (nedb's line format: each line a document or a change, the last one for an _id wins, `$$deleted` removes,
 * dates as {"$$date": ms}; a torn last line, never acknowledged, is dropped; more than 10% bad lines stops the import,
 * as nedb refused such a file), written in one transaction with a row in `imports` saying what came in, and then moved
 * (not deleted) into a folder `nedb-imported-<time>` beside the database, to be removed by hand once the upgrade is
 * checked. A folder still in use by a running nedb Signpost (its lock file names a live process) is refused.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Database } from './database';
import { toJson } from './json';

/** The nedb store's files, one per port, as the release before SQLite wrote them. */
export const NEDB_DATA_FILES = {
  botState: 'bot-state.db',
  referrals: 'referrals.db',
  handoffs: 'handoffs.db',
  directory: 'directory.db',
  audit: 'audit.db',
  directLineConversations: 'directline-conversations.db',
  directLineActivities: 'directline-activities.db',
  consoleUsers: 'console-users.db',
  consoleSessions: 'console-sessions.db',
  smsOutbox: 'sms-outbox.db',
  smsContacts: 'sms-contacts.db',
} as const;
export const NEDB_LOCK_FILE = 'embedded-store.lock';

type NedbFile = keyof typeof NEDB_DATA_FILES;
type Doc = Record<string, unknown> & { _id: string };
export type ImportCounts = Partial<Record<NedbFile, number>>;

/** nedb's own deserialisation (lib/model.js): {"$$date": n} becomes a Date at any depth. */
function deserialise(line: string): Record<string, unknown> {
  return JSON.parse(line, function (key: string, value: unknown) {
    if (key === '$$date') return new Date(value as number);
    if (value !== null && typeof value === 'object' && (value as { $$date?: unknown }).$$date) return (value as { $$date: unknown }).$$date;
    return value;
  }) as Record<string, unknown>;
}

/** The documents of one nedb file as that release loaded them, by _id in first-written order. */
export function readNedbFile(file: string): Doc[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  // An unterminated last line is a write that never completed (the release cut it off before loading).
  if (!text.endsWith('\n')) lines.pop();
  const docs = new Map<string, Doc>();
  let bad = 0;
  let total = 0;
  for (const line of lines) {
    if (line === '') continue;
    total += 1;
    let doc: Record<string, unknown>;
    try {
      doc = deserialise(line);
    } catch {
      bad += 1;
      continue;
    }
    if (doc.$$deleted === true && typeof doc._id === 'string') docs.delete(doc._id);
    else if (typeof doc._id === 'string') docs.set(doc._id, doc as Doc);
    else if (!('$$indexCreated' in doc) && !('$$indexRemoved' in doc)) bad += 1;
  }
  if (total > 0 && bad / total > 0.1) throw new Error(`The nedb file ${file} could not be imported: ${bad} of its ${total} lines are not documents.`);
  return [...docs.values()];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The nedb files present in the folder. */
export function nedbFilesIn(dataDir: string): NedbFile[] {
  return (Object.keys(NEDB_DATA_FILES) as NedbFile[]).filter((name) => existsSync(path.join(dataDir, NEDB_DATA_FILES[name])));
}

/**
 * Imports a nedb data folder into the database once; returns what was imported (undefined when there was nothing to
 * import, or another process imported it first).
 */
export function importNedbFolder(database: Database, dataDir: string, now = new Date()): ImportCounts | undefined {
  const present = nedbFilesIn(dataDir);
  if (present.length === 0) return undefined;
  const lockFile = path.join(dataDir, NEDB_LOCK_FILE);
  const owner = existsSync(lockFile) ? Number.parseInt(readFileSync(lockFile, 'utf8'), 10) : NaN;
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
    throw new Error(`The nedb data in ${dataDir} is in use by process ${owner} (a Signpost from before SQLite): stop it, then start this one to import its data.`);
  }
  const read = Object.fromEntries(present.map((name) => [name, readNedbFile(path.join(dataDir, NEDB_DATA_FILES[name]))])) as Partial<Record<NedbFile, Doc[]>>;
  const { db } = database;
  const counts = db.transaction((): ImportCounts | undefined => {
    if (db.prepare(`SELECT 1 FROM imports WHERE source = 'nedb'`).get()) return undefined;
    const counts: ImportCounts = {};
    const rows = (name: NedbFile, insert: (doc: Doc) => boolean | void): void => {
      let n = 0;
      for (const doc of read[name] ?? []) if (insert(doc) !== false) n += 1;
      if (read[name]) counts[name] = n;
    };
    const put = (table: string, key: string) => {
      const stmt = db.prepare(`INSERT OR REPLACE INTO ${table} (${key}, doc) VALUES (?, ?)`);
      return ({ _id, ...rest }: Doc) => void stmt.run(_id, toJson(rest));
    };
    rows('referrals', put('referrals', 'reference'));
    const handoff = db.prepare('INSERT OR REPLACE INTO handoffs (id, doc) VALUES (?, ?)');
    const entry = db.prepare('INSERT INTO handoff_entries (handoff_id, kind, at, bytes, entry) VALUES (?, ?, ?, ?, ?)');
    rows('handoffs', ({ _id, transcript, notes, ...rest }) => {
      handoff.run(_id, toJson(rest));
      for (const [kind, list] of [['transcript', transcript], ['note', notes]] as const) {
        for (const item of (list as { at?: Date }[] | undefined) ?? []) {
          const json = toJson(item);
          entry.run(_id, kind, item.at instanceof Date ? item.at.getTime() : 0, Buffer.byteLength(json), json);
        }
      }
    });
    rows('directory', put('directory_services', 'id'));
    const audit = db.prepare('INSERT INTO audit (at, seq, actor, action, record_type, record_id) VALUES (?, ?, ?, ?, ?, ?)');
    const auditDocs = [...(read.audit ?? [])].sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime() || Number(a.seq ?? 0) - Number(b.seq ?? 0));
    read.audit = auditDocs;
    rows('audit', (doc) => void audit.run((doc.at as Date).getTime(), Number(doc.seq ?? (doc.at as Date).getTime() * 1000), doc.actor, doc.action, doc.recordType, doc.recordId));
    rows('consoleUsers', put('console_users', 'id'));
    rows('consoleSessions', put('console_sessions', 'id'));
    const conversation = db.prepare('INSERT OR REPLACE INTO directline_conversations (id, user_id, locale, created_at, last_watermark, last_activity_at) VALUES (?, ?, ?, ?, ?, ?)');
    rows('directLineConversations', (doc) => void conversation.run(doc._id, doc.userId, (doc.locale as string | undefined) ?? null, (doc.createdAt as Date).getTime(), doc.lastWatermark, (doc.lastActivityAt as Date).getTime()));
    const activity = db.prepare('INSERT OR REPLACE INTO directline_activities (conversation_id, watermark, created_at, json) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM directline_conversations WHERE id = ?)');
    // An activity whose conversation is gone (removed between the two files' writes) has nothing to belong to.
    rows('directLineActivities', (doc) => activity.run(doc.conversationId, doc.watermark, (doc.createdAt as Date).getTime(), doc.json, doc.conversationId).changes > 0);
    rows('smsOutbox', put('sms_outbox', 'id'));
    const contact = db.prepare('INSERT OR REPLACE INTO sms_contacts (phone, doc) VALUES (?, ?)');
    rows('smsContacts', ({ _id, choicesJson, ...rest }) => void contact.run(_id, toJson({ ...rest, choices: JSON.parse((choicesJson as string | undefined) ?? '[]') as unknown })));
    const state = db.prepare('INSERT OR REPLACE INTO bot_state (key, etag, json, updated_at) VALUES (?, ?, ?, ?)');
    rows('botState', (doc) => void state.run(doc._id, doc.eTag, doc.json, (doc.updatedAt as Date).getTime()));
    db.prepare(`INSERT INTO imports (source, at, counts) VALUES ('nedb', ?, ?)`).run(now.getTime(), JSON.stringify(counts));
    return counts;
  }).immediate();
  moveAside(dataDir, present, now);
  return counts;
}

/** Moves the imported files into nedb-imported-<time>/ (0700): kept until someone removes them, never read again. */
function moveAside(dataDir: string, files: NedbFile[], now: Date): void {
  const folder = path.join(dataDir, `nedb-imported-${now.toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  for (const name of files) {
    try {
      renameSync(path.join(dataDir, NEDB_DATA_FILES[name]), path.join(folder, NEDB_DATA_FILES[name]));
    } catch (error) {
      // Another process starting at the same moment moved it first.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  rmSync(path.join(dataDir, NEDB_LOCK_FILE), { force: true });
}
