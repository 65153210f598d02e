/**
 * The reports page in headless Chromium (Debian's, through playwright-core), on the hand-checked fixture
 * (test/storage/reportsFixture.ts): an admin picks 3 to 16 March 2025 and sees the figures in tables, charts drawn on
 * their canvases (Chart.js served from node_modules), the period kept in the address, and downloads the figures as
 * CSV. A link worker has no Reports link and is told the page is for admins; on a conversation, the FHIR button
 * downloads the referral's Bundle. No console errors and no CSP violations. Screenshots go to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { projectPath } from '../../src/paths';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, enqueue, PASSWORD } from '../console/consoleHarness';
import { newHandoff as newHandoffRecord, newReferral } from '../storage/records';
import { fakeClock, seedReportsFixture } from '../storage/reportsFixture';
import { CHROMIUM, describeWithBrowser } from '../helpers/browser';
import AxeBuilder from '@axe-core/playwright';
import type { Stores } from '../../src/storage/Stores';
import { NEED_IDS } from '../../src/services/needs/taxonomy';

/**
 * A busier fortnight, 2 to 15 June 2025 (British Summer Time): 30 referrals over 10 needs and three channels (one of
 * them the Bot Framework Emulator), 20 reached within the 5-working-day promise and 5 later, outcomes including 3
 * declined (a small number), and 6 live chats each picked up after 1.9 minutes, one with a comment.
 */
async function seedBusyFortnight(s: Stores, clock: (iso: string) => Date): Promise<void> {
  const DAY = 24 * 60 * 60 * 1000;
  for (let i = 0; i < 30; i += 1) {
    const created = clock(new Date(Date.parse('2025-06-02T08:00:00Z') + (i % 10) * DAY + i * 60_000).toISOString());
    const outcome = i < 12 ? 'signposted' : i < 19 ? 'referred' : i < 22 ? 'declined' : undefined;
    await s.referrals.create(newReferral({
      channel: i < 15 ? 'sms' : i < 27 ? 'directline' : 'emulator',
      needs: [NEED_IDS[i % 10]],
      wellbeingAtIntake: { lifeSatisfaction: i % 10 },
      ...(i < 20 ? { firstContactAt: new Date(created.getTime() + DAY) } : i < 25 ? { firstContactAt: new Date(created.getTime() + 10 * DAY) } : {}),
      ...(outcome ? { status: 'closed' as const, outcome: { type: outcome, ...(outcome === 'referred' ? { detail: 'Men in Sheds' } : {}), at: new Date(created.getTime() + 2 * DAY) } } : {}),
    }));
  }
  for (let i = 0; i < 6; i += 1) {
    const asked = clock(new Date(Date.parse('2025-06-03T09:00:00Z') + i * DAY).toISOString());
    const handoff = await s.handoffs.enqueue(newHandoffRecord());
    clock(new Date(asked.getTime() + 114_000).toISOString()); // 1.9 minutes
    await s.handoffs.claim(handoff.id, 'worker-1');
    clock(new Date(asked.getTime() + 60 * 60_000).toISOString());
    await s.handoffs.close(handoff.id, { type: 'signposted' });
    await s.handoffs.recordSatisfaction(handoff.id, { score: 4, ...(i === 0 ? { comment: 'Very kind, thank you' } : {}), at: new Date(asked.getTime() + 2 * 60 * 60_000) });
  }
}

declare const document: { getElementById(id: string): unknown };
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}

const ARTIFACTS = projectPath('test-artifacts');

jest.setTimeout(180_000);

describeWithBrowser('the reports page in a browser', () => {
  let t: TestApp;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ RETENTION_DAYS: '3650' });
    await addUser(t.app, 'priya.admin@example.org', 'admin', 'Priya');
    await addUser(t.app, 'sam.jones@example.org', 'linkworker', 'Sam');
    const clock = fakeClock();
    try {
      await seedReportsFixture(t.app.stores, clock);
      await seedBusyFortnight(t.app.stores, clock);
    } finally {
      jest.useRealTimers();
    }
    profile = mkdtempSync(path.join(os.tmpdir(), 'signpost-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (/status of 40[13]/.test(message.text())) return; // checked where expected, below
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

  async function signIn(email: string, next: string): Promise<void> {
    await context.clearCookies();
    await page.goto(`${t.baseUrl}/console/login?next=${encodeURIComponent(next)}`);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(PASSWORD);
    await page.locator('#password').press('Enter');
    await page.waitForURL(`${t.baseUrl}${next}`);
  }

  async function signOut(): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/login/);
  }

  /** Waits until a canvas has been painted over at least `atLeast` pixels (Chart.js animates its first draw). */
  const waitForPainted = (id: string, atLeast: number) =>
    page.waitForFunction(
      ([canvasId, least]) => {
        const canvas = document.getElementById(canvasId as string) as Canvas;
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted += 1;
        return painted >= (least as number);
      },
      [id, atLeast],
      { timeout: 10_000 },
    );

  const rowText = (tableId: string, heading: string | RegExp) => page.locator(`#${tableId} tbody tr`, { has: page.locator('th', { hasText: heading }) }).innerText();

  it('shows the figures for a chosen period as tables and drawn charts, and downloads them as CSV', async () => {
    await signIn('priya.admin@example.org', '/console/reports');
    await page.getByRole('link', { name: 'Reports' }).waitFor();

    await page.locator('#from').fill('2025-03-03');
    await page.locator('#to').fill('2025-03-16');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.locator('#status', { hasText: 'Showing 3 March 2025 to 16 March 2025: 5 referrals.' }).waitFor();
    expect(new URL(page.url()).search).toBe('?from=2025-03-03&to=2025-03-16');

    // The table alternatives hold the figures.
    // Every figure here is from 1 to 4: shown as "fewer than 5", so nobody can be picked out.
    expect(await rowText('channel-table', /2025-W10/)).toMatch(/2025-W10 \(w\/c 3 Mar\)\s+fewer than 5\s+fewer than 5\s+fewer than 5/);
    expect(await rowText('channel-table', 'All weeks')).toMatch(/All weeks\s+fewer than 5\s+fewer than 5\s+5/);
    expect(await page.locator('#channel-table caption').innerText()).toBe('Referrals per week, by channel');
    expect(await page.locator('#channel-table thead').innerText()).toMatch(/Week\s+Web chat\s+Text message\s+Total/);
    expect(await rowText('need-table', /2025-W10/)).toMatch(/^2025-W10 \(w\/c 3 Mar\)\s+fewer than 5\s+fewer than 5\s+0\s+fewer than 5$/);
    expect(await page.locator('#need-table thead').innerText()).toMatch(/Week\s+Loneliness and isolation\s+Money and debt\s+Housing\s+No need recorded/);
    const contact = await page.locator('#contact-summary').innerText();
    expect(contact).toMatch(/Asked for a person\s+12/);
    expect(contact).toMatch(/median, p50\)\s+50 minutes/);
    expect(contact).toMatch(/p90\)\s+1\.5 hours/);
    expect(contact).toMatch(/Still waiting\s+fewer than 5/);
    expect(await rowText('outcome-table', 'Signposted to services')).toMatch(/\sfewer than 5$/);
    // A group of 3 is no longer "+2 (better)": too few to show.
    expect(await rowText('wellbeing-table', 'Life satisfaction')).toMatch(/Life satisfaction\s+fewer than 5\s+not shown\s+not shown\s+not shown \(fewer than 5 people\)\s+higher/);
    expect(await page.locator('#satisfaction-summary').innerText()).toMatch(/Mean\s+not shown/);
    expect(await rowText('satisfaction-table', '4')).toMatch(/4\s+fewer than 5/);
    const reply = await page.locator('#reply-summary').innerText();
    expect(reply).toMatch(/Target\s+15 minutes/);
    expect(reply).toMatch(/Answered within the target\s+0% \(0 of 12\)/);

    // Each canvas is an image with a name pointing at its table (bars under 5 are not drawn: see the larger period below).
    for (const id of ['channel-chart', 'need-chart', 'outcome-chart', 'wellbeing-chart', 'satisfaction-chart']) {
      expect(await page.locator(`#${id}`).getAttribute('role')).toBe('img');
      expect(await page.locator(`#${id}`).getAttribute('aria-label')).toMatch(/table after it/);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-reports.png'), fullPage: true });

    // The figures as CSV, for the period shown.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download these figures (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('signpost-figures-2025-03-03-to-2025-03-16.csv');
    const rows = parse(readFileSync(await download.path(), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.figure === 'referrals')?.value).toBe('5');
    await page.locator('#status', { hasText: 'Downloaded signpost-figures-2025-03-03-to-2025-03-16.csv.' }).waitFor();

    // Reloading keeps the period; a period of nothing shows zeros.
    await page.reload();
    await page.locator('#status', { hasText: 'Showing 3 March 2025 to 16 March 2025: 5 referrals.' }).waitFor();
    expect(await page.locator('#from').inputValue()).toBe('2025-03-03');
    await page.locator('#from').fill('2024-01-01');
    await page.locator('#to').fill('2024-01-31');
    await page.locator('#to').press('Enter');
    await page.locator('#status', { hasText: 'Showing 1 January 2024 to 31 January 2024: 0 referrals.' }).waitFor();
    expect(await page.locator('#contact-summary').innerText()).toMatch(/median, p50\)\s+nobody contacted yet/);

    // A period the wrong way round is explained, not sent.
    await page.locator('#from').fill('2025-03-16');
    await page.locator('#to').fill('2025-03-03');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.locator('#problem', { hasText: 'The last day must be the same as the first day or later.' }).waitFor();
    await signOut();
  });

  it('puts the headline first, suppresses small numbers, names channels for people, never rounds waits down; at 1280 px and on a phone, with no axe violations', async () => {
    await signIn('priya.admin@example.org', '/console/reports?from=2025-06-02&to=2025-06-15');
    await page.locator('#status', { hasText: 'Showing 2 June 2025 to 15 June 2025: 30 referrals.' }).waitFor();

    const headline = await page.locator('#headline').innerText();
    expect(headline).toMatch(/Referrals\s+30/);
    expect(headline).toMatch(/Contacted within 5 working days, as promised\s+20 of 30/);
    expect(headline).toMatch(/Contacted later than promised\s+5/);
    expect(headline).toMatch(/Not contacted yet\s+fewer than 5 still in time, fewer than 5 past the promise|Not contacted yet\s+0 still in time, 5 past the promise/);
    expect(headline).toContain('Signposted to services: 12');
    expect(headline).toContain('Social prescribing declined: fewer than 5');
    // Before everything else, and within the first screen.
    const top = (await page.locator('#headline-title').boundingBox())!;
    expect(top.y).toBeLessThan((await page.locator('#referrals-title').boundingBox())!.y);
    expect(top.y + top.height).toBeLessThan(900);

    const body = await page.locator('main').innerText();
    expect(body).not.toMatch(/Emulator|Bot Framework|directline/);
    expect(await page.locator('#channel-table thead').innerText()).toMatch(/Text message\s+Web chat\s+Web chat \(testing\)/);
    expect(await page.locator('#contact-summary').innerText()).toMatch(/median, p50\)\s+1\.9 minutes/);
    expect(await rowText('intake-table', 'Life satisfaction')).toMatch(/Life satisfaction\s+30\s+4\.5\s+higher/);
    expect(await page.locator('#comments').innerText()).toContain('Very kind, thank you');

    // Ten needs: seven drawn in their own colours, the rest as "Other needs"; no two series share a colour.
    await waitForPainted('need-chart', 1000);
    await waitForPainted('channel-chart', 1000);
    const series = await page.evaluate(() => {
      const chart = (globalThis as unknown as { Chart: { getChart(id: string): { data: { datasets: { label: string; backgroundColor: string }[] } } } }).Chart.getChart('need-chart');
      return chart.data.datasets.map((d) => ({ label: d.label, colour: d.backgroundColor }));
    });
    expect(series).toHaveLength(8);
    expect(series.at(-1)!.label).toBe('Other needs');
    expect(new Set(series.map((d) => d.colour)).size).toBe(8);
    expect(await page.locator('#need-table thead th').count()).toBe(11); // Week + every need

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'reports-1280.png'), fullPage: true });
    const serious = async () => (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    expect(await serious()).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator('#status', { hasText: '30 referrals.' }).waitFor();
    await waitForPainted('need-chart', 500);
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(ARTIFACTS, 'reports-390.png'), fullPage: true });
    expect(await serious()).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signOut();
  });

  it('is not for link workers; the FHIR button on a conversation downloads the referral as a FHIR Bundle', async () => {
    const referral = await t.app.stores.referrals.create(newReferral({ reference: 'SP-FHIR1', needs: ['money'] }));
    const handoff = await enqueue(t.app, { referralReference: referral.reference, personId: referral.personId });
    // A link worker may export a referral behind a conversation they hold or held: Sam picks this one up.
    const sam = (await t.app.stores.consoleUsers.getByEmail('sam.jones@example.org'))!;
    await t.app.handoffService.claim(handoff.id, { id: sam.id, firstName: sam.firstName, supervisor: false });

    await signIn('sam.jones@example.org', '/console/reports');
    await page.locator('#problem', { hasText: 'Reports are for admins.' }).waitFor();
    expect(await page.getByRole('link', { name: 'Reports' }).count()).toBe(0);
    expect(await page.locator('#period-form').isHidden()).toBe(true);

    await page.goto(`${t.baseUrl}/console/handoff?id=${handoff.id}`);
    const button = page.getByRole('button', { name: 'Download as a FHIR record' });
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('SP-FHIR1.fhir.json');
    const bundle = JSON.parse(readFileSync(await download.path(), 'utf8')) as { resourceType: string; entry: { resource: { resourceType: string } }[] };
    expect(bundle.resourceType).toBe('Bundle');
    // The Patient and ServiceRequest, then the intake wellbeing scores as Observations.
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(['Patient', 'ServiceRequest', 'Observation', 'Observation', 'Observation', 'Observation']);
    await page.locator('#status', { hasText: 'Downloaded SP-FHIR1.fhir.json.' }).waitFor();
    expect((await t.app.stores.audit.listByRecord('referral', 'SP-FHIR1')).map((a) => a.action)).toContain('export-fhir');

    expect(problems).toEqual([]);
  });
});
