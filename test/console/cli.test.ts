/** `signpost console add-user | reset-password | users`, run as the real built CLI, then used to sign in over HTTP. */
import { dataFilesText } from '../helpers/dataFiles';
import { runCli } from '../nlu/runCli';
import { startTestApp, tempDataDir } from '../helpers/testApp';
import { ConsoleClient } from './consoleHarness';

// Each run starts a Node process and hashes a password (scrypt): generous time on a busy machine.
jest.setTimeout(300_000);

describe('signpost console', () => {
  let dataDir: string;
  const env = () => ({ SIGNPOST_DATA_DIR: dataDir });

  beforeEach(() => {
    dataDir = tempDataDir('signpost-console-cli-');
  });

  it('add-user takes a piped password; the user can then sign in to the console', async () => {
    const added = await runCli(['console', 'add-user', 'Sam.Jones@example.org', '--role', 'linkworker'], { stdin: 'a very good passphrase\n', env: env() });
    expect(added.stderr).not.toContain('passphrase');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/Added Sam \(sam\.jones@example\.org\) as a link worker\./);
    expect(added.stdout).not.toContain('a very good passphrase');
    // Only the scrypt hash is stored.
    const stored = dataFilesText(dataDir);
    expect(stored).toMatch(/"passwordHash":"scrypt\$/);
    expect(stored).not.toContain('a very good passphrase');

    const t = await startTestApp({ SIGNPOST_DATA_DIR: dataDir });
    try {
      const sam = await ConsoleClient.signIn(t.baseUrl, 'sam.jones@example.org', 'a very good passphrase');
      const session = (await sam.get('/api/console/session')).body.user as { id: string };
      expect(session).toMatchObject({ firstName: 'Sam', role: 'linkworker', mustChangePassword: false });
      // Adding the user was audited: by whom (the operating system user), and which account (its id only).
      expect(await t.app.stores.audit.listByRecord('console-user', session.id)).toContainEqual(expect.objectContaining({ action: 'add-user', actor: expect.stringMatching(/^cli/) }));
    } finally {
      await t.close({ keepData: true });
    }
  });

  it('add-user with nothing piped prints a one-time password that must be changed at first sign-in (JSON for programs)', async () => {
    const added = await runCli(['console', 'add-user', 'priya@example.org', '--role', 'admin', '--name', 'Priya', '--json'], { env: env() });
    expect(added.code).toBe(0);
    const answer = JSON.parse(added.stdout) as { user: { email: string; role: string; firstName: string; mustChangePassword: boolean }; oneTimePassword: string };
    expect(answer.user).toMatchObject({ email: 'priya@example.org', role: 'admin', firstName: 'Priya', mustChangePassword: true });
    expect(answer.oneTimePassword).toMatch(/^[A-Za-z0-9]{20}$/);

    const plain = await runCli(['console', 'add-user', 'jo.bloggs@example.org', '--role', 'linkworker'], { env: env() });
    expect(plain.stdout).toMatch(/One-time password for jo\.bloggs@example\.org: [A-Za-z0-9]{20}\n/);

    const listed = await runCli(['console', 'users'], { env: env() });
    expect(listed.stdout).toMatch(/priya@example\.org {2}Priya {2}admin {2}\(has a one-time password\)/);
    expect(listed.stdout).not.toMatch(/scrypt/);

    const t = await startTestApp({ SIGNPOST_DATA_DIR: dataDir });
    try {
      const priya = await ConsoleClient.signIn(t.baseUrl, 'priya@example.org', answer.oneTimePassword);
      expect((await priya.get('/api/console/handoffs')).body.code).toBe('PasswordChangeRequired');
      expect((await priya.post('/api/console/password', { currentPassword: answer.oneTimePassword, newPassword: 'my own long password' })).status).toBe(200);
      expect((await priya.get('/api/console/users')).status).toBe(200);
    } finally {
      await t.close({ keepData: true });
    }

    const reset = await runCli(['console', 'reset-password', 'priya@example.org', '--json'], { env: env() });
    expect(reset.code).toBe(0);
    const fresh = (JSON.parse(reset.stdout) as { oneTimePassword: string }).oneTimePassword;
    const again = await startTestApp({ SIGNPOST_DATA_DIR: dataDir });
    try {
      expect((await new ConsoleClient(again.baseUrl).login('priya@example.org', 'my own long password')).status).toBe(401);
      const priya = await ConsoleClient.signIn(again.baseUrl, 'priya@example.org', fresh);
      expect((await priya.get('/api/console/session')).body.user).toMatchObject({ mustChangePassword: true });
    } finally {
      await again.close();
    }
  });

  it('refuses a duplicate, a bad email, a weak piped password and an unknown role, changing nothing', async () => {
    expect((await runCli(['console', 'add-user', 'sam@example.org', '--role', 'linkworker'], { stdin: 'a very good passphrase', env: env() })).code).toBe(0);
    const duplicate = await runCli(['console', 'add-user', 'SAM@example.org', '--role', 'admin'], { stdin: 'another good passphrase', env: env() });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already a console user with that email address/);
    const badEmail = await runCli(['console', 'add-user', 'not-an-email', '--role', 'linkworker'], { env: env() });
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toMatch(/does not look like an email address/);
    const weak = await runCli(['console', 'add-user', 'weak@example.org', '--role', 'linkworker'], { stdin: 'short\n', env: env() });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    const role = await runCli(['console', 'add-user', 'r@example.org', '--role', 'boss'], { env: env() });
    expect(role.code).not.toBe(0);
    expect(role.stderr).toMatch(/linkworker or admin/);
    const unknown = await runCli(['console', 'reset-password', 'nobody@example.org'], { env: env() });
    expect(unknown.code).toBe(1);
    const users = JSON.parse((await runCli(['console', 'users', '--json'], { env: env() })).stdout) as { users: { email: string }[] };
    expect(users.users.map((u) => u.email)).toEqual(['sam@example.org']);
  });
});
