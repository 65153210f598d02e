/**
 * The patient page in headless Chromium (Debian's, through playwright-core): launching it, and what a person does and
 * sees there. Page callbacks run in the browser; the tests compile without DOM types, so the little they touch is
 * declared here.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { MESSAGES, type MessageId } from '../../src/services/content/messages';

declare const document: { querySelectorAll(selector: string): ArrayLike<unknown> };
declare const sessionStorage: { getItem(key: string): string | null };

export { CHROMIUM } from './browser';
import { CHROMIUM } from './browser';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** Where web/chat.js keeps the chat session (token, conversation id, expiry). */
export const SESSION_KEY = 'signpost.webchat.session';

export const userBubbles = '#chat .webchat__bubble--from-user .webchat__bubble__content';
export const botBubbles = '#chat .webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Console errors, CSP reports and uncaught errors on the page, as they happen. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

/** Waits until the bot has said the message with this id (the words before any {placeholder}). */
export async function botSaid(page: Page, id: MessageId, timeout = 15_000): Promise<void> {
  const words = MESSAGES[id].split('{')[0].trim();
  await page.waitForFunction(
    ([selector, expected]) => [...(document.querySelectorAll(selector) as unknown as { innerText: string }[])].some((b) => b.innerText.replace(/[\u2018\u2019]/g, "'").includes(expected)),
    [botBubbles, words] as const,
    { timeout },
  );
}

/** Types into Web Chat's send box and presses Enter, as a keyboard user does, and waits for the bubble. */
export async function typeMessage(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: /message/i }).focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.locator(userBubbles).filter({ hasText: text }).last().waitFor();
}

/** The chat session the page keeps in sessionStorage (empty fields when there is none). */
export async function storedSession(page: Page): Promise<{ token: string; conversationId: string; expiresAt: number }> {
  const session = await page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? '{}') as Record<string, unknown>, SESSION_KEY);
  return { token: String(session.token ?? ''), conversationId: String(session.conversationId ?? ''), expiresAt: Number(session.expiresAt ?? NaN) };
}

/**
 * Debian's Chromium with a fresh profile of its own (a new --user-data-dir, as the probe runs it), at 1280 x 900
 * unless told otherwise; its first page. Close the context and remove the profile when done.
 */
export async function launchWithProfile(prefix: string, viewport = { width: 1280, height: 900 }, options: { timezoneId?: string } = {}): Promise<{ context: BrowserContext; page: Page; profile: string }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), prefix));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport, ...options });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, profile };
}
