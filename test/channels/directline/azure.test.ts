/**
 * With DIRECT_LINE_SECRET set, the page's token endpoint exchanges the secret with Azure's Direct Line server-side
 * (here a local fake of Azure's POST /tokens/generate): the browser gets a conversation token, never the secret.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../helpers/testApp';

const SECRET = 'azure-direct-line-secret-0123456789';

interface FakeAzure {
  url: string;
  requests: { path: string; authorization?: string; body: unknown }[];
  status: number;
  close(): Promise<void>;
}

async function fakeAzure(): Promise<FakeAzure> {
  const fake: FakeAzure = { url: '', requests: [], status: 200, close: async () => undefined };
  // restify patches http.ServerResponse for the whole process (writeHead stops returning the response): keep calls apart.
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      fake.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body: raw ? JSON.parse(raw) : undefined });
      if (req.url !== '/v3/directline/tokens/generate' || req.method !== 'POST' || req.headers.authorization !== `Bearer ${SECRET}`) {
        res.writeHead(403);
        res.end('{"error":{"code":"BadArgument"}}');
        return;
      }
      if (fake.status !== 200) {
        res.writeHead(fake.status);
        res.end('{"error":{"code":"ServiceError"}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ conversationId: 'azure-conv-1', token: 'azure-conversation-token', expires_in: 3600 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/directline`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}

describe('web chat with Azure Direct Line (DIRECT_LINE_SECRET)', () => {
  let azure: FakeAzure;
  let t: TestApp;
  beforeAll(async () => {
    azure = await fakeAzure();
    t = await startTestApp({ DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_DOMAIN: azure.url });
  });
  afterAll(async () => {
    await t.close();
    await azure.close();
  });
  beforeEach(() => {
    azure.requests.length = 0;
    azure.status = 200;
  });

  it('exchanges the secret server-side for a conversation token bound to a new dl_ user', async () => {
    const res = await fetch(`${t.baseUrl}/api/webchat/token`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toEqual({ token: 'azure-conversation-token', conversationId: 'azure-conv-1', userId: expect.stringMatching(/^dl_/), expiresIn: 3600, domain: azure.url });
    expect(azure.requests).toEqual([{ path: '/v3/directline/tokens/generate', authorization: `Bearer ${SECRET}`, body: { user: { id: body.userId } } }]);
    expect(text).not.toContain(SECRET);
    expect(JSON.stringify([...res.headers])).not.toContain(SECRET);
  });

  it('lets the page connect to Azure (CSP connect-src) and serves no Direct Line of its own', async () => {
    const page = await fetch(`${t.baseUrl}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    const origin = new URL(azure.url);
    expect(csp).toContain(`connect-src 'self' ${origin.origin} ws://${origin.host}`);
    expect((await page.text())).not.toContain(SECRET);
    expect((await fetch(`${t.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })).status).toBe(404);
  });

  it('answers 502 with a plain message when Azure fails, and logs neither the secret nor the token', async () => {
    azure.status = 500;
    const res = await fetch(`${t.baseUrl}/api/webchat/token`, { method: 'POST' });
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error: { code: 'DirectLineUnavailable', message: 'Web chat could not start. Please try again in a few minutes.' } });
    expect(t.logs.text()).toContain('web chat could not start');
    expect(t.logs.text()).not.toContain(SECRET);
    expect(t.logs.text()).not.toContain('azure-conversation-token');
  });
});
