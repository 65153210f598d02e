/**
 * kill -9 mid-referral and mid-handoff. The real server runs in its own process on a data folder; it is killed with
 * SIGKILL (no shutdown, no flush, no compaction) while turns are in flight, and started again on the same folder.
 * Nothing it acknowledged is lost: the answers given so far, every answer other conversations had acknowledged when
 * it died, a handoff with its claim, transcript and note, and the web chat log; and each conversation carries on
 * where it was.
 */
import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { MESSAGES, say } from '../../src/services/content/messages';
import { AccountService } from '../../src/services/accounts/AccountService';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import { ConsoleClient, PASSWORD } from '../console/consoleHarness';
import { tempDataDir } from '../helpers/testApp';
import { startServerProcess, type ServerProcess } from './serverProcess';

jest.setTimeout(120_000);

const SECRET = 'kill-restart-secret-0123456789-abcdefghijklmnop';

/** A Bot Framework client on /api/messages (expectReplies) whose server address can change (a restart). */
class Person {
  readonly conversationId = `kill-${randomUUID()}`;
  readonly userId = `user-${randomUUID()}`;

  constructor(public baseUrl: string) {}

  /** The texts of the bot's replies; throws when the request fails (the server died under it). */
  async say(text?: string): Promise<string[]> {
    const activity = text === undefined ? { type: 'conversationUpdate', membersAdded: [{ id: this.userId }] } : { type: 'message', text };
    const res = await fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...activity, id: randomUUID(), channelId: 'emulator', serviceUrl: 'http://127.0.0.1:1', deliveryMode: 'expectReplies', locale: 'en-GB',
        conversation: { id: this.conversationId }, from: { id: this.userId, role: 'user' }, recipient: { id: 'signpost', role: 'bot' },
      }),
    });
    if (res.status !== 200) throw new Error(`/api/messages answered ${res.status}`);
    const body = (await res.json()) as { activities?: { type: string; text?: string }[] };
    return (body.activities ?? []).filter((a) => a.type === 'message').map((a) => a.text ?? '');
  }
}

const last = (replies: string[]): string => replies[replies.length - 1] ?? '';

/** The first questions of a self-referral: each answer, and the question that acknowledges it was taken. */
function referralSteps(name: string, day: number): [string, string][] {
  return [
    ['I would like to refer myself', MESSAGES['consent.ask']],
    ['yes', MESSAGES['intake.name.ask']],
    [name, MESSAGES['intake.dob.ask']],
    [`${day} April 1952`, MESSAGES['intake.postcode.ask']],
    ['BS16 1QY', MESSAGES['intake.contact.ask']],
    ['no contact', MESSAGES['intake.gp.ask']],
    ['skip', MESSAGES['intake.whatMatters.ask']],
  ];
}

const BACKGROUND_NAMES = ['Ottoline', 'Peregrine', 'Hermione', 'Leopold', 'Wilhelmina', 'Barnaby', 'Clementine', 'Ignatius'];

interface LoggedActivity {
  id: string;
  type: string;
  text?: string;
  from: { role?: string };
}

/** A web chat patient on Signpost's own Direct Line, over plain HTTP (polling), whose server address can change. */
class WebChatPatient {
  conversationId = '';
  token = '';

  constructor(public baseUrl: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${this.baseUrl}/v3/directline${path}`, {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async start(): Promise<void> {
    this.token = (await this.call('POST', '/tokens/generate')).json.token as string;
    const started = await this.call('POST', '/conversations', { locale: 'en-GB' });
    this.conversationId = started.json.conversationId as string;
    this.token = started.json.token as string;
  }

  async post(text: string): Promise<string> {
    const posted = await this.call('POST', `/conversations/${this.conversationId}/activities`, { type: 'message', text, from: { id: 'x' } });
    if (posted.status !== 200) throw new Error(`posting answered ${posted.status}`);
    return posted.json.id as string;
  }

  async log(): Promise<LoggedActivity[]> {
    const all: LoggedActivity[] = [];
    for (let watermark = '0'; ;) {
      const page = await this.call('GET', `/conversations/${this.conversationId}/activities?watermark=${watermark}`);
      if (page.status !== 200) throw new Error(`reading answered ${page.status}`);
      const activities = page.json.activities as LoggedActivity[];
      all.push(...activities);
      if (activities.length === 0) return all;
      watermark = page.json.watermark as string;
    }
  }

  async botTexts(): Promise<string[]> {
    return (await this.log()).filter((a) => a.from.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');
  }
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface HandoffDetail {
  handoff: { id: string; status: string; transcript: { from: string; text: string }[]; notes: { text: string }[]; claimedBy?: { id?: string } | string | null };
}

describe('kill -9 mid-referral and mid-handoff', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  const start = async (): Promise<ServerProcess> => (server = await startServerProcess({ SIGNPOST_DATA_DIR: dataDir, SIGNPOST_SECRET: SECRET, LOG_LEVEL: 'warn' }));

  // What the first process did, for the checks after the restart.
  let main: Person;
  let people: Person[];
  const acknowledged = BACKGROUND_NAMES.map(() => 0);
  let patient: WebChatPatient;
  let sam: ConsoleClient;
  let handoffId: string;
  const workerLine = say('handoff.worker.reply', { name: 'Sam', text: 'Hello, I am Sam. What would help most?' });

  beforeAll(async () => {
    dataDir = tempDataDir('signpost-kill-');
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    await new AccountService(stores.consoleUsers, stores.consoleSessions).addUser({ email: 'sam@example.org', role: 'linkworker', firstName: 'Sam', password: PASSWORD });
    await stores.close();
  });
  afterAll(async () => {
    await server?.kill9();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is killed with SIGKILL while a referral is half done, others are answering, and a handed-off chat is under way', async () => {
    await start();
    // A referral, half done: up to the contact question.
    main = new Person(server!.baseUrl);
    await main.say();
    for (const [answer, question] of referralSteps('Gwendolyn', 3).slice(0, 5)) expect(last(await main.say(answer))).toBe(question);

    // A web chat handed to a link worker, who has claimed it, replied and made a note; the patient has answered.
    patient = new WebChatPatient(server!.baseUrl);
    await patient.start();
    await patient.post('I want to talk to a person');
    sam = await ConsoleClient.signIn(server!.baseUrl, 'sam@example.org');
    handoffId = await eventually('the handoff in the queue', async () => {
      const queue = await sam.get<{ handoffs: { id: string; channel: string }[] }>('/api/console/handoffs?status=waiting');
      return queue.body.handoffs.find((h) => h.channel === 'directline')?.id;
    });
    expect((await sam.post(`/api/console/handoffs/${handoffId}/claim`)).status).toBe(200);
    expect((await sam.post(`/api/console/handoffs/${handoffId}/messages`, { text: 'Hello, I am Sam. What would help most?' })).status).toBe(201);
    expect((await sam.post(`/api/console/handoffs/${handoffId}/notes`, { text: 'Knows the warm space at the library' })).status).toBe(201);
    await patient.post('It is my rent, I am two months behind');
    expect(await patient.botTexts()).toContain(workerLine);

    // Other people are mid-referral when the process dies: each keeps count of the answers it saw acknowledged.
    const background = BACKGROUND_NAMES.map(async (name, i) => {
      const person = new Person(server!.baseUrl);
      try {
        await person.say();
        for (const [step, [answer, question]] of referralSteps(name, i + 1).entries()) {
          if (last(await person.say(answer)) !== question) throw new Error(`${name}: unexpected reply at step ${step}`);
          acknowledged[i] = step + 1;
        }
      } catch {
        // the server died under it
      }
      return person;
    });
    const until = Date.now() + 30_000;
    while (acknowledged.some((n) => n < 3) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(acknowledged.every((n) => n >= 3)).toBe(true); // every name acknowledged, so each check below has work to do
    // And the patient's next message is on its way in (never acknowledged: it may or may not be kept).
    const inFlight = patient.post('Are you still there?').catch(() => 'lost');
    await server!.kill9();
    expect(server!.child.signalCode).toBe('SIGKILL');
    people = await Promise.all(background);
    await inFlight;
    expect(acknowledged.some((n) => n < 7)).toBe(true); // some were still answering: the kill came mid-referral

    await start();
    main.baseUrl = server!.baseUrl;
    patient.baseUrl = server!.baseUrl;
    sam = Object.assign(new ConsoleClient(server!.baseUrl), { cookie: sam.cookie, csrf: sam.csrf });
  });

  it('keeps the handoff, its claim, transcript and note, the patient\'s chat and the worker\'s session', async () => {
    const detail = await sam.get<HandoffDetail>(`/api/console/handoffs/${handoffId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.handoff.status).toBe('active');
    const transcript = detail.body.handoff.transcript.map((e) => `${e.from}: ${e.text}`);
    expect(transcript).toEqual(expect.arrayContaining(['patient: I want to talk to a person', 'worker: Hello, I am Sam. What would help most?', 'patient: It is my rent, I am two months behind']));
    expect(detail.body.handoff.notes.map((n) => n.text)).toEqual(['Knows the warm space at the library']);
    const texts = (await patient.log()).map((a) => a.text);
    expect(texts).toEqual(expect.arrayContaining(['I want to talk to a person', workerLine, 'It is my rent, I am two months behind']));
  });

  it('carries the handed-off chat on: the patient\'s next message goes to the worker, and the worker\'s reply reaches them', async () => {
    const before = (await patient.botTexts()).length;
    await patient.post('Thank you for waiting');
    await eventually('the patient message in the transcript', async () => {
      const again = await sam.get<HandoffDetail>(`/api/console/handoffs/${handoffId}`);
      return again.body.handoff.transcript.some((e) => e.from === 'patient' && e.text === 'Thank you for waiting') ? true : undefined;
    });
    expect((await patient.botTexts()).slice(before)).not.toContain(MESSAGES['welcome.question']);
    expect((await sam.post(`/api/console/handoffs/${handoffId}/messages`, { text: 'I can help with that today.' })).status).toBe(201);
    expect(await patient.botTexts()).toContain(say('handoff.worker.reply', { name: 'Sam', text: 'I can help with that today.' }));
    expect((await sam.post(`/api/console/handoffs/${handoffId}/close`, { outcome: 'signposted' })).status).toBe(200);
  });

  it('carries the referral on at the question it was on, with every answer given before the kill', async () => {
    expect(last(await main.say('1'))).toBe(MESSAGES['intake.mobile.ask']);
    expect(last(await main.say('07700 900462'))).toBe(MESSAGES['intake.gp.ask']);
    for (const answer of ['skip', 'skip', 'money worries', 'yes', 'skip', 'skip', 'skip']) await main.say(answer);
    const summary = (await main.say('skip')).join('\n');
    expect(summary).toContain('Gwendolyn');
    expect(summary).toContain('BS16 1QY');
    expect(summary).toMatch(/1952/);
    const saved = await main.say('yes');
    const reference = /SP-[0-9A-Z]{5}/.exec(saved.join(' '))?.[0];
    expect(reference).toBeDefined();

    expect(await server!.stop()).toBe(0);
    server = undefined;
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    try {
      const referral = await stores.referrals.get(reference!);
      expect(referral?.person).toMatchObject({ preferredName: 'Gwendolyn', dateOfBirth: '1952-04-03', postcode: 'BS16 1QY', contactMethod: 'text' });
      // Every answer other conversations saw acknowledged before the kill is in their state.
      for (const [i, person] of people.entries()) {
        const state = JSON.stringify(await stores.botState.read([`emulator/conversations/${person.conversationId}/`]));
        const kept: Record<number, string> = { 3: BACKGROUND_NAMES[i], 4: `1952-04-0${i + 1}`, 5: 'BS16 1QY' };
        for (const [step, value] of Object.entries(kept)) if (acknowledged[i] >= Number(step)) expect([BACKGROUND_NAMES[i], step, state.includes(value)]).toEqual([BACKGROUND_NAMES[i], step, true]);
      }
    } finally {
      await stores.close();
    }
  });
});
