/**
 * The referral worklist page in headless Chromium: a link worker finds a referral made without a live chat, claims
 * it, records two contact attempts and closes it as declined, all from the page; the person's referral carries the
 * outcome and first contact. The list and the referral pass axe (WCAG 2.2 AA) at 1280 px and on a 390 px phone, with
 * no console errors or CSP violations. Screenshots go to test-artifacts/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { projectPath } from '../../src/paths';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, PASSWORD } from '../console/consoleHarness';
import { describeWithBrowser } from '../helpers/browser';
import { launchWithProfile } from '../helpers/patientPage';
import { newReferral } from '../storage/records';

const ARTIFACTS = projectPath('test-artifacts');

jest.setTimeout(180_000);

describeWithBrowser('the referral worklist in a browser', () => {
  let t: TestApp;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await addUser(t.app, 'sam.jones@example.org', 'linkworker', 'Sam');
    ({ context, page, profile } = await launchWithProfile('signpost-worklist-'));
    page.on('console', (message) => {
      if (/status of 401/.test(message.text())) return; // the sign-in page checks for a session first
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  const serious = async () =>
    (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);

  it('claims, records contact and closes a referral from the page', async () => {
    const referral = await t.app.stores.referrals.create(newReferral({ reference: 'SP-WXYAC', person: { preferredName: 'Robin', contactMethod: 'phone', contactValue: '+447700900555' }, needs: ['money', 'housing'] }));
    await t.app.stores.referrals.create(newReferral({ reference: 'SP-WXYAD', urgent: true, person: { preferredName: 'Kit', contactMethod: 'email', contactValue: 'kit@example.org' } }));

    await page.goto(`${t.baseUrl}/console/login?next=${encodeURIComponent('/console/referrals')}`);
    await page.locator('#email').fill('sam.jones@example.org');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('#password').press('Enter');
    await page.waitForURL(`${t.baseUrl}/console/referrals`);
    await page.getByRole('link', { name: 'Referrals', exact: true }).waitFor();
    const rows = page.locator('#worklist tbody tr');
    await rows.first().waitFor();
    // Urgent first; how they asked to be contacted; the promise's last day.
    expect(await rows.nth(0).innerText()).toMatch(/Urgent\s+SP-WXYAD \(Kit\)/);
    expect(await rows.nth(1).innerText()).toMatch(/SP-WXYAC \(Robin\)[\s\S]*Phone call[\s\S]*Money and debt, Housing[\s\S]*By /);
    expect(await page.locator('#promise').innerText()).toContain('within 5 working days');
    await page.screenshot({ path: path.join(ARTIFACTS, 'worklist-1280.png'), fullPage: true });
    expect(await serious()).toEqual([]);

    await rows.nth(1).getByRole('button', { name: /Claim/ }).click();
    await page.waitForURL(`${t.baseUrl}/console/referrals?ref=SP-WXYAC`);
    await page.locator('#detail-title', { hasText: 'Referral SP-WXYAC' }).waitFor();
    expect(await page.locator('#person').innerText()).toContain('+447700900555');

    await page.locator('#contact-channel').selectOption('phone');
    await page.locator('#contact-note').fill('No answer; will try after 5pm');
    await page.getByRole('button', { name: 'Save the attempt' }).click();
    await page.locator('#contacts li', { hasText: 'not reached' }).waitFor();
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Save the attempt' }).click();
    await page.locator('#contacts li', { hasText: 'Phone call: reached' }).waitFor();
    expect(await page.locator('#contacts').innerText()).toContain('No answer; will try after 5pm');

    await page.locator('#outcome').selectOption('declined');
    await page.getByRole('button', { name: 'Close the referral' }).click();
    await page.locator('#status', { hasText: 'Referral closed.' }).waitFor();
    await page.locator('#person', { hasText: 'declined' }).waitFor();
    expect(await page.locator('#close-form').isHidden()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'worklist-referral-1280.png'), fullPage: true });
    expect(await serious()).toEqual([]);

    const stored = (await t.app.stores.referrals.get(referral.reference))!;
    expect(stored).toMatchObject({ status: 'closed', outcome: { type: 'declined' }, firstContactAt: expect.any(Date) });
    expect(stored.contacts).toHaveLength(2);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${t.baseUrl}/console/referrals?status=closed`);
    await page.locator('#worklist tbody tr', { hasText: 'SP-WXYAC' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'worklist-390.png'), fullPage: true });
    expect(await serious()).toEqual([]);
    expect(problems).toEqual([]);
  });
});
