/**
 * Ports for link worker console accounts: the people who sign in to the console, and their sessions. Every storage
 * adapter implements them and passes test/storage/conformance.consoleUsers.test.ts.
 */

export type ConsoleRole = 'linkworker' | 'admin';
export const CONSOLE_ROLES: readonly ConsoleRole[] = ['linkworker', 'admin'];

export interface ConsoleUser {
  id: string;
  /** Normalised: trimmed, lower case. Unique. */
  email: string;
  /** Shown to patients with a link worker's replies ("Sam (link worker): ..."). */
  firstName: string;
  role: ConsoleRole;
  /** scrypt, self-describing: algorithm, parameters, salt and hash (see passwords.ts). */
  passwordHash: string;
  /** Set for a generated one-time password: the console asks for a new password before anything else. */
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type NewConsoleUser = Omit<ConsoleUser, 'id' | 'createdAt' | 'updatedAt' | 'disabled'> & { disabled?: boolean };
export type ConsoleUserPatch = Partial<Pick<ConsoleUser, 'firstName' | 'role' | 'passwordHash' | 'mustChangePassword' | 'disabled'>>;

export class DuplicateEmailError extends Error {
  constructor() {
    super('There is already a console user with that email address.');
    this.name = 'DuplicateEmailError';
  }
}

export interface ConsoleUserStore {
  /** Throws DuplicateEmailError when the (normalised) email is taken. */
  create(user: NewConsoleUser): Promise<ConsoleUser>;
  get(id: string): Promise<ConsoleUser | null>;
  getByEmail(email: string): Promise<ConsoleUser | null>;
  /** Oldest first. */
  list(): Promise<ConsoleUser[]>;
  /** Throws NotFoundError. Sets updatedAt. */
  update(id: string, patch: ConsoleUserPatch): Promise<ConsoleUser>;
}

/** A signed-in console session. The store keeps a hash of the cookie's token, never the token itself. */
export interface ConsoleSession {
  /** SHA-256 of the session token (hex). */
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface ConsoleSessionStore {
  create(session: ConsoleSession): Promise<void>;
  /** Null when absent or expired. */
  get(id: string, now?: Date): Promise<ConsoleSession | null>;
  touch(id: string, lastSeenAt: Date): Promise<void>;
  delete(id: string): Promise<void>;
  /** Signs a user out everywhere but `exceptId` (password change, account disabled); returns how many sessions ended. */
  deleteByUser(userId: string, exceptId?: string): Promise<number>;
  /** Removes sessions expired before now; returns how many. */
  purgeExpired(now?: Date): Promise<number>;
}

/** Email addresses are compared trimmed and in lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
