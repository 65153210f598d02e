import { randomBytes } from 'node:crypto';

/** A new conversation id: 128 random bits, URL-safe. */
export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

/** A new web chat user id. The "dl_" prefix is what Azure Direct Line expects of user ids a token is bound to. */
export function newUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}
