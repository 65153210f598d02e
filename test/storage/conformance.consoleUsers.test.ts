/** Conformance: console users and console sessions on every adapter. */
import { DuplicateEmailError, type NewConsoleUser } from '../../src/services/accounts/ConsoleUsers';
import { NotFoundError } from '../../src/services/referrals/ReferralRepository';
import { InvalidRecordError } from '../../src/storage/shared/validation';
import { purgesExpiredSessionsOnly, session } from './consoleSessionsScenario';
import { describeEachAdapter } from './storeHarness';

const user = (overrides: Partial<NewConsoleUser> = {}): NewConsoleUser => ({
  email: 'sam.jones@example.org',
  firstName: 'Sam',
  role: 'linkworker',
  passwordHash: 'scrypt$32768$8$1$c2FsdHNhbHQ$aGFzaA',
  mustChangePassword: false,
  ...overrides,
});

describeEachAdapter('console users', (h) => {
  it('creates a user with an id and dates, enabled, and reads it back by id and by email in any case', async () => {
    const users = h.stores().consoleUsers;
    const created = await users.create(user({ email: '  Sam.Jones@Example.org ' }));
    expect(created).toMatchObject({ email: 'sam.jones@example.org', firstName: 'Sam', role: 'linkworker', disabled: false, mustChangePassword: false });
    expect(created.id).toEqual(expect.any(String));
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(await users.get(created.id)).toEqual(created);
    expect(await users.getByEmail('SAM.JONES@example.org')).toEqual(created);
    expect(await users.get('nope')).toBeNull();
    expect(await users.getByEmail('nobody@example.org')).toBeNull();
  });

  it('refuses a second user with the same email (whatever its case), and a malformed user', async () => {
    const users = h.stores().consoleUsers;
    await users.create(user());
    await expect(users.create(user({ email: 'SAM.JONES@EXAMPLE.ORG', firstName: 'Other' }))).rejects.toBeInstanceOf(DuplicateEmailError);
    await expect(users.create(user({ email: 'a@b.c', role: 'superuser' as never }))).rejects.toBeInstanceOf(InvalidRecordError);
    expect(await users.list()).toHaveLength(1);
  });

  it('gives exactly one of many concurrent creates with one email', async () => {
    const users = h.stores().consoleUsers;
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => users.create(user())));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof DuplicateEmailError)).toBe(true);
  });

  it('lists oldest first and updates the fields that may change, never the email', async () => {
    const users = h.stores().consoleUsers;
    const a = await users.create(user({ email: 'a@example.org' }));
    await new Promise((r) => setTimeout(r, 3));
    const b = await users.create(user({ email: 'b@example.org', role: 'admin' }));
    expect((await users.list()).map((u) => u.id)).toEqual([a.id, b.id]);
    const updated = await users.update(a.id, { passwordHash: 'scrypt$new', mustChangePassword: true, disabled: true, role: 'admin', email: 'x@example.org' } as never);
    expect(updated).toMatchObject({ id: a.id, email: 'a@example.org', passwordHash: 'scrypt$new', mustChangePassword: true, disabled: true, role: 'admin' });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(a.updatedAt.getTime());
    expect(await users.get(a.id)).toEqual(updated);
    await expect(users.update('nope', { disabled: true })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps users across close and reopen', async () => {
    const created = await h.stores().consoleUsers.create(user());
    const reopened = await h.reopen();
    expect(await reopened.consoleUsers.getByEmail('sam.jones@example.org')).toEqual(created);
  });
});

describeEachAdapter('console sessions', (h) => {
  it('stores a session and reads it back until it expires', async () => {
    const sessions = h.stores().consoleSessions;
    const s = session();
    await sessions.create(s);
    expect(await sessions.get(s.id)).toEqual(s);
    expect(await sessions.get(s.id, new Date(s.expiresAt.getTime() + 1))).toBeNull();
    expect(await sessions.get('unknown')).toBeNull();
  });

  it('touches, deletes one, and deletes all of a user but one', async () => {
    const sessions = h.stores().consoleSessions;
    const [a, b, c, other] = [session(), session(), session(), session({ userId: 'u2' })];
    for (const s of [a, b, c, other]) await sessions.create(s);
    const later = new Date(a.lastSeenAt.getTime() + 5000);
    await sessions.touch(a.id, later);
    expect((await sessions.get(a.id))?.lastSeenAt).toEqual(later);
    await sessions.delete(b.id);
    expect(await sessions.get(b.id)).toBeNull();
    expect(await sessions.deleteByUser('u1', a.id)).toBe(1);
    expect(await sessions.get(a.id)).not.toBeNull();
    expect(await sessions.get(c.id)).toBeNull();
    expect(await sessions.get(other.id)).not.toBeNull();
    expect(await sessions.deleteByUser('u1')).toBe(1);
    expect(await sessions.get(a.id)).toBeNull();
  });

  it('purges expired sessions only, and keeps live ones across reopen', async () => {
    // Deterministic on a real MongoDB too (its TTL monitor cannot take the session first): consoleSessionsScenario.ts.
    await purgesExpiredSessionsOnly(h.stores(), () => h.reopen());
  });
});
