/**
 * Brings a database's collections and indexes up to what the schemas declare, at every start, without mongoose's
 * syncIndexes (which drops every index it did not declare, an operator's or Atlas's included, and drops and rebuilds
 * a TTL index whose expireAfterSeconds changed):
 * - a missing collection or index is created;
 * - a TTL index of ours whose expireAfterSeconds differs (RETENTION_DAYS changed) is changed in place with collMod;
 * - an index that is not ours is never dropped; the only indexes ever dropped are RETIRED_INDEXES, which earlier
 *   versions of Signpost created (named, with their key and TTL, below);
 * - another instance starting at the same moment is expected: "already exists" answers (NamespaceExists,
 *   IndexOptionsConflict, IndexKeySpecsConflict, IndexAlreadyExists, IndexNotFound on a drop) mean it got there first,
 *   and the index is looked at again and brought in line (one retry).
 * An index of ours whose other options differ (unique, sparse, partial filter) is reported, not rebuilt: that needs an
 * operator (drop it by hand; the next start creates it).
 */
import type { Connection, Model } from 'mongoose';

type Key = Record<string, unknown>;
interface ListedIndex {
  name: string;
  key: Key;
  expireAfterSeconds?: number;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: unknown;
}

/** Indexes earlier versions created and this one no longer wants: dropped if found exactly so (name, key, TTL). */
export const RETIRED_INDEXES: Record<string, { name: string; key: Key; ttl: boolean }[]> = {
  // Web chat expired activity by activity (a long conversation lost its start): now the retention sweep removes a
  // conversation with all its activities once it has been idle past retention (MongoDirectLineStore).
  directLineActivities: [{ name: 'createdAt_1', key: { createdAt: 1 }, ttl: true }],
  directLineConversations: [{ name: 'lastActivityAt_1', key: { lastActivityAt: 1 }, ttl: true }],
};

export interface IndexReport {
  created: string[];
  /** TTLs changed in place (collMod). */
  changedTtl: string[];
  /** Retired indexes of ours that were dropped. */
  dropped: string[];
  /** Indexes of ours whose options differ from the schema's other than the TTL: left as they are. */
  differing: string[];
}

const RACE = new Set(['NamespaceExists', 'IndexOptionsConflict', 'IndexKeySpecsConflict', 'IndexAlreadyExists', 'IndexBuildAlreadyInProgress']);
const codeName = (error: unknown) => (error as { codeName?: string } | null)?.codeName;
const sameKey = (a: Key, b: Key) => JSON.stringify(a) === JSON.stringify(b);

export async function ensureIndexes(connection: Connection, models: Model<unknown>[]): Promise<IndexReport> {
  const report: IndexReport = { created: [], changedTtl: [], dropped: [], differing: [] };
  for (const model of models) await ensureModel(connection, model, report);
  return report;
}

async function ensureModel(connection: Connection, model: Model<unknown>, report: IndexReport): Promise<void> {
  const name = model.collection.collectionName;
  await model.createCollection().catch((error: unknown) => {
    if (codeName(error) !== 'NamespaceExists') throw error;
  });
  const listed = await listIndexes(model);
  for (const retired of RETIRED_INDEXES[name] ?? []) {
    const found = listed.find((i) => i.name === retired.name && sameKey(i.key, retired.key) && (i.expireAfterSeconds !== undefined) === retired.ttl);
    if (!found) continue;
    await model.collection.dropIndex(retired.name).catch((error: unknown) => {
      if (codeName(error) !== 'IndexNotFound') throw error; // another instance dropped it first
    });
    report.dropped.push(`${name}.${retired.name}`);
  }
  for (const [key, options] of model.schema.indexes() as [Key, Record<string, unknown>][]) {
    await ensureIndex(connection, model, key, options, report, true);
  }
}

async function ensureIndex(connection: Connection, model: Model<unknown>, key: Key, options: Record<string, unknown>, report: IndexReport, mayRetry: boolean): Promise<void> {
  const name = model.collection.collectionName;
  const existing = (await listIndexes(model)).find((i) => sameKey(i.key, key));
  if (!existing) {
    try {
      await model.collection.createIndex(key as never, options);
      report.created.push(`${name}.${JSON.stringify(key)}`);
      return;
    } catch (error) {
      // Another instance created it a moment ago (perhaps with another TTL): look again.
      if (mayRetry && RACE.has(codeName(error) ?? '')) return ensureIndex(connection, model, key, options, report, false);
      throw error;
    }
  }
  const wantedTtl = options.expireAfterSeconds as number | undefined;
  if (wantedTtl !== undefined && existing.expireAfterSeconds !== undefined && existing.expireAfterSeconds !== wantedTtl) {
    await connection.db!.command({ collMod: name, index: { keyPattern: key, expireAfterSeconds: wantedTtl } });
    report.changedTtl.push(`${name}.${existing.name}`);
    return;
  }
  const differs =
    (wantedTtl !== undefined) !== (existing.expireAfterSeconds !== undefined) ||
    Boolean(options.unique) !== Boolean(existing.unique) ||
    Boolean(options.sparse) !== Boolean(existing.sparse) ||
    JSON.stringify(options.partialFilterExpression) !== JSON.stringify(existing.partialFilterExpression);
  if (differs) report.differing.push(`${name}.${existing.name}`);
}

async function listIndexes(model: Model<unknown>): Promise<ListedIndex[]> {
  try {
    return (await model.collection.listIndexes().toArray()) as unknown as ListedIndex[];
  } catch (error) {
    if (codeName(error) === 'NamespaceNotFound') return [];
    throw error;
  }
}
