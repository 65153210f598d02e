/**
 * Console accounts: adding link workers and admins, checking a password at sign-in, changing a password. Used by the
 * `signpost console add-user` command and the console API. Never logs or returns a password hash.
 */
import { CONSOLE_ROLES, normaliseEmail, type ConsoleRole, type ConsoleSessionStore, type ConsoleUser, type ConsoleUserStore } from './ConsoleUsers';
import { DEFAULT_PARAMETERS, generatePassword, hashPassword, needsRehash, passwordProblem, verifyPassword, WeakPasswordError, type ScryptParameters } from './passwords';

export class AccountInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountInputError';
  }
}

export interface NewAccount {
  email: string;
  role: ConsoleRole;
  /** Shown to patients; taken from the email address when not given ("sam.jones@..." -> "Sam"). */
  firstName?: string;
  /** When absent, a one-time password is generated (and must be changed at first sign-in). */
  password?: string;
}

/** What the console may show about a user. */
export interface PublicUser {
  id: string;
  email: string;
  firstName: string;
  role: ConsoleRole;
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: Date;
}

export const publicUser = (u: ConsoleUser): PublicUser => ({ id: u.id, email: u.email, firstName: u.firstName, role: u.role, mustChangePassword: u.mustChangePassword, disabled: u.disabled, createdAt: u.createdAt });

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;
const FIRST_NAME = /^\p{L}[\p{L}' -]{0,39}$/u;

export function emailProblem(email: string): string | undefined {
  const e = normaliseEmail(email);
  if (e.length > 254 || !EMAIL.test(e)) return 'That does not look like an email address.';
  return undefined;
}

export function firstNameProblem(name: string): string | undefined {
  return FIRST_NAME.test(name.trim()) ? undefined : 'A first name has 1 to 40 letters (spaces, hyphens and apostrophes allowed).';
}

/** "sam.jones@example.org" -> "Sam"; undefined when the address does not start with a name. */
export function firstNameFromEmail(email: string): string | undefined {
  const word = /^\p{L}+/u.exec(normaliseEmail(email).split('@')[0]);
  if (!word || word[0].length < 2) return undefined;
  return word[0][0].toUpperCase() + word[0].slice(1);
}

export interface AccountServiceOptions {
  /** The scrypt cost of every hash made, and what older hashes are rehashed up to (default: DEFAULT_PARAMETERS). */
  hashing?: ScryptParameters;
}

export class AccountService {
  private readonly hashing: ScryptParameters;

  constructor(
    private readonly users: ConsoleUserStore,
    private readonly sessions: ConsoleSessionStore,
    options: AccountServiceOptions = {},
  ) {
    this.hashing = options.hashing ?? DEFAULT_PARAMETERS;
  }

  /** Adds a user; returns the generated one-time password when none was given. */
  async addUser(input: NewAccount): Promise<{ user: PublicUser; oneTimePassword?: string }> {
    const email = normaliseEmail(input.email);
    const problem = emailProblem(email);
    if (problem) throw new AccountInputError(problem);
    if (!CONSOLE_ROLES.includes(input.role)) throw new AccountInputError(`The role must be one of: ${CONSOLE_ROLES.join(', ')}.`);
    const firstName = input.firstName?.trim() ?? firstNameFromEmail(email);
    if (!firstName) throw new AccountInputError('Give a first name (--name): it cannot be worked out from this email address.');
    const nameProblem = firstNameProblem(firstName);
    if (nameProblem) throw new AccountInputError(nameProblem);
    const generated = input.password === undefined ? generatePassword() : undefined;
    const password = input.password ?? generated!;
    const weak = passwordProblem(password);
    if (weak) throw new AccountInputError(weak);
    const user = await this.users.create({ email, firstName, role: input.role, passwordHash: await hashPassword(password, this.hashing), mustChangePassword: generated !== undefined });
    return { user: publicUser(user), oneTimePassword: generated };
  }

  /** The user when the email and password match an enabled account; null otherwise (same time either way). */
  async authenticate(email: string, password: string): Promise<ConsoleUser | null> {
    const user = await this.users.getByEmail(normaliseEmail(email));
    const matches = await verifyPassword(password, user?.passwordHash, this.hashing);
    if (!user || !matches || user.disabled) return null;
    if (needsRehash(user.passwordHash, this.hashing)) return this.users.update(user.id, { passwordHash: await hashPassword(password, this.hashing) });
    return user;
  }

  /** Checks the current password, stores the new one, and ends the user's other sessions (all but keepSessionId). */
  async changePassword(userId: string, currentPassword: string, newPassword: string, keepSessionId?: string): Promise<ConsoleUser | null> {
    const user = await this.users.get(userId);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash, this.hashing))) return null;
    if (newPassword === currentPassword) throw new WeakPasswordError('The new password must be different from the old one.');
    const passwordHash = await hashPassword(newPassword, this.hashing);
    await this.sessions.deleteByUser(userId, keepSessionId);
    return this.users.update(userId, { passwordHash, mustChangePassword: false });
  }

  /** A new one-time password for someone who has forgotten theirs; signs them out everywhere. Null when no such user. */
  async resetPassword(email: string): Promise<{ user: PublicUser; oneTimePassword: string } | null> {
    const user = await this.users.getByEmail(normaliseEmail(email));
    if (!user) return null;
    const oneTimePassword = generatePassword();
    const updated = await this.users.update(user.id, { passwordHash: await hashPassword(oneTimePassword, this.hashing), mustChangePassword: true });
    await this.sessions.deleteByUser(user.id);
    return { user: publicUser(updated), oneTimePassword };
  }

  async get(id: string): Promise<ConsoleUser | null> {
    return this.users.get(id);
  }

  async list(): Promise<PublicUser[]> {
    return (await this.users.list()).map(publicUser);
  }
}
