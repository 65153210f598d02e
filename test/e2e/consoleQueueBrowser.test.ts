/**
 * Issue 18 items 4 and 5 in headless Chromium (a browser set to New York time, to prove the console shows UK time):
 * the queue shows first name, age, channel in words, the risk and the person's words, needs and the wait against the
 * target; the tab title counts people waiting and changes live; someone new or urgent brings a desktop notification
 * once the worker turns them on (the Notification API, recorded as the page calls it); the conversation page shows
 * the date of birth and wellbeing in words, and asks before finishing right after the worker's own question.
 */
import { rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { ageOn } from '../../src/dialogs/prompts/dateOfBirth';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, enqueue, PASSWORD, RecordingChannel } from '../console/consoleHarness';
import { describeWithBrowser } from '../helpers/browser';
import { launchWithProfile } from '../helpers/patientPage';
import { newReferral } from '../storage/records';

declare const window: { __notifications: { title: string; body: string }[] } & Record<string, unknown>;

jest.setTimeout(120_000);

describeWithBrowser('the console queue at a glance, with notifications', () => {
  let t: TestApp;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    RecordingChannel.registerOn(t.app);
    await addUser(t.app, 'sam.jones@example.org', 'linkworker');
    ({ context, page, profile } = await launchWithProfile('signpost-queue-', undefined, { timezoneId: 'America/New_York' }));
    // The Notification API as a page sees it once permission is granted; each notification is kept for the test.
    await context.addInitScript(() => {
      const shown: { title: string; body: string }[] = [];
      (window as unknown as Record<string, unknown>).__notifications = shown;
      class RecordedNotification {
        static permission = 'default';
        static requestPermission = async () => {
          RecordedNotification.permission = 'granted';
          return 'granted';
        };
        onclick: unknown = null;
        constructor(title: string, options: { body: string }) {
          shown.push({ title, body: options.body });
        }
        close(): void {}
      }
      (window as unknown as Record<string, unknown>).Notification = RecordedNotification;
    });
    page.on('console', (message) => {
      if (/status of 401/.test(message.text())) return;
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  });

  afterAll(async () => {
    if (problems.length) process.stderr.write(problems.join('\n') + '\n');
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  it('shows who, why and how long; counts the waiting in the title; notifies when someone new or urgent arrives', async () => {
    const referral = await t.app.stores.referrals.create(newReferral({ person: { preferredName: 'Margaret Ann', dateOfBirth: '1958-03-12', postcode: 'BS5 6XX', contactMethod: 'text', contactValue: '+447700900444' }, needs: ['loneliness', 'money'] }));
    const urgent = await enqueue(t.app, {
      priority: 'urgent',
      channel: 'sms',
      referralReference: referral.reference,
      summary: 'URGENT. Crisis words (suicide).',
      risk: { kinds: ['suicide'], words: 'I cannot go on like this' },
    });

    await page.goto(`${t.baseUrl}/console/login`);
    await page.locator('#email').fill('sam.jones@example.org');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('#password').press('Enter');
    await page.waitForURL(`${t.baseUrl}/console`);

    const row = page.locator(`#queue tbody tr[data-id="${urgent.id}"]`);
    await row.waitFor();
    await page.locator('#live', { hasText: 'Live' }).waitFor();
    const text = await row.innerText();
    expect(text).toContain(`Margaret, age ${ageOn('1958-03-12', new Date())}`);
    expect(text).toContain('text message');
    expect(text).not.toContain('sms');
    expect(text).toContain('Risk: suicide');
    expect(text).toContain('I cannot go on like this');
    expect(text).toContain('Needs: Loneliness and isolation, Money and debt');
    expect(text).toMatch(/without a reply/);
    expect(text).toMatch(/target 15 minutes/);
    expect(text).not.toContain('+447700900444');
    expect(await page.title()).toBe('(1 waiting) Queue: Signpost link worker console');

    // Turn on desktop notifications (the browser asks once); someone new arrives: the title counts them, a notification says so.
    await page.locator('#notify-toggle').click();
    await page.locator('#notify-toggle[aria-pressed="true"]').waitFor();
    const plain = await enqueue(t.app, { summary: 'Asked to talk to a person. Needs: money.' });
    await page.locator(`#queue tbody tr[data-id="${plain.id}"]`).waitFor();
    await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title.startsWith('(2 waiting)'));
    await enqueue(t.app, { priority: 'urgent', summary: 'URGENT. Asked again.' });
    await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title.startsWith('(3 waiting)'));
    const notes = await page.evaluate(() => window.__notifications);
    expect(notes).toEqual([
      { title: 'Someone new is waiting', body: 'Open the Signpost console to see the queue.' },
      { title: 'Urgent: someone needs help now', body: 'Open the Signpost console to see the queue.' },
    ]);
    // Nothing personal in a notification.
    expect(JSON.stringify(notes)).not.toMatch(/Margaret|cannot go on|money/i);

    // Claimed: one fewer waiting, in the title too.
    await page.locator(`#queue tbody tr[data-id="${plain.id}"]`).getByRole('button', { name: /Claim/ }).click();
    await page.waitForURL(/\/console\/handoff\?id=/);
    await page.goto(`${t.baseUrl}/console`);
    await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title.startsWith('(2 waiting)'));

    // UK dates and times whatever the computer's zone: 12:00 UTC on 1 July is 13:00 in London (08:00 in New York).
    const formats = await page.evaluate(async () => {
      const format = (await import('/console/js/format.js' as string)) as { when(iso: string, now?: string): string; calendarDate(iso: string): string };
      return { time: format.when('2026-07-01T12:00:00Z', '2026-07-01T15:00:00Z'), winter: format.when('2026-12-01T12:00:00Z', '2026-12-01T15:00:00Z'), dob: format.calendarDate('1958-03-12') };
    });
    expect(formats).toEqual({ time: '13:00', winter: '12:00', dob: '12 March 1958' });
    expect(problems).toEqual([]);
  });

  it('the conversation page: date of birth and wellbeing in words; finishing right after the worker\'s question asks first', async () => {
    const referral = await t.app.stores.referrals.create(newReferral({ person: { preferredName: 'Joe', dateOfBirth: '1990-11-02', postcode: 'BS5 6XX', contactMethod: 'none' } }));
    const waiting = await enqueue(t.app, { referralReference: referral.reference, needs: ['loneliness'] });
    await page.goto(`${t.baseUrl}/console/handoff?id=${waiting.id}`);
    await page.locator('#live', { hasText: 'Live' }).waitFor();
    const facts = await page.locator('#referral').innerText();
    expect(facts).toContain('2 November 1990');
    expect(facts).toContain('satisfied with life 4/10, things worthwhile 5/10, happy yesterday 3/10, anxious yesterday 7/10');
    expect(await page.locator('#summary').innerText()).toContain('Loneliness and isolation');

    await page.locator('#claim').click();
    await page.locator('#reply:not([disabled])').waitFor();
    await page.locator('#reply').fill('Would a call tomorrow morning suit you?');
    await page.locator('#send').click();
    await page.locator('#transcript li', { hasText: 'call tomorrow' }).waitFor();
    await page.locator('#outcome').selectOption('signposted');
    await page.locator('#close').click();
    await page.locator('#problem', { hasText: 'asked them a question' }).waitFor();
    expect((await t.app.stores.handoffs.get(waiting.id))?.status).toBe('active');
    await page.locator('#close', { hasText: 'Finish anyway' }).click();
    await page.locator('#status', { hasText: 'Finished' }).waitFor();
    expect((await t.app.stores.handoffs.get(waiting.id))?.status).toBe('closed');
    expect(problems).toEqual([]);
  });

  it('saved replies by keyboard: "/" opens the list, typing narrows it, Enter inserts it filled in, a new one is saved for the team', async () => {
    await t.app.stores.cannedReplies.create({ title: 'Welcome', text: 'Hello {firstName}, I am {workerName} from the link worker team.', createdBy: 'someone' });
    await t.app.stores.cannedReplies.create({ title: 'Call back', text: 'Can I call you tomorrow, {firstName}?', createdBy: 'someone' });
    const referral = await t.app.stores.referrals.create(newReferral({ person: { preferredName: 'Priya', postcode: 'BS5 6XX', contactMethod: 'none' } }));
    const waiting = await enqueue(t.app, { referralReference: referral.reference });
    await page.goto(`${t.baseUrl}/console/handoff?id=${waiting.id}`);
    await page.locator('#claim').click();
    await page.locator('#reply:not([disabled])').waitFor();
    await page.locator('#reply').focus();

    await page.keyboard.type('/');
    await page.locator('#replies-popup:not([hidden])').waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('replies-filter');
    await page.keyboard.type('call');
    await page.locator('#replies-list [role="option"]', { hasText: 'Call back' }).waitFor();
    expect(await page.locator('#replies-list [role="option"]').count()).toBe(1);
    await page.keyboard.press('Enter');
    expect(await page.locator('#reply').inputValue()).toBe('Can I call you tomorrow, Priya?');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('reply');

    // After a space, "/" opens it again; Down then Enter picks the second; Escape would go back without inserting.
    await page.keyboard.type(' ');
    await page.keyboard.type('/');
    await page.locator('#replies-popup:not([hidden])').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await page.locator('#reply').inputValue()).toBe('Can I call you tomorrow, Priya? Hello Priya, I am Sam from the link worker team.');
    // A slash inside a word is just a slash.
    await page.keyboard.type(' and/or');
    expect(await page.locator('#replies-popup').isHidden()).toBe(true);

    // Sent as the worker left it.
    await page.keyboard.press('Control+Enter');
    await page.locator('#transcript li', { hasText: 'and/or' }).waitFor();
    // The message can reach the transcript before the send has finished and emptied the box: "/" opens the list only
    // at the start of the box or after a space, so wait for the empty box a worker would see.
    await page.waitForFunction("document.querySelector('#reply').value === '' && !document.querySelector('#reply').disabled");

    // Add one for the team from the same list.
    await page.locator('#reply').focus();
    await page.keyboard.type('/');
    await page.locator('#reply-add-title').fill('Thanks');
    await page.locator('#reply-add-text').fill('Thank you, {firstName}.');
    await page.getByRole('button', { name: 'Save for the team' }).click();
    await page.locator('#replies-list [role="option"]', { hasText: 'Thanks' }).waitFor();
    expect((await t.app.stores.cannedReplies.list()).map((r) => r.title)).toEqual(['Call back', 'Thanks', 'Welcome']);
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  });

  it('finds a person by phone from the queue, and their conversation lists their earlier contact', async () => {
    const phone = '+447700900765';
    const before = await t.app.stores.referrals.create(newReferral({ reference: 'SP-7GYYH', personId: 'earlier-chat', person: { preferredName: 'Ffion', postcode: 'BS5 6XX', contactMethod: 'text', contactValue: phone } }));
    const earlier = await enqueue(t.app, { personId: 'earlier-chat', referralReference: before.reference });
    await t.app.stores.handoffs.close(earlier.id, { type: 'signposted' });
    const now = await t.app.stores.referrals.create(newReferral({ personId: 'this-chat', person: { preferredName: 'Ffion', postcode: 'BS5 6XX', contactMethod: 'text', contactValue: phone } }));
    const current = await enqueue(t.app, { personId: 'this-chat', referralReference: now.reference });

    await page.goto(`${t.baseUrl}/console`);
    await page.locator('#search-q').fill('07700 900765');
    await page.locator('#search-q').press('Enter');
    await page.locator('#search-list li', { hasText: 'SP-7GYYH' }).waitFor();
    expect(await page.locator('#search-list > li').count()).toBe(2);
    expect(await page.locator('#status').innerText()).toBe('2 people found.');

    await page.goto(`${t.baseUrl}/console/handoff?id=${current.id}`);
    await page.locator('#history-referrals li', { hasText: 'SP-7GYYH' }).waitFor();
    await page.locator(`#history-handoffs a[href="/console/handoff?id=${earlier.id}"]`).waitFor();
    expect(await page.locator('#history-handoffs').innerText()).toContain('closed: Signposted to services');
    expect(problems).toEqual([]);
  });
});
