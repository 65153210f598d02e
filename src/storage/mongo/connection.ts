/**
 * The MongoDB connection from MONGODB_URI. Commands are never buffered and server selection gives up quickly, so a
 * dead or unreachable database fails fast with a clear error instead of hanging requests.
 */
import mongoose, { type Connection } from 'mongoose';

export const SERVER_SELECTION_TIMEOUT_MS = 2000;

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
  serverSelectionTimeoutMS?: number;
}

export async function connectMongo(uri: string, options: ConnectOptions = {}): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? SERVER_SELECTION_TIMEOUT_MS,
    // Keep ping and queries short when the server goes away after start-up.
    connectTimeoutMS: 5000,
  });
  try {
    await connection.asPromise();
    return connection;
  } catch (error) {
    await connection.close(true).catch(() => undefined);
    throw new MongoUnavailableError(uri, error);
  }
}

/** True when the server answers a ping within the server selection timeout. */
export async function pingMongo(connection: Connection): Promise<boolean> {
  if (connection.readyState !== mongoose.ConnectionStates.connected || !connection.db) return false;
  try {
    const answer = await connection.db.admin().ping();
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
