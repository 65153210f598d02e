/** In production the console's session cookie is Secure and __Host- prefixed, and is read back under that name. */
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, ConsoleClient, PASSWORD } from './consoleHarness';

jest.setTimeout(120_000);

describe('the console session cookie in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production', MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-used-here', SIGNPOST_SECRET: 'x'.repeat(40), PUBLIC_URL: 'https://signpost.example.org' });
    await addUser(t.app, 'sam@example.org');
  });
  afterAll(async () => t?.close());

  it('is Secure, HttpOnly, SameSite=Strict, Path=/ and named __Host-signpost_console', async () => {
    const sam = new ConsoleClient(t.baseUrl);
    const res = await sam.login('sam@example.org', PASSWORD);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-signpost_console=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure$/);
    expect((await sam.get('/api/console/session')).status).toBe(200);
    // The development name is not accepted in production.
    const plain = new ConsoleClient(t.baseUrl);
    plain.cookie = sam.cookie!.replace('__Host-signpost_console', 'signpost_console');
    expect((await plain.get('/api/console/session')).status).toBe(401);
  });

  it('pages ask browsers to keep to https (HSTS) behind an https PUBLIC_URL', async () => {
    const res = await fetch(`${t.baseUrl}/console/login`);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});
