import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config';

/**
 * The key that signs Direct Line tokens and console sessions: SIGNPOST_SECRET, or (outside production) a random key
 * generated once and kept in the data folder so tokens and sessions survive a restart.
 */
export function resolveSecret(config: Config): string {
  if (config.secret) return config.secret;
  const file = path.resolve(config.storage.dataDir, 'secret.key');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not there yet: create it below
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
