/**
 * The MongoDB connection from MONGODB_URI. Commands are never buffered. Start-up has a deadline of its own
 * (START_TIMEOUT_MS for the first connection and a ping), so a dead or unreachable database fails start-up fast with a
 * clear error; once running, the driver keeps its normal server selection time (30 s), so a replica-set election
 * (routine on Atlas, often 5-12 s) delays operations instead of failing them. Every operation is bounded by
 * socketTimeoutMS (OPERATION_TIMEOUT_MS without a byte from the server), so a half-open connection fails a turn, and
 * the bot apologises, in that time rather than after the monitor's 15 s or more. (The driver's own operation timeout,
 * timeoutMS, is deprecated and ignored in mongodb 7.x: it prints so at connect.) The health ping has a shorter limit
 * of its own: maxTimeMS on the server and a deadline here.
 */
import mongoose, { type Connection, type ConnectOptions as MongooseConnectOptions } from 'mongoose';

/** The first connection and ping at start-up, together. */
export const START_TIMEOUT_MS = 2000;
/** Silence on a socket during any one operation: longer than an election, well short of a user giving up. */
export const OPERATION_TIMEOUT_MS = 10_000;
/** The health check's ping (/healthz, ping()). */
export const PING_TIMEOUT_MS = 2000;

export class MongoUnavailableError extends Error {
  constructor(uri: string, cause: unknown) {
    super(`MongoDB at ${describeUri(uri)} is not reachable (${(cause as Error)?.message ?? String(cause)}). Check MONGODB_URI and that the database is running, or unset MONGODB_URI to use the embedded store.`, { cause });
    this.name = 'MongoUnavailableError';
  }
}

/** Host(s) and database of a connection string, without credentials or options. */
export function describeUri(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)(\/[^?]*)?/.exec(uri);
  return match ? `${match[1]}${match[2] ?? ''}` : '(unparseable MONGODB_URI)';
}

export interface ConnectOptions {
  /** The deadline for the first connection and ping (START_TIMEOUT_MS). */
  startTimeoutMs?: number;
}

/**
 * The client options: no serverSelectionTimeoutMS (the driver's 30 s default applies while running; start-up has its
 * own deadline in connectMongo) and socketTimeoutMS on every operation. A long index build (a new index on a big
 * collection) is one operation too: it must finish within OPERATION_TIMEOUT_MS, or be built by hand first.
 */
export function mongoClientOptions(): MongooseConnectOptions {
  return {
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    socketTimeoutMS: OPERATION_TIMEOUT_MS,
    connectTimeoutMS: 5000,
  };
}

class DeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/** The promise's outcome, or a DeadlineError after `ms`. */
function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export async function connectMongo(uri: string, options: ConnectOptions = {}): Promise<Connection> {
  const startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
  const connection = mongoose.createConnection(uri, mongoClientOptions());
  const opened = connection.asPromise().then(async () => {
    const answer = await connection.db?.command({ ping: 1, maxTimeMS: startTimeoutMs });
    if (answer?.ok !== 1) throw new Error('the ping was not answered');
  });
  try {
    await withDeadline(opened, startTimeoutMs, 'the first connection and ping');
    return connection;
  } catch (error) {
    opened.catch(() => undefined); // it settles (rejected) once the client is closed
    // While still connecting, mongoose's close() waits for the driver to give up (its 30 s server selection): close
    // the driver's client first, which ends the attempt at once.
    await connection.getClient().close(true).catch(() => undefined);
    await connection.close(true).catch(() => undefined);
    throw new MongoUnavailableError(uri, error);
  }
}

/** True when the server answers a ping within `timeoutMs` (maxTimeMS on the server, and a deadline here). */
export async function pingMongo(connection: Connection, timeoutMs = PING_TIMEOUT_MS): Promise<boolean> {
  const db = connection.db;
  if (connection.readyState !== mongoose.ConnectionStates.connected || !db) return false;
  try {
    const answer = await withDeadline(db.command({ ping: 1, maxTimeMS: timeoutMs }), timeoutMs, 'ping');
    return answer?.ok === 1;
  } catch {
    return false;
  }
}

/** Drops the database a URI names (tests use a fresh database each). */
export async function dropMongoDatabase(uri: string): Promise<void> {
  const connection = await connectMongo(uri);
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
