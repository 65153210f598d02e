/**
 * The patient page in headless Chromium (Debian's, through playwright-core): Web Chat loads from this server and a
 * person completes a self-referral by typing (keyboard only) and clicking the bot's buttons, reloads half-way and
 * carries on in the same conversation; the referral is in the store. No console errors and no CSP violations.
 * Screenshots (desktop and phone) go to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { projectPath } from '../../src/paths';
import { DirectLineTokens } from '../../src/channels/directline/tokens';
import { MESSAGES, type MessageId } from '../../src/services/content/messages';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { CHROMIUM, describeWithBrowser } from '../helpers/browser';

// The page.evaluate and waitForFunction callbacks run in the browser, where these exist (the tests compile without DOM types).
interface BrowserElement {
  className: string;
  tagName: string;
  closest(selector: string): BrowserElement | null;
  focus(): void;
}
declare const document: { activeElement: BrowserElement | null; querySelectorAll(selector: string): ArrayLike<unknown>; getElementById(id: string): BrowserElement };
declare const sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
declare function getComputedStyle(element: BrowserElement): { outlineStyle: string; outlineWidth: string };

const ARTIFACTS = projectPath('test-artifacts');
const SESSION_KEY = 'signpost.webchat.session';

const userBubbles = '#chat .webchat__bubble--from-user .webchat__bubble__content';
const botBubbles = '#chat .webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';

async function launch(): Promise<{ context: BrowserContext; page: Page; problems: string[]; profile: string }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'signpost-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems, profile };
}

/** Bubble texts, with Web Chat's typographic quotes (its markdown renderer curls them) straightened again. */
async function texts(page: Page, selector: string): Promise<string[]> {
  return (await page.locator(selector).allInnerTexts()).map((text) => straighten(text).trim());
}

function straighten(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
}

/** Waits until the bot has said the message with this id (the words before any {placeholder}). */
async function botSaid(page: Page, id: MessageId): Promise<void> {
  const words = MESSAGES[id].split('{')[0].trim();
  await page.waitForFunction(
    ([selector, expected]) => [...(document.querySelectorAll(selector) as unknown as { innerText: string }[])].some((b) => b.innerText.replace(/[\u2018\u2019]/g, "'").includes(expected)),
    [botBubbles, words] as const,
    { timeout: 15_000 },
  );
}

/** Types into Web Chat's send box and presses Enter, as a keyboard user does. */
async function type(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: /message/i }).focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.locator(userBubbles).filter({ hasText: text }).last().waitFor();
}

/** Clicks one of the bot's suggested actions (the last offered with that name). */
async function click(page: Page, name: string): Promise<void> {
  await page.locator('#chat').getByRole('button', { name, exact: true }).last().click();
}

async function conversationIdIn(page: Page): Promise<string> {
  return page.evaluate((key) => (JSON.parse(sessionStorage.getItem(key) ?? '{}') as { conversationId?: string }).conversationId ?? '', SESSION_KEY);
}

describeWithBrowser('the patient page in Chromium', () => {
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof launch>>;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.context.close();
    if (browser) rmSync(browser.profile, { recursive: true, force: true });
    await t?.close();
  });

  it('completes a self-referral by typing and clicking, reloads half-way and carries on in the same conversation', async () => {
    const { page, problems } = browser;
    await page.goto(`${t.baseUrl}/`);
    await expect(page.title()).resolves.toBe('Signpost: find local support');
    await botSaid(page, 'welcome.hello');
    await botSaid(page, 'welcome.question');
    await expect(page.locator('#chat-status').innerText()).resolves.toMatch(/Connected/);

    // Keyboard only: the first Tab reaches the skip link, and Enter on it lands in Web Chat's send box.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe('skip-link');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.closest('#chat') != null && ['INPUT', 'TEXTAREA'].includes(document.activeElement.tagName));
    await page.keyboard.type(MESSAGES['welcome.choice.refer']);
    await page.keyboard.press('Enter');
    await botSaid(page, 'consent.ask');
    // The bot's buttons work with a click.
    await click(page, 'Yes');
    await botSaid(page, 'intake.name.ask');
    await type(page, 'Sam');
    await botSaid(page, 'intake.dob.ask');
    await type(page, '12/03/1961');
    await botSaid(page, 'intake.postcode.ask');
    await type(page, 'BS16 1QY');
    await botSaid(page, 'intake.contact.ask');
    await click(page, MESSAGES['intake.contact.text']);
    await botSaid(page, 'intake.mobile.ask');
    await type(page, '07700 900123');
    await botSaid(page, 'intake.gp.ask');
    const conversationId = await conversationIdIn(page);
    expect(conversationId).not.toBe('');
    const typedSoFar = [MESSAGES['welcome.choice.refer'], 'Yes', 'Sam', '12/03/1961', 'BS16 1QY', MESSAGES['intake.contact.text'], '07700 900123'];
    expect(await texts(page, userBubbles)).toEqual(typedSoFar);

    // Half-way: reload. The same conversation comes back, history and all, and the referral carries on.
    await page.reload();
    await page.locator(userBubbles).filter({ hasText: '07700 900123' }).waitFor();
    await botSaid(page, 'intake.gp.ask');
    await expect(page.locator('#chat-status').innerText()).resolves.toMatch(/Welcome back/);
    expect(await conversationIdIn(page)).toBe(conversationId);
    expect(await texts(page, userBubbles)).toEqual(typedSoFar);

    await type(page, 'skip');
    await botSaid(page, 'intake.whatMatters.ask');
    await type(page, 'Seeing my grandchildren');
    await botSaid(page, 'needs.ask');
    await type(page, "I'm lonely and behind on my rent");
    await botSaid(page, 'needs.confirm');
    await click(page, 'Yes');
    await botSaid(page, 'ons4.lifeSatisfaction');
    await type(page, '7');
    await botSaid(page, 'ons4.worthwhile');
    await type(page, '6');
    await botSaid(page, 'ons4.happiness');
    await type(page, 'skip');
    await botSaid(page, 'ons4.anxiety');
    await type(page, '4');
    await botSaid(page, 'summary.intro');
    // Plain text as written: the summary keeps one answer per line (Web Chat's markdown would run them together).
    const summary = (await texts(page, botBubbles)).find((text) => text.startsWith(MESSAGES['summary.intro']));
    expect(summary).toMatch(/Name: Sam\s*\n\s*Date of birth: 12\/03\/1961\s*\n/);
    // What a screen reader is given (Web Chat's labels and the text content) keeps the lines apart too (issue 21).
    const runTogether = await page.evaluate(() => [...(document.querySelectorAll('#chat *') as unknown as { textContent: string | null }[])].some((e) => /Sam(Date of birth|Postcode)/.test(e.textContent ?? '')));
    expect(runTogether).toBe(false);
    await click(page, MESSAGES['summary.choice.send']);
    await botSaid(page, 'referral.saved');

    const saidReference = /Your reference is (SP-[A-Z0-9]+)/.exec((await texts(page, botBubbles)).join('\n'))?.[1];
    expect(saidReference).toBeDefined();
    const referral = await t.app.stores.referrals.get(saidReference!);
    expect(referral).toMatchObject({ channel: 'directline', conversationId, person: { preferredName: 'Sam', postcode: 'BS16 1QY', contactMethod: 'text', contactValue: '+447700900123' } });
    expect(referral?.needs).toEqual(expect.arrayContaining(['loneliness', 'money']));

    // The page showed exactly what the store holds for this conversation, in order.
    const transcript = await t.app.webChat.service!.activitiesAfter(conversationId, 0, 500);
    const typed = transcript.activities.filter((a) => a.from?.role === 'user').map((a) => a.text);
    expect(await texts(page, userBubbles)).toEqual(typed);

    // Bristol now has services for loneliness and money (national ones, by phone or online): done with them, a person is offered.
    await botSaid(page, 'signpost.choices');
    await type(page, 'Done');
    await botSaid(page, 'offerPerson.ask');
    // The reference stays findable once the service cards have pushed it up the chat (issue 21): shown beside the chat.
    const kept = page.locator('#chat-reference');
    await expect(kept.textContent()).resolves.toContain(saidReference!);
    expect(await kept.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(problems).toEqual([]);
  }, 120_000);

  it('Tab moves through the page without opening Web Chat\'s keyboard-help panel over the welcome (issue 21)', async () => {
    const { page } = browser;
    await page.goto(`${t.baseUrl}/`);
    await botSaid(page, 'welcome.question');
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await page.locator('.webchat__keyboard-help--shown').count()).toBe(0);
    }
  });

  it('on a 390x844 phone the conversation is in the first screen, with the crisis numbers still in view (issue 21)', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${t.baseUrl}/`);
      await botSaid(page, 'welcome.question');
      const sendBox = await page.locator('#chat input, #chat textarea').first().boundingBox();
      expect(sendBox).not.toBeNull();
      expect(sendBox!.y + sendBox!.height).toBeLessThanOrEqual(844);
      const welcome = await page.locator(botBubbles).first().boundingBox();
      expect(welcome!.y).toBeLessThan(844);
      for (const number of ['999', '111', '116 123', '85258']) {
        const link = page.locator('.urgent a:visible', { hasText: number }).first();
        const box = await link.boundingBox();
        expect({ number, inView: box !== null && box.y >= 0 && box.y + box.height <= 844 }).toEqual({ number, inView: true });
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('shows times the UK way (en-GB): day before month, 24-hour clock, in what is seen and what is read out (issue 21)', async () => {
    const { page } = browser;
    await page.goto(`${t.baseUrl}/`);
    await botSaid(page, 'welcome.question');
    await type(page, 'hello');
    await page.waitForTimeout(500);
    const said = await page.evaluate(() => [...(document.querySelectorAll('#chat *') as unknown as { textContent: string | null; getAttribute(name: string): string | null }[])]
      .map((e) => `${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('title') ?? ''} ${e.textContent ?? ''}`).join(' | '));
    expect(said).not.toMatch(/\b\d{1,2}:\d{2}\s?(AM|PM)\b/i);
    expect(said).not.toMatch(/\b(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}\b/);
    expect(said).toMatch(/Sent at \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) at \d{2}:\d{2}/);
  });

  it('on desktop shows every service card whole, none hidden behind the carousel arrows (issue 21)', async () => {
    const { page } = browser;
    await page.goto(`${t.baseUrl}/`);
    await botSaid(page, 'welcome.question');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Start a new chat' }).click();
    await page.waitForLoadState('load');
    await botSaid(page, 'welcome.question');
    await click(page, MESSAGES['welcome.choice.browse']);
    await type(page, 'I need a food bank');
    await page.waitForTimeout(1500);
    const said = (await texts(page, botBubbles)).join('\n');
    if (said.includes(MESSAGES['needs.confirm'].split('{')[0])) await type(page, 'yes');
    await page.waitForTimeout(2500);
    const chat = (await page.locator('#chat').boundingBox())!;
    const cards = page.locator('#chat .ac-adaptiveCard');
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-cards.png') });
    const count = await cards.count();
    expect(count).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 3; i++) {
      const box = (await cards.nth(i).boundingBox())!;
      expect({ card: i + 1, within: box.x >= chat.x - 1 && box.x + box.width <= chat.x + chat.width + 1 }).toEqual({ card: i + 1, within: true });
    }
  }, 120_000);

  it('starts a new chat on request, after asking, and forgets the old one on this screen', async () => {
    const { page, problems } = browser;
    await page.goto(`${t.baseUrl}/`);
    await botSaid(page, 'welcome.question');
    await type(page, 'hello');
    const before = await conversationIdIn(page);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Start a new chat' }).click();
    await page.waitForLoadState('load');
    await botSaid(page, 'welcome.question');
    expect(await page.locator(userBubbles).count()).toBe(0);
    const after = await conversationIdIn(page);
    expect(after).not.toBe('');
    expect(after).not.toBe(before);
    expect(problems).toEqual([]);
  }, 60_000);

  it('after a long break (token expired), reload starts a new chat and says so', async () => {
    const { page, problems } = browser;
    await page.goto(`${t.baseUrl}/`);
    await botSaid(page, 'welcome.question');
    await type(page, 'hello');
    const before = await conversationIdIn(page);
    // As if the tab sat idle past the token's life: the stored token (signed with the app's key) expired a minute ago,
    // though the page's own note of its expiry has drifted, so the page tries to refresh it and is refused.
    const expired = new DirectLineTokens(t.app.secret, () => Date.now() - 31 * 60_000).issue('conversation', before, 'sp_someone').token;
    await page.evaluate(([key, token]) => {
      const session = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { token: string; expiresAt: number };
      session.token = token;
      session.expiresAt = Date.now() + 60_000;
      sessionStorage.setItem(key, JSON.stringify(session));
    }, [SESSION_KEY, expired] as const);
    await page.reload();
    await botSaid(page, 'welcome.question');
    await expect(page.locator('#chat-status').innerText()).resolves.toMatch(/timed out, so this is a new chat/);
    expect(await conversationIdIn(page)).not.toBe(before);
    expect(problems.filter((p) => !/403/.test(p))).toEqual([]); // the refused refresh shows as a 403 in the console
  }, 60_000);

  it('meets WCAG AA contrast for the words on the page and in the chat, and announces new messages', async () => {
    const { page } = browser;
    await page.goto(`${t.baseUrl}/`);
    await botSaid(page, 'welcome.question');
    await type(page, 'hello');
    // Measured once the bot's buttons are live again (Web Chat greys them out, as inactive, while a message is sent).
    const liveButtons = '#chat button.webchat__suggested-action:not([disabled]):not([aria-disabled="true"])';
    await page.locator(liveButtons).first().waitFor();
    const selectors = [
      '.site-header__title', '.site-header__strap', '.urgent__intro', '.urgent__list li', '.urgent a', '.chat-panel__status', '.chat-panel__hint',
      '.privacy p', '#new-chat', botBubbles, userBubbles, liveButtons, '#chat .webchat__activity-status',
    ];
    const ratios = await page.evaluate((list) => {
      const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const win = globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } };
      const backgroundOf = (element: { parentElement: unknown } | null): number[] => {
        for (let e = element; e; e = e.parentElement as typeof element) {
          const rgba = parse(win.getComputedStyle(e).backgroundColor);
          if (rgba.length === 3 || (rgba.length === 4 && rgba[3] > 0.9)) return rgba.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const out: Record<string, number> = {};
      for (const selector of list) {
        const elements = [...(document.querySelectorAll(selector) as unknown as { parentElement: unknown }[])];
        if (elements.length === 0) out[selector] = -1;
        for (const element of elements) {
          const fg = lum(parse(win.getComputedStyle(element).color).slice(0, 3));
          const bg = lum(backgroundOf(element));
          const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
          out[selector] = Math.min(out[selector] ?? Infinity, Math.round(ratio * 100) / 100);
        }
      }
      return out;
    }, selectors);
    for (const selector of selectors) expect([selector, ratios[selector] >= 4.5]).toEqual([selector, true]);

    // Web Chat reads each new bot message out through its own live region.
    const announced = await page.locator('#chat .webchat__live-region-transcript').innerText();
    expect(announced.length).toBeGreaterThan(0);
  }, 60_000);

  it('fits a phone 320 px wide without sideways scrolling, with every control at least 24 px square (WCAG 2.2 1.4.10, 2.5.8)', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      await page.goto(`${t.baseUrl}/`);
      await botSaid(page, 'welcome.question');
      await page.locator('#chat button.webchat__suggested-action:not([disabled])').first().waitFor();
      // A string, so it runs in the browser without DOM types here. Links inside a sentence are exempt from 2.5.8, and
      // Web Chat's live region (visually hidden copies of the messages, for screen readers) is no target.
      const layout = await page.evaluate<{ overflow: number; controls: number; small: string[] }>(`(() => {
        const root = document.documentElement;
        const controls = [...document.querySelectorAll('button, a[href], input, textarea, select, [role="button"]')].filter((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden' && !(e.tagName === 'A' && e.closest('p, li'))
            && !e.closest('[class*="webchat__live-region"]');
        });
        const small = controls.filter((e) => { const r = e.getBoundingClientRect(); return r.width < 24 || r.height < 24; });
        return { overflow: root.scrollWidth - root.clientWidth, controls: controls.length, small: small.map((e) => e.outerHTML.slice(0, 120)) };
      })()`);
      expect(layout.overflow).toBeLessThanOrEqual(0);
      expect(layout.controls).toBeGreaterThan(3);
      expect(layout.small).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-320.png'), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  }, 60_000);

  it('labels what a screen reader needs: landmarks, the send box, the live status, the crisis and privacy sections', async () => {
    const { page } = browser;
    await page.goto(`${t.baseUrl}/`);
    await page.locator(botBubbles).first().waitFor();
    await expect(page.getByRole('banner').count()).resolves.toBe(1);
    await expect(page.getByRole('main').count()).resolves.toBe(1);
    await expect(page.getByRole('complementary', { name: 'Need help now?' }).count()).resolves.toBe(1);
    await expect(page.getByRole('region', { name: 'About your information' }).count()).resolves.toBe(1);
    await expect(page.getByRole('region', { name: 'Chat with Signpost' }).count()).resolves.toBe(1);
    await expect(page.getByRole('textbox', { name: /message/i }).count()).resolves.toBe(1);
    await expect(page.getByRole('status').first().getAttribute('aria-live')).resolves.toBe('polite');
    await expect(page.getByRole('link', { name: '999' }).getAttribute('href')).resolves.toBe('tel:999');
    // Every interactive element can be reached by Tab and shows where focus is.
    const outline = await page.evaluate(async () => {
      const button = document.getElementById('new-chat');
      button.focus();
      const style = getComputedStyle(button);
      return { outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth };
    });
    expect(outline.outlineStyle).toBe('solid');
    expect(parseFloat(outline.outlineWidth)).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
