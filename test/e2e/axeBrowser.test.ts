/**
 * Accessibility audits with axe-core (@axe-core/playwright) in headless Chromium, against WCAG 2.0, 2.1 and 2.2 A and
 * AA: no serious or critical violations on the patient page (before and after the chat starts) or on any console page
 * (sign in, queue, directory, reports, a handoff). The existing reflow and target-size checks stay in
 * webchatBrowser.test.ts and securityHeaders.test.ts.
 */
import { rmSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, enqueue, PASSWORD } from '../console/consoleHarness';
import { describeWithBrowser } from '../helpers/browser';
import { botSaid, launchWithProfile } from '../helpers/patientPage';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

jest.setTimeout(240_000);

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
}

describeWithBrowser('accessibility (axe-core, WCAG 2.2 AA)', () => {
  let t: TestApp;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    t = await startTestApp();
    await addUser(t.app, 'alex.audit@example.org', 'admin');
    ({ context, page, profile } = await launchWithProfile('signpost-axe-'));
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  it('the patient page, before and after the welcome, on desktop and a 390x844 phone', async () => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await page.goto(`${t.baseUrl}/`);
      expect(await seriousViolations(page)).toEqual([]);
      await botSaid(page, 'welcome.question', 60_000);
      expect(await seriousViolations(page)).toEqual([]);
    }
  });

  it('every console page: sign in, queue, a handoff, directory and reports', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${t.baseUrl}/console/login`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.fill('#email', 'alex.audit@example.org');
    await page.fill('#password', PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.baseUrl}/console`);
    const handoff = await enqueue(t.app, { summary: 'Asked to talk to a person. Needs: money.' });
    await page.locator('#queue tbody tr', { hasText: 'Needs: money' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    for (const where of [`/console/handoff?id=${encodeURIComponent(handoff.id)}`, '/console/directory', '/console/reports']) {
      await page.goto(`${t.baseUrl}${where}`);
      await page.waitForLoadState('networkidle');
      expect({ where, violations: await seriousViolations(page) }).toEqual({ where, violations: [] });
    }
    // The saved replies list, open (issue 18): a combobox and its listbox.
    await t.app.stores.cannedReplies.create({ title: 'Welcome', text: 'Hello {firstName}.', createdBy: 'someone' });
    await page.goto(`${t.baseUrl}/console/handoff?id=${encodeURIComponent(handoff.id)}`);
    await page.waitForLoadState('networkidle');
    await page.locator('#replies-open').click();
    await page.locator('#replies-list [role="option"]', { hasText: 'Welcome' }).waitFor();
    expect({ where: 'saved replies', violations: await seriousViolations(page) }).toEqual({ where: 'saved replies', violations: [] });
  });
});
