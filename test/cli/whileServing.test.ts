/**
 * The command line works while the server runs on the same embedded store (no "stop the server first"): with a server
 * up, `signpost referrals list --json` lists a referral the server just stored, and `signpost console add-user` adds
 * someone who can then sign in to that running server.
 */
import { runCli } from '../nlu/runCli';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { ConsoleClient } from '../console/consoleHarness';
import { newReferral } from '../storage/records';

jest.setTimeout(300_000);

describe('the CLI while the server runs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('lists referrals the running server stored, and adds a console user who signs in to it', async () => {
    const stored = await t.app.stores.referrals.create(newReferral());
    const env = { SIGNPOST_DATA_DIR: t.dataDir, LOG_LEVEL: 'warn' };
    const [listed, added] = await Promise.all([
      runCli(['referrals', 'list', '--json'], { env }),
      runCli(['console', 'add-user', 'ali@example.org', '--role', 'linkworker', '--name', 'Ali'], { stdin: 'a very good passphrase\n', env }),
    ]);
    expect([listed.code, listed.stderr]).toEqual([0, '']);
    expect((JSON.parse(listed.stdout) as { reference: string }[]).map((r) => r.reference)).toContain(stored.reference);
    expect([added.code, added.stderr]).toEqual([0, '']);

    const ali = await ConsoleClient.signIn(t.baseUrl, 'ali@example.org', 'a very good passphrase');
    expect((await ali.get('/api/console/session')).body.user).toMatchObject({ firstName: 'Ali', role: 'linkworker' });
  });
});
