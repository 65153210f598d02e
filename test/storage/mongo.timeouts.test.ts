/**
 * Issue 19, items 2 and 3, without a server: start-up is bounded by its own deadline (first connection and a ping),
 * not by a short server selection timeout that would also fail every operation during a replica-set election; every
 * operation has a time limit (socketTimeoutMS: the driver's timeoutMS is ignored in mongodb 7.x); and the health ping
 * gives up by itself (maxTimeMS, and a deadline of its own).
 */
import mongoose from 'mongoose';
import { connectMongo, mongoClientOptions, MongoUnavailableError, OPERATION_TIMEOUT_MS, pingMongo, START_TIMEOUT_MS } from '../../src/storage/mongo/connection';
import { FakeMongo } from '../fakes/fakeMongo';

describe('MongoDB timeouts', () => {
  afterEach(() => jest.restoreAllMocks());

  it('keeps the driver’s own server selection time for running, and sets an operation timeout', () => {
    const options = mongoClientOptions();
    // A replica-set election often takes 5-12 s: selection must not give up after 2 s for the life of the process.
    expect(options.serverSelectionTimeoutMS === undefined || options.serverSelectionTimeoutMS >= 10_000).toBe(true);
    expect(options.socketTimeoutMS).toBe(OPERATION_TIMEOUT_MS);
    expect(options).not.toHaveProperty('timeoutMS'); // deprecated and ignored by mongodb 7.x
    // Long enough for an election, short enough that a turn on a half-open connection apologises well before 15 s.
    expect(OPERATION_TIMEOUT_MS).toBeGreaterThanOrEqual(5_000);
    expect(OPERATION_TIMEOUT_MS).toBeLessThan(15_000);
    expect(options.bufferCommands).toBe(false);
    expect(options.autoIndex).toBe(false);
  });

  it('opens the connection with those options, and still fails start-up within its own deadline', async () => {
    const spy = jest.spyOn(mongoose, 'createConnection');
    const started = Date.now();
    const error = await connectMongo('mongodb://127.0.0.1:1/signpost').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoUnavailableError);
    expect(Date.now() - started).toBeLessThan(START_TIMEOUT_MS + 2_000);
    const passed = (spy.mock.calls[0] as unknown[])[1] as mongoose.ConnectOptions;
    expect(passed.serverSelectionTimeoutMS === undefined || passed.serverSelectionTimeoutMS >= 10_000).toBe(true);
    expect(passed.socketTimeoutMS).toBe(OPERATION_TIMEOUT_MS);
  });

  it('pings with a time limit of its own, and answers false when the ping never returns', async () => {
    const fake = new FakeMongo();
    expect(await pingMongo(fake.connection)).toBe(true);
    const ping = fake.commands.find((c) => 'ping' in c.command);
    expect(ping?.command).toEqual({ ping: 1, maxTimeMS: expect.any(Number) });
    // A half-open connection: the server never answers.
    const hang = new Promise<never>(() => undefined);
    const db = fake.connection.db as unknown as { command: (...args: unknown[]) => Promise<unknown> };
    const original = db.command;
    db.command = (...args) => ('ping' in (args[0] as object) ? hang : original(...args));
    const started = Date.now();
    expect(await pingMongo(fake.connection, 200)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    await fake.connection.close();
  });
});
