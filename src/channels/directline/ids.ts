import { randomBytes } from 'node:crypto';

/** A new conversation id: 128 random bits, URL-safe. */
export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * A new web chat user id. Azure Direct Line wants "dl_" on ids it binds into its (JWT) tokens, and Web Chat reserves
 * that prefix for them; our own tokens are not JWTs, so local ids use "sp_".
 */
export function newUserId(kind: 'local' | 'azure'): string {
  return `${kind === 'azure' ? 'dl' : 'sp'}_${randomBytes(12).toString('base64url')}`;
}

/** Whether a value has the shape of a conversation id this server makes (only such ids are logged from a request). */
export function isConversationId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{22}$/.test(value);
}
