/** Sign-in limits over HTTP with the default settings: 5 failures per account, 20 per client address, in 15 minutes. */
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, ConsoleClient, PASSWORD } from './consoleHarness';

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

  it('locks an account after 5 failed sign-ins, even for the right password, and only that account', async () => {
    for (let i = 0; i < 5; i += 1) expect((await new ConsoleClient(t.baseUrl).login('sam@example.org', `wrong guess ${i}`)).status).toBe(401);
    const locked = await new ConsoleClient(t.baseUrl).login('SAM@example.org', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({ code: 'TooManyAttempts', message: expect.stringMatching(/Try again in 15 minutes/) });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(locked.headers.get('set-cookie')).toBeNull();
    expect((await new ConsoleClient(t.baseUrl).login('alex@example.org', PASSWORD)).status).toBe(200);
  });

  it('limits one address to 20 attempts, even when they all arrive at once; successes do not count', async () => {
    const alex = await ConsoleClient.signIn(t.baseUrl, 'alex@example.org');
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => new ConsoleClient(t.baseUrl).login(`nobody${i}@example.org`, 'a wrong password')));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(20);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(10);
    const blocked = await new ConsoleClient(t.baseUrl).login('alex@example.org', PASSWORD);
    expect(blocked.status).toBe(429);
    // A session already open carries on.
    expect((await alex.get('/api/console/session')).status).toBe(200);
  });
});
