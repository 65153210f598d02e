/**
 * The patient page keeps its Direct Line token fresh. With tokens that live seconds instead of 30 minutes, the page in
 * headless Chromium refreshes its token before it expires, the live connection carries on with the fresh one (a
 * message sent once every token the page started with has expired is answered in the same conversation), and a reload
 * then resumes that conversation with the refreshed token kept in the tab. The server never refuses a token.
 */
import type { Browser, Page } from 'playwright-core';
import { DirectLineTokens } from '../../src/channels/directline/tokens';
import { MESSAGES } from '../../src/services/content/messages';
import { botSaid, launchChromium, SESSION_KEY, storedSession, typeMessage, watchProblems } from '../helpers/patientPage';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { describeWithBrowser } from '../helpers/browser';

declare const sessionStorage: { getItem(key: string): string | null }; // in page callbacks, which run in the browser

/** Short enough for a quick test, long enough that a loaded 2-core machine still refreshes in time. */
const TOKEN_SECONDS = 12;

interface TokenAnswer {
  url: string;
  status: number;
  at: number;
  token?: string;
}

/** Every token the server hands the page (new chat, conversation start or resume, refresh), as the page gets it. */
function watchTokens(page: Page): TokenAnswer[] {
  const answers: TokenAnswer[] = [];
  page.on('response', async (response) => {
    const url = new URL(response.url()).pathname;
    if (!/^\/api\/webchat\/token$|^\/v3\/directline\/(tokens\/refresh|conversations(\/[^/]+)?)$/.test(url) || response.request().method() === 'OPTIONS') return;
    const answer: TokenAnswer = { url, status: response.status(), at: Date.now() };
    answers.push(answer);
    if (response.ok()) answer.token = ((await response.json().catch(() => ({}))) as { token?: string }).token;
  });
  return answers;
}

describeWithBrowser('the patient page refreshes its Direct Line token', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp({}, { directLine: { tokenSeconds: TOKEN_SECONDS } });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('before it expires, and the conversation carries on after the first token has expired', async () => {
    const tokens = new DirectLineTokens(t.app.secret);
    const expiryOf = (token: string): number => {
      const check = tokens.verify(token, 'conversation');
      if (!check.ok) throw new Error(`token not valid when given: ${check.reason}`);
      return check.claims.expiresAt * 1000;
    };
    const page = await browser.newPage();
    const problems = watchProblems(page);
    const answers = watchTokens(page);

    await page.goto(`${t.baseUrl}/`);
    await botSaid(page, 'welcome.question');
    const first = await storedSession(page);
    expect(first.conversationId).not.toBe('');
    // The tokens the page started with: its session's, and the one its connection got when it started the conversation.
    const starting = answers.filter((a) => a.status < 300 && a.token && !a.url.endsWith('/tokens/refresh')).map((a) => a.token!);
    expect(starting).toContain(first.token);
    expect(starting.length).toBeGreaterThanOrEqual(2);
    const firstExpiry = expiryOf(first.token);
    expect(firstExpiry - Date.now()).toBeLessThanOrEqual(TOKEN_SECONDS * 1000);
    const allExpired = Math.max(...starting.map(expiryOf));

    // Before the first token expires, the page has a new one from /tokens/refresh and keeps it for a reload.
    await page.waitForFunction(
      ([key, token]) => (JSON.parse(sessionStorage.getItem(key) ?? '{}') as { token?: string }).token !== token,
      [SESSION_KEY, first.token] as const,
      { timeout: TOKEN_SECONDS * 1000 },
    );
    const refreshes = answers.filter((a) => a.url.endsWith('/tokens/refresh'));
    expect(refreshes[0]).toMatchObject({ status: 200 });
    expect(refreshes[0].at).toBeLessThan(firstExpiry);
    const refreshed = await storedSession(page);
    expect(refreshed.conversationId).toBe(first.conversationId);
    expect(expiryOf(refreshed.token)).toBeGreaterThan(firstExpiry);

    // Once every token the page started with has expired (the server says so), the chat still works.
    await page.waitForTimeout(Math.max(0, allExpired - Date.now()) + 500);
    for (const token of starting) expect(tokens.verify(token, 'conversation')).toEqual({ ok: false, reason: 'expired' });
    await typeMessage(page, MESSAGES['welcome.choice.refer']);
    await botSaid(page, 'consent.ask');
    await expect(page.locator('#chat-status').innerText()).resolves.not.toMatch(/timed out|could not/i);
    const transcript = await t.app.webChat.service!.activitiesAfter(first.conversationId, 0, 100);
    expect(transcript.activities.filter((a) => a.from?.role === 'user').map((a) => a.text)).toEqual([MESSAGES['welcome.choice.refer']]);

    // A reload later still resumes the same conversation: the tab kept a token that is still good.
    await page.waitForTimeout(TOKEN_SECONDS * 500);
    await page.reload();
    await botSaid(page, 'consent.ask');
    await expect(page.locator('#chat-status').innerText()).resolves.toMatch(/Welcome back/);
    expect((await storedSession(page)).conversationId).toBe(first.conversationId);

    // The page kept refreshing, every refresh and start was answered, and the server never refused a token.
    expect(answers.filter((a) => a.url.endsWith('/tokens/refresh')).length).toBeGreaterThanOrEqual(2);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 201)).toEqual([]);
    expect(t.logs.lines.filter((line) => line.includes('direct line token refused'))).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
