/** Console sessions on the real embedded store, on a clock the test moves: lifetime, idle limit, disabled users. */
import { rmSync } from 'node:fs';
import { SessionManager } from '../../src/console/auth/SessionManager';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { tempDataDir } from '../helpers/tempDir';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('SessionManager', () => {
  let stores: Stores;
  let dataDir: string;
  let now: Date;
  let manager: SessionManager;
  let userId: string;

  beforeEach(async () => {
    dataDir = tempDataDir('signpost-sessions-');
    stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    now = new Date('2025-01-06T09:00:00Z');
    manager = new SessionManager(stores.consoleSessions, stores.consoleUsers, { secure: false, now: () => now });
    userId = (await stores.consoleUsers.create({ email: 'sam@example.org', firstName: 'Sam', role: 'linkworker', passwordHash: 'scrypt$x', mustChangePassword: false })).id;
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const cookieOf = (setCookie: string) => setCookie.split(';')[0];

  it('keeps only a hash of the token, and finds the session from the cookie', async () => {
    const { session, setCookie } = await manager.start((await stores.consoleUsers.get(userId))!);
    const token = cookieOf(setCookie).split('=')[1];
    expect(session.id).not.toBe(token);
    expect(session.id).toMatch(/^[0-9a-f]{64}$/);
    expect((await manager.resolve(`other=1; ${cookieOf(setCookie)}`))?.user.id).toBe(userId);
    expect(await manager.resolve(undefined)).toBeNull();
    expect(await manager.resolve('signpost_console=short')).toBeNull();
  });

  it('ends after 2 hours unused, but not while used', async () => {
    const { setCookie } = await manager.start((await stores.consoleUsers.get(userId))!);
    for (let i = 0; i < 5; i += 1) {
      now = new Date(now.getTime() + 90 * MINUTE);
      expect(await manager.resolve(cookieOf(setCookie))).not.toBeNull();
    }
    now = new Date(now.getTime() + 2 * HOUR + MINUTE);
    expect(await manager.resolve(cookieOf(setCookie))).toBeNull();
  });

  it('ends after 12 hours however busy', async () => {
    const { setCookie } = await manager.start((await stores.consoleUsers.get(userId))!);
    for (let i = 0; i < 11; i += 1) {
      now = new Date(now.getTime() + HOUR);
      expect(await manager.resolve(cookieOf(setCookie))).not.toBeNull();
    }
    now = new Date(now.getTime() + HOUR);
    expect(await manager.resolve(cookieOf(setCookie))).toBeNull();
  });

  it('ends when the user is disabled, and at sign-out', async () => {
    const user = (await stores.consoleUsers.get(userId))!;
    const a = await manager.start(user);
    const b = await manager.start(user);
    await manager.end(a.session);
    expect(await manager.resolve(cookieOf(a.setCookie))).toBeNull();
    expect(await manager.resolve(cookieOf(b.setCookie))).not.toBeNull();
    await stores.consoleUsers.update(userId, { disabled: true });
    expect(await manager.resolve(cookieOf(b.setCookie))).toBeNull();
  });

  it('compares CSRF tokens exactly', async () => {
    const { session } = await manager.start((await stores.consoleUsers.get(userId))!);
    expect(SessionManager.csrfMatches(session, session.csrfToken)).toBe(true);
    expect(SessionManager.csrfMatches(session, `${session.csrfToken}x`)).toBe(false);
    expect(SessionManager.csrfMatches(session, undefined)).toBe(false);
    expect(SessionManager.csrfMatches(session, '')).toBe(false);
  });
});
