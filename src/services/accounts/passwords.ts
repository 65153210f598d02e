/**
 * Console passwords: scrypt (memory-hard, in node:crypto), a random salt per password, and the parameters stored
 * with the hash so they can be raised later without breaking old hashes. Verification compares in constant time.
 *
 * Stored form: scrypt$<N>$<r>$<p>$<salt, base64url>$<hash, base64url>
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP's scrypt setting "N=2^15 (32 MiB), r=8, p=3": costly to guess in bulk, a fraction of a second to sign in.
 * Raise them here; older hashes are upgraded at their next sign-in (needsRehash).
 */
export const DEFAULT_PARAMETERS: ScryptParameters = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Refuse stored parameters beyond this (a tampered hash must not make one login eat the server). */
const MAX_N = 2 ** 20;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

export class WeakPasswordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeakPasswordError';
  }
}

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParameters): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Why a password is not acceptable, or undefined when it is. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `A password can have at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (password.trim() !== password) return 'A password cannot start or end with a space.';
  return undefined;
}

export async function hashPassword(password: string, parameters: ScryptParameters = DEFAULT_PARAMETERS): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new WeakPasswordError(problem);
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, parameters);
  return ['scrypt', parameters.N, parameters.r, parameters.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface Parsed {
  parameters: ScryptParameters;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): Parsed | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map((v) => Number(v));
  const valid = Number.isInteger(N) && N > 1 && N <= MAX_N && (N & (N - 1)) === 0 && Number.isInteger(r) && r >= 1 && r <= 32 && Number.isInteger(p) && p >= 1 && p <= 16;
  if (!valid) return undefined;
  const salt = Buffer.from(parts[4], 'base64url');
  const key = Buffer.from(parts[5], 'base64url');
  if (salt.length < 8 || key.length !== KEY_LENGTH) return undefined;
  return { parameters: { N, r, p }, salt, key };
}

/** A hash of a password nobody knows: checked when the account does not exist, so the answer takes as long. */
const decoys = new Map<string, Promise<string>>();
function decoyHash(parameters: ScryptParameters): Promise<string> {
  const key = `${parameters.N}$${parameters.r}$${parameters.p}`;
  let decoy = decoys.get(key);
  if (!decoy) decoys.set(key, (decoy = hashPassword(randomBytes(24).toString('base64url'), parameters)));
  return decoy;
}

/**
 * True when the password matches the stored hash. A missing or malformed hash costs a hash too (at the cost new hashes
 * are made with), then says no.
 */
export async function verifyPassword(password: string, stored: string | undefined, parameters: ScryptParameters = DEFAULT_PARAMETERS): Promise<boolean> {
  const parsed = stored ? parse(stored) : undefined;
  if (!parsed || password.length > MAX_PASSWORD_LENGTH) {
    const fake = parse(await decoyHash(parameters))!;
    await derive(password.slice(0, MAX_PASSWORD_LENGTH), fake.salt, fake.parameters);
    return false;
  }
  const key = await derive(password, parsed.salt, parsed.parameters);
  return timingSafeEqual(key, parsed.key);
}

/** True when a stored hash uses weaker parameters than new hashes are made with (rehash at the next sign-in). */
export function needsRehash(stored: string, parameters: ScryptParameters = DEFAULT_PARAMETERS): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  const { N, r, p } = parsed.parameters;
  return N < parameters.N || r < parameters.r || p < parameters.p;
}

/** A one-time password: 20 characters (about 115 random bits), no look-alike characters. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const out: string[] = [];
  while (out.length < 20) {
    for (const byte of randomBytes(32)) {
      // Rejection sampling keeps every character equally likely.
      if (byte < 256 - (256 % alphabet.length) && out.length < 20) out.push(alphabet[byte % alphabet.length]);
    }
  }
  return out.join('');
}
