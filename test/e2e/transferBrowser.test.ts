/**
 * Passing a conversation to a colleague in the console, in headless Chromium: Sam holds it and passes it to Alex from
 * the conversation page; Alex, watching the same conversation in another browser, is told live that it is theirs now;
 * the person is told who is with them. No console errors and no CSP violations.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { say } from '../../src/services/content/messages';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, enqueue, PASSWORD, RecordingChannel } from '../console/consoleHarness';
import { describeWithBrowser } from '../helpers/browser';
import { launchChromium, watchProblems } from '../helpers/patientPage';

jest.setTimeout(120_000);
const WAIT = 15_000;

describeWithBrowser('passing a conversation to a colleague, in the browser', () => {
  let t: TestApp;
  let channel: RecordingChannel;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    channel = RecordingChannel.registerOn(t.app);
    await addUser(t.app, 'sam.b@example.org', 'linkworker', 'Sam');
    await addUser(t.app, 'alex.b@example.org', 'linkworker', 'Alex');
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  async function signedIn(email: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${t.baseUrl}/console/login`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.baseUrl}/console`, { timeout: WAIT });
    return { page, problems };
  }

  it('Sam passes it to Alex: Alex is told live, the person is told, Sam can no longer reply', async () => {
    const h = await enqueue(t.app);
    const sam = await signedIn('sam.b@example.org');
    const alex = await signedIn('alex.b@example.org');
    await sam.page.goto(`${t.baseUrl}/console/handoff?id=${h.id}`);
    await sam.page.getByRole('button', { name: 'Claim this conversation' }).click();
    await sam.page.locator('#status', { hasText: 'You have this conversation' }).waitFor({ timeout: WAIT });
    await alex.page.goto(`${t.baseUrl}/console/handoff?id=${h.id}`);
    await alex.page.locator('#live', { hasText: 'Live' }).waitFor({ timeout: WAIT });
    expect(await alex.page.locator('#transfer-form').isHidden()).toBe(true);

    await sam.page.getByLabel('Pass to a colleague').selectOption({ label: 'Alex' });
    await sam.page.getByRole('button', { name: 'Pass on' }).click();
    await sam.page.locator('#status', { hasText: 'Passed to Alex. The person has been told.' }).waitFor({ timeout: WAIT });
    await alex.page.locator('#status', { hasText: 'This conversation has been passed to you.' }).waitFor({ timeout: WAIT });
    await alex.page.locator('#summary dd', { hasText: 'Alex (you)' }).waitFor({ timeout: WAIT });
    expect(await sam.page.locator('#send').isDisabled()).toBe(true);
    expect(await alex.page.locator('#send').isDisabled()).toBe(false);
    expect(channel.to(h.conversationId).at(-1)).toBe(say('handoff.worker.transferred', { name: 'Alex' }));
    expect(sam.problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    expect(alex.problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
  });
});
