/** The patient page over HTTP: what it says (crisis help, privacy), and the headers that keep it safe. */
import { readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { webChatBundlePath } from '../../src/channels/web/patientPage';
import { MESSAGES } from '../../src/services/content/messages';

/** A GET that leaves the body as sent (fetch would undo the gzip). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('the patient page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RETENTION_DAYS: '90' });
  });
  afterAll(async () => t.close());

  it('tells one truth about who sees what people type: the page says what the consent message says (issue 21)', async () => {
    const html = await (await fetch(`${t.baseUrl}/`)).text();
    const privacy = /<section class="privacy"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(privacy).toContain(MESSAGES['consent.who']);
    expect(privacy).not.toMatch(/team at your GP practice/);
  });

  it('is served at / with a strict CSP (no inline script), no framing, no referrer and no sniffing', async () => {
    const res = await fetch(`${t.baseUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toBeNull(); // plain http here
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('has no inline script or event handlers, and loads only same-origin scripts', async () => {
    const html = await (await fetch(`${t.baseUrl}/`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body.trim()).toBe('');
      expect(attributes).toMatch(/src="\/[^/]/);
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('shows the crisis numbers and the privacy notice on the page itself, with retention from config', async () => {
    const html = await (await fetch(`${t.baseUrl}/`)).text();
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(html).toContain('<html lang="en-GB">');
    expect(text).toMatch(/call 999/);
    expect(text).toMatch(/NHS 111 and choose the mental health option/);
    expect(text).toMatch(/Samaritans on 116 123/);
    expect(text).toMatch(/Text SHOUT to 85258/);
    expect(html).toContain('href="tel:999"');
    expect(html).toContain('href="tel:116123"');
    // The same numbers the bot gives in a crisis (src/services/content/messages.ts), so the two cannot drift apart.
    for (const id of ['crisis.999', 'crisis.111', 'crisis.talk'] as const) {
      for (const number of MESSAGES[id].match(/\b\d{3}(?: \d{3})?\b|\b\d{5}\b/g) ?? []) expect([id, text.includes(number)]).toEqual([id, true]);
    }
    expect(text).toMatch(/About your information/);
    expect(text).toContain('We keep your information for 90 days');
    expect(html).not.toContain('{{');
  });

  it('serves Web Chat from node_modules, gzipped, with an ETag that answers 304', async () => {
    const original = readFileSync(webChatBundlePath());
    const res = await fetch(`${t.baseUrl}/vendor/webchat.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(Buffer.from(await res.arrayBuffer()).equals(original)).toBe(true); // fetch undid the gzip

    const raw = await rawGet(`${t.baseUrl}/vendor/webchat.js`, { 'accept-encoding': 'gzip, br' });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.body.length).toBeLessThan(original.length / 2);
    expect(gunzipSync(raw.body).equals(original)).toBe(true);

    const again = await fetch(`${t.baseUrl}/vendor/webchat.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it.each([['/chat.js', 'text/javascript'], ['/chat.css', 'text/css'], ['/icon.svg', 'image/svg+xml']])('serves %s as %s with the security headers', async (path, type) => {
    const res = await fetch(`${t.baseUrl}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves nothing else from the folders it reads', async () => {
    for (const path of ['/vendor/../package.json', '/web/index.html', '/chat.js/../../package.json', '/vendor/webchat-es5.js', '/.env']) {
      expect([path, (await fetch(`${t.baseUrl}${path}`)).status]).toEqual([path, 404]);
    }
  });

  it('starts a chat for the page: a token, the conversation, the user, and where to talk', async () => {
    const res = await fetch(`${t.baseUrl}/api/webchat/token`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ token: expect.any(String), conversationId: expect.any(String), userId: expect.stringMatching(/^sp_/), expiresIn: 1800, domain: '/v3/directline' });
  });
});
