/**
 * Bot Framework state (conversation and user state) in the embedded store, with MemoryStorage's eTag contract.
 *
 * Every conversation turn reads and writes its state, so this port does not go through nedb: the items are held in a
 * Map and each write appends one line per item to bot-state.db through an AppendLog (the file stays open; one write
 * call per write, none of nedb's indexing, copying or open and close). Reads answer from memory. The file keeps nedb's line format
 * (`{"_id","eTag","json","updatedAt":{"$$date"}}`, `{"$$deleted":true,"_id"}`), so a data folder written by nedb opens
 * here and the other way round. A write is acknowledged once its lines are written, and only then do reads see it;
 * the eTag check counts writes already accepted, so of two writers holding the same eTag exactly one wins.
 */
import type { StoreItems } from 'botbuilder';
import { ETagConflictError, newETag, parseItem, requireChanges, requireJsonObject, requireKey, requireKeys, serialiseItem, writeAllowed } from '../shared/botStateContract';
import type { BotStateStore } from '../shared/personalData';
import { AppendLog } from './appendLog';

interface Held {
  eTag: string;
  json: string;
  /** ms since the epoch. */
  updatedAt: number;
}

/** A write or delete accepted but not yet written; `eTag` is undefined for a delete. Compared by identity. */
interface Accepted {
  eTag?: string;
}

/** Appended bytes (and at least the file's compacted size) that make the file compact itself. */
export const DEFAULT_COMPACT_AFTER_BYTES = 32 * 1024 * 1024;

function docLine(key: string, held: Held): string {
  return JSON.stringify({ _id: key, eTag: held.eTag, json: held.json, updatedAt: { $$date: held.updatedAt } });
}

export class EmbeddedBotState implements BotStateStore {
  /** What has been written. */
  private readonly items = new Map<string, Held>();
  /** The latest accepted write or delete of a key while it is being written. */
  private readonly accepted = new Map<string, Accepted>();
  private log!: AppendLog;
  private compacting: Promise<void> | undefined;

  private constructor(private readonly compactAfterBytes: number) {}

  /**
   * Opens bot-state.db (nedb's format), then compacts it as nedb does on loading. Besides the store's timer, it
   * compacts itself whenever what was appended since the last compaction reaches `compactAfterBytes` and the size the
   * file had then (every turn appends the whole conversation state, so under load the file grows by megabytes a
   * minute).
   */
  static async open(filename: string, { compactAfterBytes = DEFAULT_COMPACT_AFTER_BYTES } = {}): Promise<EmbeddedBotState> {
    const state = new EmbeddedBotState(compactAfterBytes);
    state.log = await AppendLog.open(filename, (line) => state.replay(line));
    await state.compact();
    return state;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of requireKeys(keys, 'reading')) {
      const held = this.items.get(key);
      if (held) items[key] = parseItem(held.json, held.eTag);
    }
    return items;
  }

  async readJson(key: string): Promise<string | undefined> {
    return this.items.get(requireKey(key, 'reading'))?.json;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(requireChanges(changes));
    for (const [key, item] of entries) {
      if (!writeAllowed(item?.eTag, this.currentETag(key))) throw new ETagConflictError(key);
    }
    await this.put(entries.map(([key, item]) => ({ key, json: serialiseItem(item) })));
  }

  async writeJson(key: string, json: string): Promise<void> {
    await this.put([{ key: requireKey(key, 'writing'), json: requireJsonObject(json) }]);
  }

  async delete(keys: string[]): Promise<void> {
    await this.remove(requireKeys(keys, 'deleting').filter((key) => this.currentETag(key) !== undefined));
  }

  /** Retention: removes state not written since the cutoff. */
  async purgeOlderThan(cutoff: Date): Promise<number> {
    const doomed = [...this.items].filter(([key, held]) => held.updatedAt < cutoff.getTime() && !this.accepted.has(key)).map(([key]) => key);
    await this.remove(doomed);
    return doomed.length;
  }

  /** Rewrites the file with only the current items. */
  compact(): Promise<void> {
    return this.log.rewrite(() => [...this.items].map(([key, held]) => docLine(key, held)));
  }

  close(): Promise<void> {
    return this.log.close();
  }

  /** Writes items (their eTags already checked), each with a new eTag, then compacts the file if it has outgrown. */
  private async put(entries: { key: string; json: string }[]): Promise<void> {
    const updatedAt = Date.now();
    const writes = entries.map(({ key, json }) => {
      const eTag = newETag();
      return { key, marker: { eTag }, held: { eTag, json, updatedAt } };
    });
    await this.commit(
      writes.map((w) => ({ key: w.key, marker: w.marker })),
      writes.map((w) => docLine(w.key, w.held)),
      () => writes.forEach((w) => this.items.set(w.key, w.held)),
    );
    if (!this.compacting && this.log.outgrown(this.compactAfterBytes)) {
      // A failure here is left to the next write or the store's timer to try again.
      this.compacting = this.compact()
        .catch(() => undefined)
        .finally(() => (this.compacting = undefined));
    }
  }

  private async remove(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.commit(
      keys.map((key) => ({ key, marker: {} })),
      keys.map((key) => JSON.stringify({ $$deleted: true, _id: key })),
      () => keys.forEach((key) => this.items.delete(key)),
    );
  }

  /** The eTag a write must match: that of the latest accepted change, else of what is written. */
  private currentETag(key: string): string | undefined {
    const accepted = this.accepted.get(key);
    return accepted ? accepted.eTag : this.items.get(key)?.eTag;
  }

  /** Marks the changes accepted, writes their lines, applies them once written; a failed write is forgotten. */
  private async commit(changes: { key: string; marker: Accepted }[], lines: string[], apply: () => void): Promise<void> {
    for (const { key, marker } of changes) this.accepted.set(key, marker);
    const settle = (): void => {
      for (const { key, marker } of changes) if (this.accepted.get(key) === marker) this.accepted.delete(key);
    };
    try {
      await this.log.append(lines, () => {
        apply();
        settle();
      });
    } catch (error) {
      settle();
      throw error;
    }
  }

  private replay(line: string): void {
    const doc = JSON.parse(line) as Record<string, unknown>;
    const key = doc._id;
    if (typeof key === 'string' && key !== '') {
      if (doc.$$deleted === true) {
        this.items.delete(key);
        return;
      }
      const updatedAt = (doc.updatedAt as { $$date?: unknown } | undefined)?.$$date;
      if (typeof doc.eTag !== 'string' || typeof doc.json !== 'string' || typeof updatedAt !== 'number') throw new Error('not a bot-state item');
      this.items.set(key, { eTag: doc.eTag, json: doc.json, updatedAt });
    } else if (!('$$indexCreated' in doc) && !('$$indexRemoved' in doc)) {
      throw new Error('not a bot-state line');
    }
  }
}
