/**
 * Security headers on every web page and asset the server has: the patient page and its files, and every console page
 * and file (the lists come from the code that registers them, so a page added later is checked too). For each, on a
 * plain answer, a HEAD, a gzip answer and a 304: a Content-Security-Policy with no inline script, no eval and no
 * framing, no referrer, no MIME sniffing; HSTS and an upgrade of plain requests when served over https. HTML has no
 * inline script to need more. Then headless Chromium loads the pages (Web Chat talking to the bot; the console signed
 * in as an admin) and reports no CSP violation at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { patientPageAssets } from '../../src/channels/web/patientPage';
import { consoleAssets } from '../../src/console/pages';
import { MESSAGES } from '../../src/services/content/messages';
import { addUser, PASSWORD } from '../console/consoleHarness';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { CHROMIUM, describeWithBrowser } from '../helpers/browser';

const PAGES = [...Object.keys(patientPageAssets(730)), ...Object.keys(consoleAssets())];
const HTML = PAGES.filter((p) => !/\.\w+$/.test(p));

/** The CSP as directive name -> values. */
function directives(csp: string | null): Record<string, string[]> {
  return Object.fromEntries((csp ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => d.split(/\s+/)).map(([name, ...values]) => [name, values]));
}

function expectSafeHeaders(where: string, headers: Headers, https: boolean): void {
  const csp = directives(headers.get('content-security-policy'));
  const script = csp['script-src'] ?? csp['default-src'];
  expect([where, script]).toEqual([where, ["'self'"]]);
  expect([where, csp['default-src']]).toEqual([where, ["'self'"]]);
  expect([where, csp['object-src']]).toEqual([where, ["'none'"]]);
  expect([where, csp['base-uri']]).toEqual([where, ["'none'"]]);
  expect([where, csp['frame-ancestors']]).toEqual([where, ["'none'"]]);
  for (const values of Object.values(csp)) expect([where, values.filter((v) => v === '*' || v === "'unsafe-eval'" || v === 'http:' || v === 'https:')]).toEqual([where, []]);
  expect([where, headers.get('x-content-type-options')]).toEqual([where, 'nosniff']);
  expect([where, headers.get('referrer-policy')]).toEqual([where, 'no-referrer']);
  expect([where, headers.get('x-frame-options')]).toEqual([where, 'DENY']);
  expect([where, headers.get('strict-transport-security') !== null]).toEqual([where, https]);
  expect([where, 'upgrade-insecure-requests' in csp]).toEqual([where, https]);
  expect([where, headers.get('set-cookie')]).toEqual([where, null]);
}

describe.each([
  ['over plain http', {}, false],
  ['behind https (PUBLIC_URL)', { PUBLIC_URL: 'https://signpost.example.org' }, true],
])('security headers %s', (_name, env: Record<string, string>, https) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(env);
  });
  afterAll(async () => t.close());

  it(`are on all ${PAGES.length} pages and files, answered plainly, to HEAD, gzipped and as 304`, async () => {
    expect(PAGES).toEqual(expect.arrayContaining(['/', '/chat.js', '/vendor/webchat.js', '/console', '/console/login', '/console/handoff', '/console/console.css']));
    for (const page of PAGES) {
      const plain = await fetch(`${t.baseUrl}${page}`, { headers: { 'accept-encoding': 'identity' } });
      expect([page, plain.status]).toEqual([page, 200]);
      expect([page, plain.headers.get('content-type')]).toEqual([page, expect.stringMatching(/^(text\/(html|css|javascript)|image\/svg\+xml)/)]);
      expectSafeHeaders(`GET ${page}`, plain.headers, https);
      await plain.arrayBuffer();
      const head = await fetch(`${t.baseUrl}${page}`, { method: 'HEAD' });
      expectSafeHeaders(`HEAD ${page}`, head.headers, https);
      const zipped = await fetch(`${t.baseUrl}${page}`, { headers: { 'accept-encoding': 'gzip' } });
      expectSafeHeaders(`gzip ${page}`, zipped.headers, https);
      await zipped.arrayBuffer();
      const cached = await fetch(`${t.baseUrl}${page}`, { headers: { 'if-none-match': plain.headers.get('etag') ?? '' } });
      expect([page, cached.status]).toEqual([page, 304]);
      expectSafeHeaders(`304 ${page}`, cached.headers, https);
    }
  });

  it('keeps inline styles to the patient page (Web Chat styles itself at run time); the console has none', async () => {
    const patient = directives((await fetch(`${t.baseUrl}/`)).headers.get('content-security-policy'));
    expect(patient['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    for (const page of HTML.filter((p) => p.startsWith('/console'))) {
      expect([page, directives((await fetch(`${t.baseUrl}${page}`)).headers.get('content-security-policy'))['style-src']]).toEqual([page, ["'self'"]]);
    }
  });

  it('serves HTML with no inline script, event handlers or javascript: URLs, loading scripts from itself only', async () => {
    for (const page of HTML) {
      const html = await (await fetch(`${t.baseUrl}${page}`)).text();
      for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
        expect([page, body.trim()]).toEqual([page, '']);
        expect([page, attributes]).toEqual([page, expect.stringMatching(/\ssrc="\/[^/]/)]);
      }
      expect([page, /\son[a-z]+\s*=/i.test(html), /javascript:/i.test(html), /<style\b|\sstyle\s*=/i.test(html)]).toEqual([page, false, false, false]);
    }
  });
});

describeWithBrowser('the pages in a browser', () => {
  let t: TestApp;
  let context: BrowserContext;
  let profile: string;
  const violations: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await addUser(t.app, 'ada@example.org', 'admin', 'Ada');
    profile = mkdtempSync(path.join(os.tmpdir(), 'signpost-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    // Every CSP violation the browser reports, whatever caused it.
    await context.addInitScript(() => {
      // eslint-disable-next-line no-console -- runs in the page: its console is how the browser tells the test
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    context.on('console', (message) => {
      if (/CSP violation|Content Security Policy|Refused to/i.test(message.text())) violations.push(`${message.location().url}: ${message.text()}`);
    });
  });
  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  it('runs Web Chat and every console page without a single CSP violation', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${t.baseUrl}/`);
    await page.waitForFunction((question) => document.body.innerText.includes(question), MESSAGES['welcome.question'], { timeout: 30_000 });

    await page.goto(`${t.baseUrl}/console/login`);
    await page.locator('#email').fill('ada@example.org');
    await page.locator('#password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.baseUrl}/console`);
    for (const consolePage of HTML.filter((p) => p.startsWith('/console') && p !== '/console/login')) {
      await page.goto(`${t.baseUrl}${consolePage}`);
      await page.waitForLoadState('load');
      await page.waitForTimeout(300); // the page's modules run and fetch what they show
    }
    expect(violations).toEqual([]);
  });
});

declare const document: { addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void; body: { innerText: string } };
