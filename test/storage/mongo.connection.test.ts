/**
 * The MongoDB adapter fails fast and clearly when the database is not there (runs here, with no server), and
 * openStores picks it when MONGODB_URI is set.
 */
import { createServer, type Server } from 'node:net';
import mongoose from 'mongoose';
import { loadConfig } from '../../src/config';
import { openStores } from '../../src/storage';
import { describeUri, MongoUnavailableError, pingMongo } from '../../src/storage/mongo/connection';
import { openMongoStores } from '../../src/storage/mongo/openMongoStores';
import { tempDataDir } from '../helpers/tempDir';

describe('MongoDB adapter without a database', () => {
  it('fails within 5 s with a clear error when nothing listens (127.0.0.1:1)', async () => {
    const started = Date.now();
    const error = await openMongoStores({ uri: 'mongodb://127.0.0.1:1/signpost', retentionDays: 730 }).catch((e: unknown) => e);
    const took = Date.now() - started;
    expect(error).toBeInstanceOf(MongoUnavailableError);
    expect((error as Error).message).toMatch(/MongoDB at 127\.0\.0\.1:1\/signpost is not reachable/);
    expect((error as Error).message).toMatch(/MONGODB_URI/);
    expect(took).toBeLessThan(5000);
  });

  it('fails fast too when something listens but never speaks MongoDB', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as import('node:net').AddressInfo;
    try {
      const started = Date.now();
      await expect(openMongoStores({ uri: `mongodb://127.0.0.1:${port}/signpost`, retentionDays: 730 })).rejects.toBeInstanceOf(MongoUnavailableError);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('is what openStores opens when MONGODB_URI is set (and so fails the same way)', async () => {
    const config = loadConfig({ MONGODB_URI: 'mongodb://user:hunter2@127.0.0.1:1/signpost?authSource=admin', SIGNPOST_DATA_DIR: tempDataDir() });
    const error = await openStores(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoUnavailableError);
    // The password never appears in the error.
    expect((error as Error).message).not.toMatch(/hunter2|user:/);
  });

  it('describes a URI by host and database only', () => {
    expect(describeUri('mongodb+srv://me:secret@cluster0.example.net/signpost?retryWrites=true')).toBe('cluster0.example.net/signpost');
    expect(describeUri('mongodb://a:1,b:2/db')).toBe('a:1,b:2/db');
  });

  it('pings false on a connection that is not connected', async () => {
    const connection = mongoose.createConnection();
    expect(await pingMongo(connection)).toBe(false);
    await connection.close();
  });
});
