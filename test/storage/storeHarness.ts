/**
 * Runs storage tests against every adapter: the embedded store always, MongoDB whenever MONGODB_URI is set (each test
 * gets its own database, dropped afterwards). Without MONGODB_URI the MongoDB run shows as one skipped test saying
 * how to run it.
 *
 * To test your own port against every adapter:
 *
 *   import { describeEachAdapter } from './storeHarness';
 *   describeEachAdapter('my port', (h) => {
 *     it('does its thing', async () => {
 *       await h.stores().myPort.doThing();
 *       const reopened = await h.reopen();            // close, then open the same data again
 *       expect(await reopened.myPort.read()).toEqual(...);
 *     });
 *   });
 *
 * `h.stores()` is a fresh, empty Stores for each test, closed and removed after it.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tempDataDir } from '../helpers/tempDir';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import mongoose from 'mongoose';
import { dropMongoDatabase } from '../../src/storage/mongo/connection';
import { defineModels, type MongoModels } from '../../src/storage/mongo/models';
import { openMongoStores, storesOnConnection } from '../../src/storage/mongo/openMongoStores';
import { FakeMongo } from '../fakes/fakeMongo';
import type { Stores } from '../../src/storage/Stores';

export const MONGO_SKIP_MESSAGE = 'MongoDB conformance skipped: set MONGODB_URI=mongodb://localhost:27017/signpost-test to run it';

export interface StoreOptions {
  retentionDays?: number;
}

/** One place to keep data, which can be opened, closed and opened again. */
export interface StoreLocation {
  open(): Promise<Stores>;
  /** Removes everything (call after the last close). */
  destroy(): Promise<void>;
}

export interface Adapter {
  name: 'embedded' | 'mongo' | 'mongo-fake';
  /** Set when the adapter cannot run here. */
  skipReason?: string;
  location(options?: StoreOptions): StoreLocation;
}

export const embeddedAdapter: Adapter = {
  name: 'embedded',
  location: ({ retentionDays = 730 } = {}) => {
    const dataDir = tempDataDir('signpost-store-');
    return {
      open: () => openEmbeddedStores({ dataDir, retentionDays }),
      destroy: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  },
};

/** MONGODB_URI with its database name replaced by a fresh one. */
export function freshMongoUri(uri: string, database: string): string {
  const url = new URL(uri);
  url.pathname = `/${database}`;
  return url.toString();
}

export const mongoAdapter: Adapter = {
  name: 'mongo',
  skipReason: process.env.MONGODB_URI ? undefined : MONGO_SKIP_MESSAGE,
  location: ({ retentionDays = 730 } = {}) => {
    const uri = freshMongoUri(process.env.MONGODB_URI ?? '', `signpost-test-${randomUUID().slice(0, 8)}`);
    return {
      open: () => openMongoStores({ uri, retentionDays }),
      destroy: () => dropMongoDatabase(uri),
    };
  },
};

/**
 * The MongoDB adapter on the fake driver (test/fakes/fakeMongo.ts: mongoose's casting, mingo evaluating queries and
 * pipelines), when SIGNPOST_FAKE_MONGO=1. Not a server: it shows what the adapter sends and that the answers follow,
 * not how a server runs it. `SIGNPOST_FAKE_MONGO=1 npx jest test/storage/conformance` runs the suite on it.
 */
export const fakeMongoAdapter: Adapter = {
  name: 'mongo-fake',
  location: ({ retentionDays = 730 } = {}) => {
    let database: FakeMongo | undefined;
    return {
      open: async () => {
        const fake = new FakeMongo(database ? { sharing: database } : {});
        database ??= fake;
        const stores = await storesOnConnection(fake.connection, { retentionDays });
        return { ...stores, close: async () => stores.close() };
      },
      destroy: async () => undefined,
    };
  },
};

export const ADAPTERS: Adapter[] = process.env.SIGNPOST_FAKE_MONGO === '1' ? [embeddedAdapter, mongoAdapter, fakeMongoAdapter] : [embeddedAdapter, mongoAdapter];

export interface Harness {
  adapter: Adapter;
  /** The stores under test (fresh for each test). */
  stores(): Stores;
  /** Closes the stores and opens the same data again; later calls to stores() return the reopened ones. */
  reopen(): Promise<Stores>;
}

/** describe() once per adapter, with a fresh store per test. */
export function describeEachAdapter(title: string, body: (harness: Harness) => void, options: StoreOptions = {}): void {
  for (const adapter of ADAPTERS) {
    if (adapter.skipReason) {
      process.stderr.write(`${adapter.skipReason}\n`);
      describe(`${title} [${adapter.name}]`, () => {
        it.skip(adapter.skipReason ?? 'skipped', () => undefined);
      });
      continue;
    }
    describe(`${title} [${adapter.name}]`, () => {
      let location: StoreLocation;
      let current: Stores | undefined;
      beforeEach(async () => {
        location = adapter.location(options);
        current = await location.open();
      });
      afterEach(async () => {
        await current?.close();
        current = undefined;
        await location.destroy();
      });
      body({
        adapter,
        stores: () => {
          if (!current) throw new Error('stores() is only available inside a test');
          return current;
        },
        reopen: async () => {
          await current?.close();
          current = await location.open();
          return current;
        },
      });
    });
  }
}

/**
 * The mongoose models on a connection that never connects (no MongoDB runs here), for tests of schemas, indexes and
 * casting. Call inside a describe: the models are defined before its tests and the connection closed after.
 */
export function modelsWithoutServer(): { models: MongoModels } {
  const held = {} as { models: MongoModels };
  let connection: mongoose.Connection;
  beforeAll(() => {
    connection = mongoose.createConnection();
    held.models = defineModels(connection, 730);
  });
  afterAll(() => connection.close());
  return held;
}
