/**
 * The recent turns of each conversation (RecentTurns) in the embedded store: an append-only file of JSON lines
 * (recent-turns.db) through an AppendLog, as EmbeddedBotState keeps bot state, held in memory (the last RECENT_LINES
 * of each conversation). A turn appends one line carrying its new lines; erasure and retention append a deletion. An
 * append is acknowledged once written (it survives kill -9) and only then do reads see it. The file compacts itself
 * (one line per conversation) when it has outgrown its last compaction, besides the store's timer.
 */
import { lastLines, RECENT_LINES, storedLine, type RecentLine, type RecentTurns } from '../../services/transcript/RecentTurns';
import { AppendLog } from './appendLog';

interface Held {
  lines: RecentLine[];
  /** ms since the epoch of the last append. */
  updatedAt: number;
}

/** Appended bytes (and at least the file's compacted size) that make the file compact itself. */
export const DEFAULT_COMPACT_AFTER_BYTES = 8 * 1024 * 1024;

function appendLine(key: string, lines: RecentLine[], updatedAt: number): string {
  return JSON.stringify({ _id: key, lines, updatedAt });
}

function isLine(value: unknown): value is RecentLine {
  const line = value as RecentLine;
  return typeof line === 'object' && line !== null && (line.from === 'patient' || line.from === 'bot') && typeof line.text === 'string' && typeof line.at === 'string';
}

export class EmbeddedRecentTurns implements RecentTurns {
  private readonly held = new Map<string, Held>();
  private log!: AppendLog;
  private compacting: Promise<void> | undefined;

  private constructor(private readonly compactAfterBytes: number) {}

  /** Opens (or creates) the file and compacts it. */
  static async open(filename: string, { compactAfterBytes = DEFAULT_COMPACT_AFTER_BYTES } = {}): Promise<EmbeddedRecentTurns> {
    const store = new EmbeddedRecentTurns(compactAfterBytes);
    store.log = await AppendLog.open(filename, (line) => store.replay(line));
    await store.compact();
    return store;
  }

  async append(conversationKey: string, lines: RecentLine[]): Promise<void> {
    requireKey(conversationKey);
    if (lines.length === 0) return;
    const kept = lastLines(lines.map(storedLine));
    const updatedAt = Date.now();
    await this.log.append([appendLine(conversationKey, kept, updatedAt)], () => this.add(conversationKey, kept, updatedAt));
    if (!this.compacting && this.log.outgrown(this.compactAfterBytes)) {
      // A failure here is left to the next append or the store's timer to try again.
      this.compacting = this.compact()
        .catch(() => undefined)
        .finally(() => (this.compacting = undefined));
    }
  }

  async recent(conversationKey: string, limit = RECENT_LINES): Promise<RecentLine[]> {
    return lastLines(this.held.get(conversationKey)?.lines ?? [], limit).map((line) => ({ ...line }));
  }

  async erase(conversationKeys: string[]): Promise<number> {
    return this.remove([...new Set(conversationKeys)].filter((key) => this.held.has(key)));
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return this.remove([...this.held].filter(([, held]) => held.updatedAt < cutoff.getTime()).map(([key]) => key));
  }

  /** Rewrites the file with one line per conversation. */
  compact(): Promise<void> {
    return this.log.rewrite(() => [...this.held].map(([key, held]) => appendLine(key, held.lines, held.updatedAt)));
  }

  close(): Promise<void> {
    return this.log.close();
  }

  private async remove(keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    await this.log.append(
      keys.map((key) => JSON.stringify({ $$deleted: true, _id: key })),
      () => keys.forEach((key) => this.held.delete(key)),
    );
    return keys.length;
  }

  private add(key: string, lines: RecentLine[], updatedAt: number): void {
    const held = this.held.get(key);
    if (!held) {
      this.held.set(key, { lines, updatedAt });
      return;
    }
    held.lines = lastLines(held.lines.concat(lines));
    held.updatedAt = updatedAt;
  }

  private replay(text: string): void {
    const doc = JSON.parse(text) as { _id?: unknown; $$deleted?: unknown; lines?: unknown; updatedAt?: unknown };
    if (typeof doc._id !== 'string' || doc._id === '') throw new Error('not a recent-turns line');
    if (doc.$$deleted === true) {
      this.held.delete(doc._id);
      return;
    }
    if (!Array.isArray(doc.lines) || !doc.lines.every(isLine) || typeof doc.updatedAt !== 'number') throw new Error('not a recent-turns line');
    this.add(doc._id, doc.lines, doc.updatedAt);
  }
}

function requireKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new Error('A conversation key is required');
}
