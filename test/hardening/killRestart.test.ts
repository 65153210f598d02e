/**
 * kill -9 mid-referral and mid-handoff. The real server runs in its own process on a data folder; it is killed with
 * SIGKILL (no shutdown, no flush, no compaction) while turns are in flight, and started again on the same folder.
 * Nothing it acknowledged is lost: the answers given so far, every answer other conversations had acknowledged when
 * it died, a handoff with its claim, transcript and note, and the web chat log; and each conversation carries on
 * where it was.
 */
import { rmSync } from 'node:fs';
import { MESSAGES, say } from '../../src/services/content/messages';
import { AccountService } from '../../src/services/accounts/AccountService';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import { ConsoleClient, PASSWORD } from '../console/consoleHarness';
import { tempDataDir } from '../helpers/tempDir';
import { eventually, Person, WebChatPatient } from './clients';
import { startServerProcess, type ServerProcess } from './serverProcess';

jest.setTimeout(120_000);

const SECRET = 'kill-restart-secret-0123456789-abcdefghijklmnop';

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
