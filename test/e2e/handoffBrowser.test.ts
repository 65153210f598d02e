/**
 * The whole handoff in one headless Chromium (Debian's, through playwright-core), two people at once against one real
 * app: a patient on the chat page (real Web Chat over Signpost's Direct Line) and a link worker signed in to the
 * console (its own browser context, so its own cookies). The patient asks for a person and is told honestly what
 * happens next; the worker's queue shows them live (no reload), the worker claims, both talk, the patient's crisis
 * words bring the crisis numbers at once and make the conversation urgent on the worker's page, the worker closes
 * with an outcome and the patient is told. Out of hours the patient hears when someone will reply and where to get
 * help before then. Every look the worker takes is audited. No console errors and no CSP violations on either page.
 * Screenshots go to test-artifacts/.
 *
 * Opening hours are set for the test from the clock (a window around now, or a day that is not today), so the
 * words do not depend on when it runs.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { projectPath } from '../../src/paths';
import { MESSAGES, say } from '../../src/services/content/messages';
import { localDate } from '../../src/services/handoff/openingHours';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, PASSWORD } from '../console/consoleHarness';
import { CHROMIUM, describeWithBrowser } from '../helpers/browser';

// The page.evaluate and waitForFunction callbacks run in the browser, where these exist (the tests compile without DOM types).
declare const document: { querySelectorAll(selector: string): ArrayLike<unknown> };
declare const window: Record<string, unknown>;

const ARTIFACTS = projectPath('test-artifacts');
const ZONE = 'Europe/London';
const WAIT = 20_000;
const WORKER = { email: 'priya.shah@example.org', firstName: 'Priya' };

const botBubbles = '#chat .webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';
const userBubbles = '#chat .webchat__bubble--from-user .webchat__bubble__content';

jest.setTimeout(180_000);

/** Every day, from two hours before now to three hours after (wall clock in London), so it is open now and for a while. */
function openAroundNow(now = new Date()): string {
  const hour = Math.floor(localDate(now, ZONE).minutes / 60);
  const at = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
  return `Mon-Sun ${at(hour - 2)}-${at(hour + 3)} ${ZONE}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Open one day only, the day after tomorrow (in London): closed all today. */
function closedToday(now = new Date()): { hours: string; day: string } {
  const day = (localDate(now, ZONE).weekday + 2) % 7;
  return { hours: `${DAYS[day]} 09:00-17:00 ${ZONE}`, day: DAY_NAMES[day] };
}

interface Watched {
  page: Page;
  problems: string[];
}

/** A page in a fresh browser context that collects console errors, CSP refusals and uncaught errors. */
async function openPage(browser: Browser, contexts: BrowserContext[], ignore?: RegExp): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (ignore?.test(message.text())) return;
    if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, problems };
}

/** Web Chat curls straight quotes; the words in messages.ts are straight. */
const straighten = (text: string): string => text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');

/** Waits until the patient's chat shows a bot message containing these words. */
async function patientSees(page: Page, words: string, timeout = WAIT): Promise<void> {
  await page.waitForFunction(
    ([selector, expected]) => [...(document.querySelectorAll(selector) as unknown as { innerText: string }[])].some((b) => b.innerText.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').includes(expected)),
    [botBubbles, words] as const,
    { timeout },
  );
}

async function botTexts(page: Page): Promise<string[]> {
  return (await page.locator(botBubbles).allInnerTexts()).map((text) => straighten(text).trim());
}

/** The patient types into Web Chat's send box and presses Enter; waits until their message is shown as sent. */
async function patientTypes(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: /message/i }).focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.locator(userBubbles).filter({ hasText: text }).last().waitFor({ timeout: WAIT });
}

async function shows(locator: Locator, expected: string | RegExp): Promise<void> {
  await locator.filter({ hasText: expected }).first().waitFor({ timeout: WAIT });
}

/** The console's fact list (dt/dd pairs) as label -> value. */
async function facts(page: Page, selector: string): Promise<Record<string, string>> {
  const labels = await page.locator(`${selector} dt`).allInnerTexts();
  const values = await page.locator(`${selector} dd`).allInnerTexts();
  return Object.fromEntries(labels.map((label, i) => [label.trim(), values[i]?.trim() ?? '']));
}

/** The console's transcript as "who: text" lines. */
async function transcriptLines(page: Page): Promise<{ who: string; text: string; from: string }[]> {
  const items = page.locator('#transcript li');
  const out: { who: string; text: string; from: string }[] = [];
  for (let i = 0; i < (await items.count()); i += 1) {
    const item = items.nth(i);
    out.push({ who: (await item.locator('.who').innerText()).trim(), text: (await item.locator('.text').innerText()).trim(), from: ((await item.getAttribute('class')) ?? '').replace('from-', '') });
  }
  return out;
}

async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

describeWithBrowser('a patient in Web Chat and a link worker in the console, in opening hours', () => {
  let t: TestApp;
  let browser: Browser;
  let workerId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp({ OPENING_HOURS: openAroundNow() });
    workerId = await addUser(t.app, WORKER.email, 'linkworker', WORKER.firstName);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  it('asks for a person, is picked up live, talks both ways, gets help at once in a crisis (now urgent), and is told when it closes', async () => {
    // Chromium logs every 401 as an error: only the sign-in page's "am I signed in?" check should give one.
    const worker = await openPage(browser, contexts, /status of 401/);
    const patient = await openPage(browser, contexts);
    const console401s: string[] = [];
    worker.page.on('response', (response) => {
      if (response.status() === 401) console401s.push(new URL(response.url()).pathname);
    });

    // The link worker signs in and watches the empty queue, live.
    await worker.page.goto(`${t.baseUrl}/console/login`);
    await worker.page.getByLabel('Email address').fill(WORKER.email);
    await worker.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await worker.page.getByRole('button', { name: 'Sign in' }).click();
    await worker.page.waitForURL(`${t.baseUrl}/console`, { timeout: WAIT });
    await shows(worker.page.locator('#live'), 'Live');
    await worker.page.locator('#empty', { hasText: 'Nobody here right now.' }).waitFor({ state: 'visible', timeout: WAIT });
    // A mark on this page's window: if the queue page reloaded, it would be gone.
    await worker.page.evaluate(() => void (window.signpostNoReload = true));

    // The patient opens the chat and asks for a person; they hear their place and the wait, and where their words go.
    await patient.page.goto(`${t.baseUrl}/`);
    await patientSees(patient.page, MESSAGES['welcome.question']);
    await patientTypes(patient.page, 'I want to talk to a person');
    await patientSees(patient.page, say('handoff.queued.soon', { position: 1, minutes: 10 }));
    await patientSees(patient.page, MESSAGES['handoff.relay']);
    expect((await botTexts(patient.page)).some((text) => /not working right now/.test(text))).toBe(false);
    await patient.page.screenshot({ path: path.join(ARTIFACTS, 'handoff-patient-queued.png'), fullPage: true });

    // The worker's queue shows them without a reload (Server-Sent Events), and says so.
    const row = worker.page.locator('#queue tbody tr', { hasText: MESSAGES['handoff.summary.asked'] });
    await row.waitFor({ timeout: WAIT });
    await shows(worker.page.locator('#status'), 'Someone new is waiting.');
    await shows(row, /Normal/);
    await shows(row, /Nobody yet/);
    expect(await worker.page.evaluate(() => window.signpostNoReload)).toBe(true);
    await worker.page.screenshot({ path: path.join(ARTIFACTS, 'handoff-console-queue.png'), fullPage: true });

    // The worker claims; the patient is told who has picked up their chat.
    await row.getByRole('button', { name: /Claim/ }).click();
    await worker.page.waitForURL(/\/console\/handoff\?id=/, { timeout: WAIT });
    const handoffId = new URL(worker.page.url()).searchParams.get('id')!;
    await shows(worker.page.locator('#live'), 'Live');
    await patientSees(patient.page, say('handoff.worker.joined', { name: WORKER.firstName }));
    expect(await facts(worker.page, '#summary')).toMatchObject({ Priority: 'Normal', Status: 'Active', 'Who has it': `${WORKER.firstName} (you)` });

    // The conversation so far, labelled: the bot's lines as Signpost, the patient's as Person.
    const before = await transcriptLines(worker.page);
    expect(before).toEqual(expect.arrayContaining([
      { who: 'Signpost', text: MESSAGES['welcome.hello'], from: 'bot' },
      { who: 'Person', text: 'I want to talk to a person', from: 'patient' },
    ]));

    // The worker replies; the patient sees it labelled with the worker's first name; the worker's page shows it once.
    const reply = 'Hello, I am Priya. What would help most today?';
    await worker.page.locator('#reply').fill(reply);
    await worker.page.getByRole('button', { name: 'Send', exact: true }).click();
    await shows(worker.page.locator('#status'), 'Sent.');
    // Within a second: Web Chat holds a message whose replyToId names an activity it has not seen (about 5 s).
    await patientSees(patient.page, say('handoff.worker.reply', { name: WORKER.firstName, text: reply }), 1000);
    await shows(worker.page.locator('#transcript li.from-worker'), reply);
    expect((await transcriptLines(worker.page)).filter((line) => line.text === reply)).toEqual([{ who: `${WORKER.firstName} (link worker)`, text: reply, from: 'worker' }]);

    // The patient answers; the worker's page shows it live, labelled, and says a message came.
    const answer = 'Thank you. I have not been sleeping since I lost my job';
    await patientTypes(patient.page, answer);
    await shows(worker.page.locator('#transcript li.from-patient'), answer);
    await shows(worker.page.locator('#status'), 'New message from the person.');
    expect((await transcriptLines(worker.page)).at(-1)).toEqual({ who: 'Person', text: answer, from: 'patient' });
    await worker.page.screenshot({ path: path.join(ARTIFACTS, 'handoff-console-talking.png'), fullPage: true });

    // Crisis words: the patient gets the crisis numbers at once, safety first even while talking to a person...
    await patientTypes(patient.page, 'Some days I want to die');
    for (const id of ['crisis.intro', 'crisis.999', 'crisis.111', 'crisis.talk'] as const) await patientSees(patient.page, MESSAGES[id]);
    await patient.page.screenshot({ path: path.join(ARTIFACTS, 'handoff-patient-crisis.png'), fullPage: true });
    // ...and the worker's page shows their words and, in words (not colour alone), that the conversation is now urgent.
    await shows(worker.page.locator('#transcript li.from-patient'), 'Some days I want to die');
    await shows(worker.page.locator('#transcript li.from-system'), MESSAGES['handoff.summary.escalated']);
    await shows(worker.page.locator('#status'), 'This conversation is now urgent.');
    await worker.page.waitForFunction(() => [...(document.querySelectorAll('#summary dd') as unknown as { innerText: string }[])].some((dd) => dd.innerText === 'Urgent'), undefined, { timeout: WAIT });
    expect(await facts(worker.page, '#summary')).toMatchObject({ Priority: 'Urgent', Status: 'Active' });
    expect((await t.app.stores.handoffs.get(handoffId))?.priority).toBe('urgent');
    await worker.page.screenshot({ path: path.join(ARTIFACTS, 'handoff-console-urgent.png'), fullPage: true });

    // The worker closes with an outcome; the patient is told, and the worker's page says so.
    await worker.page.getByLabel('Outcome').selectOption('signposted');
    await worker.page.getByRole('button', { name: 'Finish and tell the person' }).click();
    await shows(worker.page.locator('#status'), 'Finished. The person has been told.');
    await patientSees(patient.page, MESSAGES['handoff.closed.signposted']);
    expect(await facts(worker.page, '#summary')).toMatchObject({ Status: 'Closed', Outcome: 'Signposted to services' });
    expect((await t.app.stores.handoffs.get(handoffId))?.outcome).toEqual({ type: 'signposted' });
    await patient.page.screenshot({ path: path.join(ARTIFACTS, 'handoff-patient-closed.png'), fullPage: true });

    // What the patient saw from the team, in order.
    const fromTeam = (await botTexts(patient.page)).filter((text) => text.startsWith(`${WORKER.firstName}, a link worker`) || text.startsWith(`${WORKER.firstName} (link worker)`) || text.startsWith('Your link worker'));
    expect(fromTeam).toEqual([say('handoff.worker.joined', { name: WORKER.firstName }), say('handoff.worker.reply', { name: WORKER.firstName, text: reply }), MESSAGES['handoff.closed.signposted']]);

    // Every look and every change by the worker is in the audit log, by id only.
    const audited = (await t.app.stores.audit.listByRecord('handoff', handoffId)).filter((e) => e.actor === workerId).map((e) => e.action);
    expect(audited).toEqual(expect.arrayContaining(['claim', 'view-handoff', 'watch-handoff', 'reply', 'close:signposted']));
    expect((await t.app.stores.audit.listByRecord('handoff-queue', 'waiting')).some((e) => e.actor === workerId && e.action === 'view-queue')).toBe(true);
    // Nothing anyone wrote reaches the logs.
    for (const words of [reply, answer, 'I want to die']) expect(t.logs.text()).not.toContain(words);

    expect(patient.problems).toEqual([]);
    expect(worker.problems).toEqual([]);
    expect([...new Set(console401s)].every((p) => p === '/api/console/session')).toBe(true);
  });
});

describeWithBrowser('a patient in Web Chat out of hours', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const closed = closedToday();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp({ OPENING_HOURS: closed.hours });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  it('asks for a person and hears when someone will reply, and where to get help before then', async () => {
    const patient = await openPage(browser, contexts);
    await patient.page.goto(`${t.baseUrl}/`);
    await patientSees(patient.page, MESSAGES['welcome.question']);
    await patientTypes(patient.page, 'I want to talk to a person');
    const later = say('handoff.queued.later', { when: say('handoff.when.day', { day: closed.day, time: '9am' }) });
    await patientSees(patient.page, later);
    await patientSees(patient.page, MESSAGES['handoff.outOfHours.help']);
    const said = await botTexts(patient.page);
    expect(said.indexOf(MESSAGES['handoff.outOfHours.help'])).toBe(said.indexOf(later) + 1);
    expect(said.some((text) => /number \d+ in the queue/.test(text))).toBe(false);
    await patient.page.screenshot({ path: path.join(ARTIFACTS, 'handoff-patient-out-of-hours.png'), fullPage: true });

    // The chat ends with the tab: texts are offered instead, and taken with consent at a UK mobile.
    await patientSees(patient.page, MESSAGES['handoff.textBack.why']);
    await patientSees(patient.page, MESSAGES['handoff.textBack.ask']);
    await patientTypes(patient.page, 'yes');
    await patientSees(patient.page, MESSAGES['handoff.textBack.number']);
    await patientTypes(patient.page, '07700 900613');
    await patientSees(patient.page, say('handoff.textBack.yes', { when: say('handoff.when.day', { day: closed.day, time: '9am' }), ending: '613' }));
    expect((await botTexts(patient.page)).some((text) => /will reply here/.test(text))).toBe(false);

    // Queued all the same, for the morning, with the number to text.
    expect((await t.app.stores.handoffs.list('waiting')).map((h) => h.channel)).toEqual(['directline']);
    expect((await t.app.stores.handoffs.list('waiting'))[0].textBack?.phone).toBe('+447700900613');
    expect(patient.problems).toEqual([]);
  });
});
