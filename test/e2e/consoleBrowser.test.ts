/**
 * The link worker console in headless Chromium (Debian's, through playwright-core), used by keyboard only: sign in,
 * see a waiting handoff (and a new one arrive live), claim it, read the patient's words (shown as text, never HTML),
 * reply (the patient's channel gets it, labelled), see the patient answer live, add a note, close with an outcome (the
 * patient is told), then correct a directory service. No console errors and no CSP violations. Screenshots go to
 * test-artifacts/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { projectPath } from '../../src/paths';
import { say } from '../../src/services/content/messages';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, enqueue, PASSWORD, RecordingChannel } from '../console/consoleHarness';
import { describeWithBrowser } from '../helpers/browser';
import { launchWithProfile } from '../helpers/patientPage';

declare const document: { querySelectorAll(selector: string): ArrayLike<unknown>; activeElement: { id: string } | null };

const ARTIFACTS = projectPath('test-artifacts');
const TRICKY = 'Is this <img src=x onerror="document.title=1"> <b>bold</b>? & thanks';

jest.setTimeout(180_000);

describeWithBrowser('the link worker console in a browser', () => {
  let t: TestApp;
  let channel: RecordingChannel;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];
  const refused: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    channel = RecordingChannel.registerOn(t.app);
    await addUser(t.app, 'sam.jones@example.org', 'linkworker');
    ({ context, page, profile } = await launchWithProfile('signpost-chromium-'));
    page.on('console', (message) => {
      // Chromium logs every 401 as an error; those are checked below (only the expected "am I signed in?" checks).
      if (/status of 401/.test(message.text())) return;
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() === 401) refused.push(new URL(response.url()).pathname);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  it('signs in, claims, replies, sees the answer live, notes, closes, and corrects the directory, by keyboard', async () => {
    const waiting = await enqueue(t.app, {
      priority: 'urgent',
      summary: 'URGENT. Crisis words (self-harm). Needs: mental-health.',
      transcript: [{ from: 'patient', text: TRICKY, at: new Date() }],
    });

    // Not signed in: the console sends us to sign in, then back.
    await page.goto(`${t.baseUrl}/console`);
    await page.waitForURL(/\/console\/login\?next=%2Fconsole/);
    await page.waitForFunction(() => document.activeElement?.id === 'email');
    await page.keyboard.type('sam.jones@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.baseUrl}/console`);

    // The queue: the waiting handoff, urgent, with its waiting time; the stream is live.
    const row = page.locator('#queue tbody tr', { hasText: 'Crisis words' });
    await row.waitFor();
    await page.locator('#live', { hasText: 'Live' }).waitFor();
    await expectText(row, /Urgent/);
    await expectText(row, /under a minute|1 minute/);
    await expectText(row, /Nobody yet/);
    // Someone new arrives while we look: shown without reloading.
    await enqueue(t.app, { summary: 'Asked to talk to a person. Needs: money.' });
    await page.locator('#queue tbody tr', { hasText: 'Needs: money' }).waitFor();
    const rows = await page.locator('#queue tbody tr td:nth-child(3)').allInnerTexts();
    expect(rows.findIndex((r) => r.includes('Crisis words'))).toBeLessThan(rows.findIndex((r) => r.includes('Needs: money')));
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-queue.png'), fullPage: true });

    // Claim with the keyboard.
    await row.getByRole('button', { name: /Claim/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/handoff\?id=/);
    await page.locator('#live', { hasText: 'Live' }).waitFor();
    expect(channel.to(waiting.conversationId)).toEqual([say('handoff.worker.joined', { name: 'Sam' })]);

    // The patient's words are text: the markup shows as typed and makes no elements.
    const transcript = page.locator('#transcript');
    await expectText(transcript, TRICKY);
    expect(await transcript.locator('img, b').count()).toBe(0);
    expect(await page.title()).not.toBe('1');

    // Reply: type, then Ctrl+Enter.
    await page.locator('#reply').focus();
    await page.keyboard.type('Hello, I am Sam, a link worker. I am here now.');
    await page.keyboard.press('Control+Enter');
    await page.locator('#transcript li', { hasText: 'I am here now' }).waitFor();
    expect(channel.to(waiting.conversationId).at(-1)).toBe('Sam (link worker): Hello, I am Sam, a link worker. I am here now.');
    await expectText(page.locator('#status'), 'Sent.');

    // The patient answers (the bot records it while handed off): it appears live.
    await t.app.handoffService.recordPatientMessage(waiting.conversationId, 'Thank you Sam, I feel a bit safer');
    await page.locator('#transcript li', { hasText: 'I feel a bit safer' }).waitFor();

    // A private note.
    await page.locator('#note').focus();
    await page.keyboard.type('Agreed a safety plan; call back tomorrow.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('#notes li', { hasText: 'safety plan' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-handoff.png'), fullPage: true });

    // Close: choose the outcome with the arrow keys, then press the button.
    await page.locator('#outcome').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#outcome').inputValue()).toBe('signposted');
    await page.locator('#close').focus();
    await page.keyboard.press('Enter');
    await expectText(page.locator('#status'), 'Finished. The person has been told.');
    // The closing message (then, from the bot, how did it go?).
    expect(channel.to(waiting.conversationId)).toContain(say('handoff.closed.signposted'));
    expect((await t.app.stores.handoffs.get(waiting.id))?.outcome).toEqual({ type: 'signposted' });
    await expectText(page.locator('#summary'), /Closed/);

    // Directory: search, correct a phone number, saved and logged.
    const [service] = await t.app.stores.directory.search({ limit: 1 });
    await page.getByRole('link', { name: 'Directory' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.baseUrl}/console/directory`);
    await page.locator('#search').focus();
    await page.keyboard.type(service.name);
    await page.keyboard.press('Enter');
    const result = page.locator('#results li', { hasText: service.name }).first();
    await result.waitFor();
    await result.getByRole('button', { name: /Correct this service/ }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#editor-title', { hasText: service.name }).waitFor();
    await page.locator('#f-phone').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0117 496 0123');
    await page.keyboard.press('Enter');
    await expectText(page.locator('#status'), /Saved your changes/);
    expect((await t.app.stores.directory.get(service.id))?.phone).toBe('0117 496 0123');

    // Mark it closed, with a note: Signpost stops offering it; who and when are shown.
    await page.locator('#results li', { hasText: service.name }).first().getByRole('button', { name: /Mark as not suitable, closed or wrong number/ }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#marker-title', { hasText: service.name }).waitFor();
    await page.locator('#mark-form input[value="closed"]').focus();
    await page.keyboard.press('Space');
    await page.locator('#m-note').focus();
    await page.keyboard.type('Rang them: closed.');
    await page.getByRole('button', { name: 'Save mark' }).focus();
    await page.keyboard.press('Enter');
    await expectText(page.locator('#status'), /as closed\./);
    await expectText(page.locator('#results li', { hasText: service.name }).first(), /Marked closed by \w+/);
    expect((await t.app.stores.directory.get(service.id))?.mark).toMatchObject({ kind: 'closed', note: 'Rang them: closed.' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-directory.png'), fullPage: true });

    // Sign out: back to the sign-in page; the console is closed to us.
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/login/);
    await page.goto(`${t.baseUrl}/console/handoff?id=${waiting.id}`);
    await page.waitForURL(/\/console\/login\?next=/);

    expect(problems).toEqual([]);
    // 401s only where the pages ask whether someone is signed in: before signing in, and after signing out.
    expect(refused.length).toBeGreaterThan(0);
    expect([...new Set(refused)]).toEqual(['/api/console/session']);
  });
});

async function expectText(locator: ReturnType<Page['locator']>, expected: string | RegExp): Promise<void> {
  await locator.filter({ hasText: expected }).first().waitFor({ timeout: 10_000 });
}
