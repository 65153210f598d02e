/**
 * A recording fake MongoDB driver for the MongoDB adapter's tests (no MongoDB server can run here). A mongoose
 * connection is given a fake `db` whose collections record every call the adapter makes, after mongoose's casting,
 * so a test can assert the exact filter, update, options and index specification sent. The collections also answer:
 * documents are kept in memory and queries, updates (operators and update pipelines) and aggregation pipelines are
 * evaluated by mingo (a maintained MongoDB query and aggregation evaluator), so an adapter method can run end to end.
 *
 * What it is not: a MongoDB server. It enforces unique indexes on insert and upsert only, runs no TTL monitor of its
 * own (runTtlMonitor does it when a test asks, or before every operation with eagerTtl), and a transaction is a
 * snapshot restored on error. Each behaviour a test relies on is stated by that test.
 */
import mongoose, { type Connection } from 'mongoose';
import { aggregate, Context, find, updateOne as mingoUpdateOne } from 'mingo';
import { storesOnConnection } from '../../src/storage/mongo/openMongoStores';
import type { Stores } from '../../src/storage/Stores';

type Doc = Record<string, unknown>;
export interface Call {
  collection: string;
  method: string;
  args: unknown[];
}

export interface FakeIndex {
  name: string;
  key: Record<string, unknown>;
  [option: string]: unknown;
}

/** A server error as the driver raises it (code and codeName). */
export function serverError(code: number, codeName: string, message = codeName): Error {
  return Object.assign(new Error(message), { code, codeName, name: 'MongoServerError' });
}

/** MongoDB's default index name: field_direction pairs joined by "_". */
export function defaultIndexName(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join('_');
}

/** A deep copy in this realm (structuredClone would make Dates of another realm under jest: expect.any(Date) fails). */
function clone<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  }
  return value;
}

function cursor(docs: Doc[]) {
  return {
    toArray: async () => docs,
    next: async () => docs.shift() ?? null,
    close: async () => undefined,
    [Symbol.asyncIterator]: async function* () {
      yield* docs;
    },
  };
}

function valueAt(doc: Doc, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.split('.')) value = value === null || typeof value !== 'object' ? undefined : (value as Doc)[key];
  return value;
}

/** The equality fields of a filter, as an upsert inserts them. */
function equalityFields(filter: Doc): Doc {
  const fields: Doc = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) continue;
    const isOperator = value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$'));
    if (!isOperator) fields[key] = value;
  }
  return fields;
}

/** Every value at a dotted path, through arrays (a multikey path such as "geo.points.point"). */
function valuesAt(value: unknown, path: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (path.length === 0) return [value];
  if (value === null || typeof value !== 'object') return [];
  return valuesAt((value as Doc)[path[0]], path.slice(1));
}

/**
 * $geoWithin with $centerSphere, which mingo lacks: a document matches when any GeoJSON point at the path lies within
 * the spherical cap (great-circle distance in radians, as MongoDB measures it). Only what MongoDirectory sends.
 */
function geoWithin(selector: string, value: unknown): (doc: Doc) => boolean {
  const sphere = (value as { $centerSphere?: [[number, number], number] }).$centerSphere;
  if (!sphere) throw new Error('$geoWithin: only $centerSphere is in the fake');
  const [[lng, lat], radius] = sphere;
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const within = (point: unknown) => {
    const coordinates = (point as { type?: string; coordinates?: [number, number] } | null)?.coordinates;
    if ((point as { type?: string } | null)?.type !== 'Point' || !coordinates) return false;
    const [plng, plat] = coordinates;
    const h = Math.sin((rad(plat) - rad(lat)) / 2) ** 2 + Math.cos(rad(lat)) * Math.cos(rad(plat)) * Math.sin((rad(plng) - rad(lng)) / 2) ** 2;
    return 2 * Math.asin(Math.min(1, Math.sqrt(h))) <= radius;
  };
  return (doc) => valuesAt(doc, selector.split('.')).some(within);
}

const QUERY_OPTIONS = { context: Context.init({ query: { $geoWithin: geoWithin as never } }) };

export type Hook = (call: Call) => unknown;

export class FakeMongo {
  readonly calls: Call[] = [];
  readonly data: Map<string, Doc[]>;
  readonly indexes: Map<string, FakeIndex[]>;
  readonly commands: { command: Doc; options: unknown }[] = [];
  /** Runs before every call; throw (or return a rejected promise) to make the call fail. */
  before?: Hook;
  /** Runs the TTL monitor before every operation (MongoDB's may run at any moment). */
  eagerTtl = false;
  /**
   * Aggregations see documents in reverse order and lose a $sort placed just before a $group, as a server that does
   * not carry a $sort's order into $group's $push would: a pipeline that relies on that order then answers wrongly.
   */
  disorderGroups = false;
  /** What the TTL monitor takes as the time. */
  clock: () => Date = () => new Date();
  readonly connection: Connection;

  /** `sharing`: another fake whose documents and indexes this one sees (a second connection to one database). */
  constructor(options: { sharing?: FakeMongo } = {}) {
    this.data = options.sharing?.data ?? new Map();
    this.indexes = options.sharing?.indexes ?? new Map();
    this.connection = mongoose.createConnection();
    // As connectMongo sets it: commands are never buffered, so they reach the fake db at once.
    (this.connection as unknown as { config: { bufferCommands: boolean } }).config.bufferCommands = false;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the fake db's functions close over the fake
    const fake = this;
    const db = {
      databaseName: 'fake',
      collection: (name: string) => fake.collection(name),
      command: (command: Doc, options?: unknown) => fake.command(command, options),
      createCollection: async (name: string) => {
        fake.record(name, 'createCollection', [name]);
        if (fake.data.has(name)) throw serverError(48, 'NamespaceExists', `Collection ${name} already exists`);
        fake.docs(name);
        return fake.collection(name);
      },
      admin: () => ({ ping: (options?: unknown) => fake.command({ ping: 1 }, options), command: (command: Doc, options?: unknown) => fake.command(command, options) }),
      dropDatabase: async () => {
        fake.data.clear();
        fake.indexes.clear();
        return true;
      },
    };
    Object.assign(this.connection, { db });
    // Connected, as far as mongoose's own checks go (pingMongo reads it).
    (this.connection as unknown as { _readyState: number })._readyState = mongoose.ConnectionStates.connected;
    // Opened once, as after a real connect: models defined from now on get their driver collections at once.
    (this.connection as unknown as { _hasOpened: boolean })._hasOpened = true;
    // Mongoose's transaction helper: here a snapshot of every collection, restored if the callback throws.
    Object.assign(this.connection, {
      transaction: async (fn: (session: unknown) => Promise<unknown>) => {
        const session = { fakeSession: true, id: this.calls.length };
        this.record('(session)', 'startTransaction', []);
        const snapshot = clone([...this.data.entries()]);
        try {
          const result = await fn(session);
          this.record('(session)', 'commitTransaction', []);
          return result;
        } catch (error) {
          this.data.clear();
          for (const [name, docs] of snapshot) this.data.set(name, docs);
          this.record('(session)', 'abortTransaction', []);
          throw error;
        }
      },
    });
  }

  /** The calls made to one collection (optionally one method), in order. */
  callsTo(collection: string, method?: string): Call[] {
    return this.calls.filter((c) => c.collection === collection && (method === undefined || c.method === method));
  }

  docs(name: string): Doc[] {
    let docs = this.data.get(name);
    if (!docs) this.data.set(name, (docs = []));
    return docs;
  }

  /** Puts documents straight into a collection (fixtures). */
  seed(name: string, docs: Doc[]): void {
    this.docs(name).push(...clone(docs));
  }

  indexList(name: string): FakeIndex[] {
    let list = this.indexes.get(name);
    if (!list) this.indexes.set(name, (list = [{ name: '_id_', key: { _id: 1 }, v: 2 }]));
    return list;
  }

  /** Deletes what MongoDB's TTL monitor would: documents whose TTL-indexed date is older than expireAfterSeconds. */
  runTtlMonitor(now = this.clock()): number {
    let removed = 0;
    for (const [name, list] of this.indexes) {
      for (const index of list) {
        if (typeof index.expireAfterSeconds !== 'number') continue;
        const field = Object.keys(index.key)[0];
        const docs = this.docs(name);
        const partial = index.partialFilterExpression as Doc | undefined;
        const kept = docs.filter((doc) => {
          const at = valueAt(doc, field);
          const expired = at instanceof Date && at.getTime() + (index.expireAfterSeconds as number) * 1000 < now.getTime();
          return !(expired && (!partial || find([doc], partial).all().length === 1));
        });
        removed += docs.length - kept.length;
        this.data.set(name, kept);
      }
    }
    return removed;
  }

  private record(collection: string, method: string, args: unknown[]): void {
    const call = { collection, method, args: clone(args.map((a) => stripSession(a))) };
    this.calls.push(call);
    if (this.eagerTtl) this.runTtlMonitor();
    this.before?.(call);
  }

  private async command(command: Doc, options: unknown): Promise<Doc> {
    this.commands.push({ command: clone(command), options: clone(options) });
    this.record('(db)', Object.keys(command)[0], [command, options]);
    if ('collMod' in command) {
      const spec = command.index as { keyPattern?: Doc; name?: string; expireAfterSeconds?: number };
      const index = this.indexList(command.collMod as string).find((i) => (spec.name ? i.name === spec.name : JSON.stringify(i.key) === JSON.stringify(spec.keyPattern)));
      if (!index) throw serverError(27, 'IndexNotFound');
      const old = index.expireAfterSeconds;
      index.expireAfterSeconds = spec.expireAfterSeconds;
      return { ok: 1, expireAfterSeconds_old: old, expireAfterSeconds_new: spec.expireAfterSeconds };
    }
    return { ok: 1 };
  }

  private checkUnique(name: string, docs: Doc[], candidate: Doc): void {
    for (const index of this.indexList(name)) {
      if (index.name !== '_id_' && !index.unique) continue;
      const fields = Object.keys(index.key);
      const keyOf = (doc: Doc) => JSON.stringify(fields.map((f) => valueAt(doc, f)));
      if (docs.some((doc) => doc !== candidate && keyOf(doc) === keyOf(candidate))) {
        throw serverError(11000, 'DuplicateKey', `E11000 duplicate key error collection: fake.${name} index: ${index.name}`);
      }
    }
  }

  private insert(name: string, doc: Doc): void {
    const docs = this.docs(name);
    this.checkUnique(name, docs, doc);
    docs.push(clone(doc));
  }

  /** Applies an update (operators or a pipeline) to one document in place; returns the new document. */
  private apply(name: string, doc: Doc, update: unknown, inserting: boolean): Doc {
    let modifier = update;
    if (!Array.isArray(update)) {
      const { $setOnInsert, ...rest } = update as Doc;
      modifier = inserting && $setOnInsert ? { ...rest, $set: { ...((rest.$set as Doc) ?? {}), ...($setOnInsert as Doc) } } : rest;
      if (Object.keys(modifier as Doc).length === 0) return doc;
    }
    const holder = [doc];
    mingoUpdateOne(holder, {}, modifier as never, { cloneMode: 'deep' });
    const docs = this.docs(name);
    const at = docs.indexOf(doc);
    if (at >= 0) docs[at] = holder[0];
    return holder[0];
  }

  private matching(name: string, filter: Doc, sort?: Doc): Doc[] {
    const result = find(this.docs(name), filter ?? {}, undefined, QUERY_OPTIONS);
    return (sort ? result.sort(sort as never) : result).all() as Doc[];
  }

  private project(doc: Doc | undefined, projection: unknown): Doc | null {
    if (!doc) return null;
    if (!projection || Object.keys(projection as Doc).length === 0) return clone(doc);
    return clone(find([doc], {}, projection as never).all()[0] as Doc);
  }

  private upsertOrUpdate(name: string, filter: Doc, update: unknown, options: Doc | undefined): { before: Doc | null; after: Doc | null; upserted: boolean } {
    const [found] = this.matching(name, filter, options?.sort as Doc | undefined);
    if (found) {
      const before = clone(found);
      const after = this.apply(name, found, update, false);
      return { before, after, upserted: false };
    }
    if (!options?.upsert) return { before: null, after: null, upserted: false };
    const fresh = this.apply(name, clone(equalityFields(filter)), update, true);
    this.insert(name, fresh);
    return { before: null, after: fresh, upserted: true };
  }

  private collection(name: string): Record<string, (...args: never[]) => unknown> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the collection's functions close over the fake
    const fake = this;
    const op =
      <A extends unknown[]>(method: string, body: (...args: A) => unknown) =>
      (...args: A) => {
        try {
          fake.record(name, method, args);
        } catch (error) {
          return Promise.reject(error);
        }
        return Promise.resolve().then(() => body(...args));
      };
    const cursorOp =
      <A extends unknown[]>(method: string, body: (...args: A) => Doc[]) =>
      (...args: A) => {
        fake.record(name, method, args);
        return cursor(body(...args));
      };
    return {
      insertOne: op('insertOne', (doc: Doc) => {
        fake.insert(name, doc);
        return { acknowledged: true, insertedId: doc._id };
      }),
      insertMany: op('insertMany', (docs: Doc[]) => {
        docs.forEach((doc) => fake.insert(name, doc));
        return { acknowledged: true, insertedCount: docs.length, insertedIds: Object.fromEntries(docs.map((d, i) => [i, d._id])) };
      }),
      find: cursorOp('find', (filter: Doc, options?: Doc) => {
        let docs = fake.matching(name, filter, options?.sort as Doc | undefined);
        if (typeof options?.skip === 'number') docs = docs.slice(options.skip);
        if (typeof options?.limit === 'number' && options.limit > 0) docs = docs.slice(0, options.limit);
        return docs.map((doc) => fake.project(doc, options?.projection) as Doc);
      }),
      findOne: op('findOne', (filter: Doc, options?: Doc) => fake.project(fake.matching(name, filter, options?.sort as Doc | undefined)[0], options?.projection)),
      countDocuments: op('countDocuments', (filter: Doc) => fake.matching(name, filter).length),
      updateOne: op('updateOne', (filter: Doc, update: unknown, options?: Doc) => {
        const { before, after, upserted } = fake.upsertOrUpdate(name, filter, update, options);
        return { acknowledged: true, matchedCount: before ? 1 : 0, modifiedCount: before ? 1 : 0, upsertedCount: upserted ? 1 : 0, upsertedId: upserted ? after?._id : null };
      }),
      updateMany: op('updateMany', (filter: Doc, update: unknown) => {
        const docs = fake.matching(name, filter);
        docs.forEach((doc) => fake.apply(name, doc, update, false));
        return { acknowledged: true, matchedCount: docs.length, modifiedCount: docs.length, upsertedCount: 0 };
      }),
      replaceOne: op('replaceOne', (filter: Doc, replacement: Doc) => {
        const docs = fake.docs(name);
        const [found] = fake.matching(name, filter);
        if (!found) return { acknowledged: true, matchedCount: 0, modifiedCount: 0 };
        docs[docs.indexOf(found)] = { _id: found._id, ...clone(replacement) };
        return { acknowledged: true, matchedCount: 1, modifiedCount: 1 };
      }),
      findOneAndUpdate: op('findOneAndUpdate', (filter: Doc, update: unknown, options?: Doc) => {
        const { before, after } = fake.upsertOrUpdate(name, filter, update, options);
        return fake.project((options?.returnDocument === 'after' ? after : before) ?? undefined, options?.projection);
      }),
      deleteOne: op('deleteOne', (filter: Doc) => {
        const [found] = fake.matching(name, filter);
        if (found) fake.data.set(name, fake.docs(name).filter((d) => d !== found));
        return { acknowledged: true, deletedCount: found ? 1 : 0 };
      }),
      deleteMany: op('deleteMany', (filter: Doc) => {
        const gone = new Set(fake.matching(name, filter));
        fake.data.set(name, fake.docs(name).filter((d) => !gone.has(d)));
        return { acknowledged: true, deletedCount: gone.size };
      }),
      aggregate: cursorOp('aggregate', (pipeline: Doc[]) => {
        if (!fake.disorderGroups) return clone(aggregate(fake.docs(name), pipeline) as Doc[]);
        return clone(aggregate([...fake.docs(name)].reverse(), withoutSortBeforeGroup(pipeline)) as Doc[]);
      }),
      // replaceOne and updateOne (with upsert), one after another: what MongoDirectory sends.
      bulkWrite: op('bulkWrite', (ops: Doc[]) => {
        const result = { acknowledged: true, insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0, upsertedIds: {} as Record<number, unknown> };
        ops.forEach((operation, i) => {
          const [kind, spec] = Object.entries(operation)[0] as [string, Doc];
          const filter = spec.filter as Doc;
          if (kind === 'replaceOne') {
            const docs = fake.docs(name);
            const [found] = fake.matching(name, filter);
            if (found) {
              docs[docs.indexOf(found)] = { _id: found._id, ...clone(spec.replacement as Doc) };
              result.matchedCount += 1;
              result.modifiedCount += 1;
            } else if (spec.upsert) {
              fake.insert(name, { ...equalityFields(filter), ...clone(spec.replacement as Doc) });
              result.upsertedCount += 1;
              result.upsertedIds[i] = filter._id;
            }
          } else if (kind === 'updateOne') {
            const { before, upserted } = fake.upsertOrUpdate(name, filter, spec.update, spec);
            if (before) result.matchedCount += 1;
            if (before) result.modifiedCount += 1;
            if (upserted) result.upsertedCount += 1;
          } else {
            throw new Error(`bulkWrite ${kind}: not in the fake (write a test that needs it first)`);
          }
        });
        return result;
      }),
      createIndex: op('createIndex', (key: Doc, options: Doc = {}) => {
        const wanted = { ...options, key, name: (options.name as string) ?? defaultIndexName(key) };
        const list = fake.indexList(name);
        const same = list.find((i) => i.name === wanted.name || JSON.stringify(i.key) === JSON.stringify(key));
        if (same) {
          const { v: _v, ...existing } = same;
          if (JSON.stringify(sortKeys(existing)) === JSON.stringify(sortKeys(wanted))) return same.name;
          throw serverError(85, 'IndexOptionsConflict', `An equivalent index already exists with a different name or options: ${same.name}`);
        }
        list.push({ v: 2, ...clone(wanted) });
        return wanted.name;
      }),
      listIndexes: cursorOp('listIndexes', () => {
        if (!fake.data.has(name)) throw serverError(26, 'NamespaceNotFound', `ns does not exist: fake.${name}`);
        return clone(fake.indexList(name));
      }),
      indexes: op('indexes', () => {
        if (!fake.data.has(name)) throw serverError(26, 'NamespaceNotFound', `ns does not exist: fake.${name}`);
        return clone(fake.indexList(name));
      }),
      dropIndex: op('dropIndex', (indexName: string) => {
        const list = fake.indexList(name);
        const at = list.findIndex((i) => i.name === indexName);
        if (at < 0) throw serverError(27, 'IndexNotFound', `index not found with name [${indexName}]`);
        list.splice(at, 1);
        return { ok: 1 };
      }),
    };
  }
}

/** The pipeline without any $sort directly before a $group, inside $facet too. */
function withoutSortBeforeGroup(pipeline: Doc[]): Doc[] {
  return pipeline
    .filter((stage, i) => !('$sort' in stage && pipeline[i + 1] && '$group' in pipeline[i + 1]))
    .map((stage) => ('$facet' in stage ? { $facet: Object.fromEntries(Object.entries(stage.$facet as Record<string, Doc[]>).map(([k, p]) => [k, withoutSortBeforeGroup(p)])) } : stage));
}

function sortKeys(value: Doc): Doc {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Options carry the fake session: recorded as `session: true` so a test can see it was passed. */
function stripSession(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value) && 'session' in value) {
    const { session, ...rest } = value as Doc;
    return { ...rest, session: session ? true : session };
  }
  return value;
}

/**
 * A test file's stores on a fresh fake database for every test (its own beforeEach and afterEach), with the calls
 * recorded from the test's own start: `const db = storesOnFakeMongo();` then `db.stores`, `db.fake`.
 */
export function storesOnFakeMongo(): { readonly fake: FakeMongo; readonly stores: Stores } {
  const current: { fake?: FakeMongo; stores?: Stores } = {};
  beforeEach(async () => {
    current.fake = new FakeMongo();
    current.stores = await storesOnConnection(current.fake.connection, { retentionDays: 730 });
    current.fake.calls.length = 0;
  });
  afterEach(async () => {
    await current.stores?.close();
    await current.fake?.connection.close();
  });
  return {
    get fake() {
      return current.fake!;
    },
    get stores() {
      return current.stores!;
    },
  };
}
