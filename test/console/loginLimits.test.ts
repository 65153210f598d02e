/**
 * Sign-in limits over HTTP with the default settings: failures slow down tries at one account from one address, with
 * growing delays; an address and an account each have a wide cap of their own. The owner at another address is never
 * locked out by someone guessing. (Loopback has many addresses: 127.0.0.2 stands for the owner's machine.)
 */
import { request } from 'node:http';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, ConsoleClient, PASSWORD, type Answer } from './consoleHarness';

/** POST /api/console/login from a chosen local address. */
function loginFrom(localAddress: string, baseUrl: string, email: string, password: string): Promise<{ status: number }> {
  const url = new URL('/api/console/login', baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ email, password }));
  });
}

// Every attempt hashes a password (scrypt, deliberately slow): generous time on a busy machine.
jest.setTimeout(240_000);

describe('console sign-in limits', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp();
    await addUser(t.app, 'sam@example.org');
    await addUser(t.app, 'alex@example.org');
  });
  afterEach(async () => t.close());

  it("slows the guesser, not the owner: failures from one address delay that address's tries at that account, growing", async () => {
    // Sent at once (attempts count as they start), so how slow scrypt is on this machine does not matter.
    const tries: Answer[] = await Promise.all(Array.from({ length: 6 }, (_, i) => new ConsoleClient(t.baseUrl).login('sam@example.org', `wrong guess ${i}`)));
    // Four free tries; the next must wait a second after the last, the one after two, and so on.
    expect(tries.filter((r) => r.status === 401)).toHaveLength(4);
    const slowed = tries.filter((r) => r.status === 429);
    expect(slowed).toHaveLength(2);
    expect(slowed[0].body).toEqual({ code: 'TooManyAttempts', message: expect.stringMatching(/^Too many failed sign-ins for this account from here\. Try again in \d+ seconds?\.$/) });
    expect(Number(slowed[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The owner, from their own address, signs in at once.
    expect((await loginFrom('127.0.0.2', t.baseUrl, 'sam@example.org', PASSWORD)).status).toBe(200);
    // Other accounts from the guesser's address are not affected.
    expect((await new ConsoleClient(t.baseUrl).login('alex@example.org', PASSWORD)).status).toBe(200);
  });

  it('does not block a whole practice behind one address when people mistype (20 failures on several accounts)', async () => {
    for (let i = 0; i < 20; i += 1) expect((await new ConsoleClient(t.baseUrl).login(`colleague${i % 10}@example.org`, 'a wrong password')).status).toBe(401);
    expect((await new ConsoleClient(t.baseUrl).login('alex@example.org', PASSWORD)).status).toBe(200);
  });

  it('audits failed and slowed sign-ins (ids only, never the email typed or the password)', async () => {
    const sam = await t.app.stores.consoleUsers.getByEmail('sam@example.org');
    await Promise.all(Array.from({ length: 5 }, (_, i) => new ConsoleClient(t.baseUrl).login('sam@example.org', `wrong guess ${i}`)));
    await new ConsoleClient(t.baseUrl).login('nobody@example.org', 'whatever');
    const entries = await t.app.stores.audit.listByRecord('console-user', sam!.id);
    expect(entries.filter((e) => e.action === 'login-failed')).toHaveLength(4);
    expect(entries.filter((e) => e.action === 'login-slowed')).toHaveLength(1);
    expect(JSON.stringify(entries)).not.toContain('wrong guess');
    expect(await t.app.stores.audit.listByRecord('console-user', 'unknown-account')).toEqual([expect.objectContaining({ action: 'login-failed', actor: 'anonymous' })]);
  });
});
