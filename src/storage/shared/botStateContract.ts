/**
 * The bot-state eTag contract, shared by every Storage adapter. It follows botbuilder's MemoryStorage: an item is
 * stored as JSON text (so what comes back is exactly what MemoryStorage would give: Dates become ISO strings), a
 * write with "*" or no eTag overwrites, a write whose eTag matches the stored one replaces it, and any other write
 * fails with an ETagConflictError whose message contains "eTag conflict".
 */
import { randomUUID } from 'node:crypto';
import type { StoreItem } from 'botbuilder';

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

/** The stored text of an item with its new eTag. */
export function serialiseItem(item: StoreItem, eTag: string): string {
  return JSON.stringify({ ...item, eTag });
}

export function parseItem(json: string): StoreItem {
  return JSON.parse(json) as StoreItem;
}

export function requireKeys(keys: unknown, what: 'reading' | 'deleting'): string[] {
  if (!Array.isArray(keys)) throw new ReferenceError(`Keys are required when ${what}.`);
  return keys as string[];
}

export function requireChanges(changes: unknown): Record<string, StoreItem> {
  if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
  return changes as Record<string, StoreItem>;
}
