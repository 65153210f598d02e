/**
 * Bot Framework state (conversation and user state) in the embedded store's `bot_state` table, with MemoryStorage's
 * eTag contract. Each item is a row: its JSON text (without the eTag), the eTag and when it was written. A write with
 * an eTag checks it and writes in one immediate transaction, so of two writers holding the same eTag exactly one wins,
 * in this process or another. Written through the database's synchronous=NORMAL connection (database.ts): one write a
 * turn, safe from a crash of the process, not fsync'ed each time.
 */
import type { StoreItems } from 'botbuilder';
import type { Statement } from 'better-sqlite3';
import { ETagConflictError, newETag, parseItem, requireChanges, requireJsonObject, requireKey, requireKeys, serialiseItem, writeAllowed } from '../shared/botStateContract';
import type { BotStateStore } from '../shared/personalData';
import { openDatabase, type Database, type Db } from './database';

interface Row {
  key: string;
  etag: string;
  json: string;
}

export class EmbeddedBotState implements BotStateStore {
  private readonly getRow: Statement<[string], Row>;
  private readonly getETag: Statement<[string], { etag: string }>;
  private readonly put: Statement<[string, string, string, number]>;
  private readonly del: Statement<[string]>;
  private readonly purge: Statement<[number]>;
  private readonly writeChecked: (entries: [string, { eTag?: string }][]) => void;

  constructor(db: Db, private readonly check: () => void = () => undefined, private readonly onClose?: () => void) {
    this.getRow = db.prepare('SELECT key, etag, json FROM bot_state WHERE key = ?');
    this.getETag = db.prepare('SELECT etag FROM bot_state WHERE key = ?');
    this.put = db.prepare('INSERT INTO bot_state (key, etag, json, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, json = excluded.json, updated_at = excluded.updated_at');
    this.del = db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.purge = db.prepare('DELETE FROM bot_state WHERE updated_at < ?');
    const write = db.transaction((entries: [string, { eTag?: string }][]) => {
      const now = Date.now();
      for (const [key, item] of entries) {
        if (!writeAllowed(item?.eTag, this.getETag.get(key)?.etag)) throw new ETagConflictError(key);
      }
      for (const [key, item] of entries) this.put.run(key, newETag(), serialiseItem(item), now);
    });
    this.writeChecked = (entries) => write.immediate(entries);
  }

  /** Bot state alone in a database of its own under `dataDir` (the bench's floor bot and the tests use it). */
  static async open(dataDir: string): Promise<EmbeddedBotState> {
    const database: Database = openDatabase(dataDir);
    return new EmbeddedBotState(database.normalDb, undefined, () => database.close());
  }

  /** Closes the database when this store opened it (open); otherwise the stores' close() does. */
  async close(): Promise<void> {
    this.onClose?.();
  }

  async read(keys: string[]): Promise<StoreItems> {
    this.check();
    const items: StoreItems = {};
    for (const key of requireKeys(keys, 'reading')) {
      const row = this.getRow.get(key);
      if (row) items[key] = parseItem(row.json, row.etag);
    }
    return items;
  }

  async readJson(key: string): Promise<string | undefined> {
    this.check();
    return this.getRow.get(requireKey(key, 'reading'))?.json;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(requireChanges(changes));
    this.check();
    if (entries.length > 0) this.writeChecked(entries);
  }

  async writeJson(key: string, json: string): Promise<void> {
    const checkedKey = requireKey(key, 'writing');
    const text = requireJsonObject(json);
    this.check();
    this.put.run(checkedKey, newETag(), text, Date.now());
  }

  async delete(keys: string[]): Promise<void> {
    const checked = requireKeys(keys, 'deleting');
    this.check();
    for (const key of checked) this.del.run(key);
  }

  /** Retention: removes state not written since the cutoff. */
  async purgeOlderThan(cutoff: Date): Promise<number> {
    this.check();
    return this.purge.run(cutoff.getTime()).changes;
  }
}
