/**
 * The opaque, stable id of a person: HMAC-SHA256 of their channel and user id, keyed by the app secret. Records and
 * logs carry it instead of anything that could identify someone (on some channels the user id is a phone number).
 */
import { createHmac } from 'node:crypto';

export type PersonIds = (channel: string, userId: string) => string;

export function personIds(secret: string): PersonIds {
  return (channel, userId) => `p-${createHmac('sha256', secret).update(`person:${channel}:${userId}`).digest('hex').slice(0, 32)}`;
}
