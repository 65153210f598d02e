/**
 * The console sessions purge scenario, shared by the conformance suite (every adapter) and the MongoDB fake-driver
 * test that runs it with a TTL monitor that may strike before any operation (mongo.consoleSessions.test.ts).
 * Deterministic on a real MongoDB: the session that the purge is to remove expires an hour from the real time, so
 * MongoDB's TTL monitor (which reads the real clock, about once a minute) cannot take it first; the purge is asked
 * about a moment two hours ahead instead.
 */
import type { ConsoleSession } from '../../src/services/accounts/ConsoleUsers';
import type { Stores } from '../../src/storage/Stores';

export const HOUR = 60 * 60 * 1000;

export const session = (overrides: Partial<ConsoleSession> = {}): ConsoleSession => {
  const now = new Date();
  return { id: `s-${Math.random().toString(36).slice(2)}`, userId: 'u1', csrfToken: 'csrf', createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + HOUR), ...overrides };
};

export async function purgesExpiredSessionsOnly(stores: Stores, reopen: () => Promise<Stores>): Promise<void> {
  const sessions = stores.consoleSessions;
  const now = new Date();
  const later = new Date(now.getTime() + 2 * HOUR); // the purge's "now": past the first session's expiry only
  const expiring = session({ expiresAt: new Date(now.getTime() + HOUR) });
  const live = session({ expiresAt: new Date(now.getTime() + 3 * HOUR) });
  await sessions.create(expiring);
  expect(await sessions.get(expiring.id, now)).toEqual(expiring);
  expect(await sessions.purgeExpired(later)).toBe(1);
  expect(await sessions.get(expiring.id, now)).toBeNull();
  await sessions.create(live);
  expect(await sessions.purgeExpired(later)).toBe(0);
  const reopened = await reopen();
  expect(await reopened.consoleSessions.get(live.id)).toEqual(live);
}
