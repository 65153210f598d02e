/**
 * The bot-state eTag contract, shared by every Storage adapter. It follows botbuilder's MemoryStorage: an item is
 * stored as JSON text (so what comes back is exactly what MemoryStorage would give: Dates become ISO strings), a
 * write with "*" or no eTag overwrites, a write whose eTag matches the stored one replaces it, and any other write
 * fails with an ETagConflictError whose message contains "eTag conflict". The text is the item without its eTag,
 * which is kept beside it (text written by earlier versions holds the eTag too, and reads the same).
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';

/**
 * Bot state kept as JSON text can be read and written as that text: conversation state (SnapshotConversationState)
 * compares and writes the text it has already made instead of parsing or stringifying it once more.
 */
export interface JsonTextStorage {
  /** The item's JSON text (without its eTag), or undefined when there is none. */
  readJson(key: string): Promise<string | undefined>;
  /** Writes an item given as JSON text of an object (without its eTag) whatever is stored, as a write with eTag "*". */
  writeJson(key: string, json: string): Promise<void>;
}

export function isJsonTextStorage(storage: Storage): storage is Storage & JsonTextStorage {
  const s = storage as Partial<JsonTextStorage>;
  return typeof s.readJson === 'function' && typeof s.writeJson === 'function';
}

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/** True when a write carrying `incoming` may replace an item whose stored eTag is `stored` (undefined: no item). */
export function writeAllowed(incoming: string | undefined, stored: string | undefined): boolean {
  return stored === undefined || !incoming || incoming === '*' || incoming === stored;
}

export function newETag(): string {
  return randomUUID();
}

/** The stored text of an item: the item without its eTag. */
export function serialiseItem(item: StoreItem): string {
  const { eTag: _eTag, ...rest } = item ?? {};
  return JSON.stringify(rest);
}

/** The item stored as `json`, with its eTag. */
export function parseItem(json: string, eTag: string): StoreItem {
  const item = JSON.parse(json) as StoreItem;
  item.eTag = eTag;
  return item;
}

/** The text writeJson takes must be a JSON object; it is stored as given. */
export function requireJsonObject(json: unknown): string {
  if (typeof json !== 'string' || !json.startsWith('{') || !json.endsWith('}')) throw new TypeError('Bot state is written as the JSON text of an object.');
  return json;
}

export function requireKeys(keys: unknown, what: 'reading' | 'deleting'): string[] {
  if (!Array.isArray(keys)) throw new ReferenceError(`Keys are required when ${what}.`);
  return keys as string[];
}

export function requireKey(key: unknown, what: 'reading' | 'writing'): string {
  if (typeof key !== 'string' || key === '') throw new ReferenceError(`A key is required when ${what}.`);
  return key;
}

export function requireChanges(changes: unknown): Record<string, StoreItem> {
  if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
  return changes as Record<string, StoreItem>;
}
