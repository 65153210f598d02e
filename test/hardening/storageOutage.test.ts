/**
 * Storage unavailable, two ways.
 *
 * First, as a database outage. Every port of the real embedded store is wrapped (AppOptions.wrapStores) so that, while the
 * outage lasts, each call fails the way an unreachable MongoDB does: the operation is rejected. Then the outage ends
 * and nothing is restarted. While it lasts: the bot apologises and asks the person to try again later (web chat's
 * /api/messages and SMS, where the apology goes back in the webhook's TwiML since the outbox is down too), crisis
 * words are still answered with the crisis numbers (by SMS too, in the TwiML), /healthz says the store is unreachable,
 * and nothing crashes.
 * Afterwards it recovers by itself: the conversation carries on at the question it was on, and the referral holds
 * the answers given before the outage.
 *
 * Second, for real on the embedded store: the data folder is moved away and a file put in its place while the server
 * runs (this stops writes even for root, where taking away permissions would not), then put back.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { MESSAGES } from '../../src/services/content/messages';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { smsConversationId } from '../../src/channels/sms/identity';
import { SIMULATOR_NUMBER } from '../../src/channels/sms/mode';
import { renderSmsText } from '../../src/channels/sms/renderText';
import { postIncomingText } from '../fakes/twilioWebhook';
import { ExpectRepliesClient } from '../helpers/botClient';
import { startTestApp, type TestApp } from '../helpers/testApp';

const PUBLIC_URL = 'https://signpost.example.org';
const PORTS = ['botState', 'referrals', 'handoffs', 'directory', 'audit', 'consoleUsers', 'consoleSessions', 'directLine', 'smsOutbox', 'smsContacts'] as const;

/** What an unreachable database answers (the message mongoose gives when no server can be selected). */
class DatabaseUnreachableError extends Error {
  constructor() {
    super('Server selection timed out after 2000 ms: connect ECONNREFUSED 127.0.0.1:27017');
    this.name = 'MongooseServerSelectionError';
  }
}

/** The stores with a switch: while `down`, every port call and every store-wide operation is rejected. */
class Outage {
  down = false;
  calls = 0;

  wrap(stores: Stores): Stores {
    const wrapped: Stores = { ...stores };
    for (const port of PORTS) (wrapped as unknown as Record<string, unknown>)[port] = this.port(stores[port] as object);
    wrapped.erasePerson = (personId) => this.guard(() => stores.erasePerson(personId));
    wrapped.exportPerson = (personId) => this.guard(() => stores.exportPerson(personId));
    wrapped.purgeExpired = (now) => this.guard(() => stores.purgeExpired(now));
    wrapped.ping = async () => !this.down && stores.ping();
    return wrapped;
  }

  private port<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (object, property) => {
        const value = Reflect.get(object, property, object) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => this.guard(() => (value as (...a: unknown[]) => Promise<unknown>).apply(object, args));
      },
    });
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    if (this.down) {
      this.calls += 1;
      throw new DatabaseUnreachableError();
    }
    return call();
  }
}

const last = (replies: string[]): string => replies[replies.length - 1] ?? '';

async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
const CRISIS = [MESSAGES['crisis.intro'], MESSAGES['crisis.999'], MESSAGES['crisis.111'], MESSAGES['crisis.talk']];

describe('when storage is unavailable', () => {
  const outage = new Outage();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL }, { wrapStores: (stores) => outage.wrap(stores), urgentRetryMs: 100 });
  });
  afterAll(async () => {
    outage.down = false;
    await t.close();
  });

  const text = (body: string, from: string) =>
    postIncomingText({ From: from, To: SIMULATOR_NUMBER, Body: body }, { baseUrl: t.baseUrl, publicUrl: PUBLIC_URL, authToken: t.app.sms.authToken });

  it('the apology asks people to try again later, and still gives the emergency numbers', () => {
    expect(MESSAGES['error.apology']).toMatch(/try again in a few minutes/);
    expect(MESSAGES['error.apology']).toMatch(/999/);
  });

  it('apologises, answers crisis words first, says so on /healthz, and carries on where it was once storage is back', async () => {
    const person = new ExpectRepliesClient(t.baseUrl);
    await person.join();
    expect(last(await person.say('I would like to refer myself'))).toBe(MESSAGES['consent.ask']);
    expect(last(await person.say('yes'))).toBe(MESSAGES['intake.name.ask']);
    expect(last(await person.say('Morwenna'))).toBe(MESSAGES['intake.dob.ask']);

    outage.down = true;
    // An answer: the turn cannot load or save the conversation, so the person is told to try again later.
    expect(last(await person.say('14 July 1958'))).toBe(MESSAGES['error.apology']);
    // Crisis words: safety speaks before anything touches the store, so the numbers come first, then the apology.
    const crisis = await person.say('I want to kill myself tonight');
    expect(crisis.slice(0, CRISIS.length)).toEqual(CRISIS);
    expect(last(crisis)).toBe(MESSAGES['error.apology']);
    expect(outage.calls).toBeGreaterThan(0);

    const health = await fetch(`${t.baseUrl}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ storage: { kind: 'embedded', reachable: false } });

    outage.down = false;
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    // Nothing was lost and nothing half-done was kept: the date of birth is still the question.
    expect(last(await person.say('14 July 1958'))).toBe(MESSAGES['intake.postcode.ask']);
    expect(last(await person.say('TR1 2HE'))).toBe(MESSAGES['intake.contact.ask']);
    for (const answer of ['no contact', 'skip', 'skip', 'money worries', 'yes', 'skip', 'skip', 'skip', 'skip']) await person.say(answer);
    const saved = await person.say('yes');
    const reference = /SP-[0-9A-Z]{5}/.exec(saved.join(' '))?.[0];
    expect(reference).toBeDefined();
    const referral = await t.app.stores.referrals.get(reference!);
    expect(referral?.person).toMatchObject({ preferredName: 'Morwenna', postcode: 'TR1 2HE' });
    expect(JSON.stringify(referral)).toContain('1958-07-14');
  });

  it('by SMS, answers in the webhook\'s TwiML (the outbox is down too): crisis numbers first, then the apology; then recovers', async () => {
    const from = '+447700900611';
    outage.down = true;
    const answered = async (body: string): Promise<string[]> => {
      const { response } = await text(body, from);
      expect(response.status).toBe(200);
      return [...(await response.text()).matchAll(/<Message>([^<]*)<\/Message>/g)].map((m) => m[1].replaceAll('&apos;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&'));
    };
    expect(await answered('hello')).toEqual(renderSmsText(MESSAGES['error.apology']).map((p) => p.text));
    const crisis = await answered('I want to end my life');
    expect(crisis.slice(0, CRISIS.length)).toEqual(CRISIS.map((m) => renderSmsText(m)[0].text));
    expect(crisis.at(-1)).toBe(renderSmsText(MESSAGES['error.apology']).at(-1)?.text);
    outage.down = false;
    const { response, messageSid } = await text('hello', from);
    expect(await response.text()).toBe('<Response/>');
    const replies = await t.app.sms.outbox.repliesTo(messageSid);
    expect(replies.map((r) => r.body).join(' ')).toContain('Signpost');
    expect(await t.app.sms.contacts.byConversation(smsConversationId(t.app.secret, from))).toBeDefined();
  });

  it('web chat still gets the crisis answer while the store is down: the turn runs from the signed token and the answer reaches the open stream live', async () => {
    const generated = (await (await fetch(`${t.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string };
    const headers = { authorization: `Bearer ${generated.token}`, 'content-type': 'application/json' };
    const started = (await (await fetch(`${t.baseUrl}/v3/directline/conversations`, { method: 'POST', headers, body: '{}' })).json()) as { conversationId: string; streamUrl: string };
    const received: string[] = [];
    const socket = new WebSocket(started.streamUrl.replace(/^wss:/, 'ws:'));
    socket.on('message', (data) => {
      const frame = data.toString();
      if (frame === '') return;
      for (const activity of (JSON.parse(frame) as { activities: { type: string; text?: string; from: { role?: string } }[] }).activities) {
        if (activity.type === 'message' && activity.from.role !== 'user' && activity.text) received.push(activity.text);
      }
    });
    await new Promise((resolve) => socket.once('open', resolve));
    await waitFor(() => received.includes(MESSAGES['welcome.notForEmergencies']));
    outage.down = true;
    try {
      const posted = await fetch(`${t.baseUrl}/v3/directline/conversations/${started.conversationId}/activities`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'message', from: { id: 'someone' }, text: 'I am going to kill myself tonight' }),
      });
      expect(posted.status).toBe(200);
      await waitFor(() => CRISIS.every((line) => received.includes(line)));
      expect(received.slice(received.indexOf(CRISIS[0]), received.indexOf(CRISIS[0]) + CRISIS.length)).toEqual(CRISIS);
    } finally {
      outage.down = false;
      socket.close();
    }
  });

  it('queues an urgent handoff for crisis words said during the outage once storage returns, with the kind of risk and the words', async () => {
    const person = new ExpectRepliesClient(t.baseUrl, 'user-outage-crisis');
    await person.join();
    outage.down = true;
    let crisis: string[];
    try {
      crisis = await person.say('I have taken all my tablets');
    } finally {
      outage.down = false;
    }
    expect(crisis[0]).toBe(MESSAGES['crisis.medical']);
    let queued: Awaited<ReturnType<typeof t.app.stores.handoffs.list>> = [];
    await waitFor(() => {
      void t.app.stores.handoffs.list('waiting').then((list) => (queued = list.filter((h) => h.summary.includes('I have taken all my tablets'))));
      return queued.length > 0;
    });
    expect(queued[0]).toMatchObject({ priority: 'urgent' });
    expect(queued[0].summary).toContain('Risk: overdose');
  });

  it('web chat refuses with a short error while it lasts, never internals, and works again after', async () => {
    const generated = (await (await fetch(`${t.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string };
    const start = () => fetch(`${t.baseUrl}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}`, 'content-type': 'application/json' }, body: '{}' });
    outage.down = true;
    const refused = await start();
    expect(refused.status).toBe(500);
    const body = await refused.text();
    expect(body).not.toMatch(/ECONNREFUSED|MongooseServerSelectionError|\bat .+\.(js|ts):\d+/);
    expect(body).toMatch(/try again/i);
    outage.down = false;
    expect((await start()).status).toBe(201);
  });

  it('logs the outage without anything the people wrote', () => {
    const logs = t.logs.text();
    expect(logs).toMatch(/turn failed/);
    for (const secret of ['Morwenna', '14 July 1958', 'TR1 2HE', 'kill myself', 'end my life', '7700900611']) expect([secret, logs.includes(secret)]).toEqual([secret, false]);
  });
});

describe('when the embedded store\'s folder cannot be written', () => {
  let t: TestApp;
  const person = () => new ExpectRepliesClient(t.baseUrl, 'user-pendle');
  let client: ExpectRepliesClient;

  beforeAll(async () => {
    t = await startTestApp();
    client = person();
  });
  afterAll(async () => t?.close());

  it('says the referral could not be sent and to try again in a few minutes, then sends it once the folder is back', async () => {
    await client.join();
    for (const answer of ['refer myself', 'yes', 'Pendle', '2 May 1949', 'LA1 1AA', 'no contact', 'skip', 'skip', 'money worries', 'yes', 'skip', 'skip', 'skip']) await client.say(answer);
    expect(last(await client.say('skip'))).toBe(MESSAGES['summary.ask']);

    const away = `${t.dataDir}.away`;
    renameSync(t.dataDir, away);
    writeFileSync(t.dataDir, 'not a folder');
    let failed: string[];
    try {
      failed = await client.say('yes');
    } finally {
      rmSync(t.dataDir);
      renameSync(away, t.dataDir);
    }
    expect(failed).toContain(MESSAGES['referral.saveFailed']);
    expect(MESSAGES['referral.saveFailed']).toMatch(/try again in a few minutes/);
    expect(last(failed)).toBe(MESSAGES['summary.ask']);

    const sent = await client.say('yes');
    expect(sent.join(' ')).toMatch(/SP-[0-9A-Z]{5}/);
  });

  // A write whose append to disk failed is taken back out of memory (src/storage/embedded), so the referral the person
  // was told was not sent is not written later by a compaction.
  it('keeps only the referral that was sent, after a restart', async () => {
    await t.close({ keepData: true });
    const stores = await openEmbeddedStores({ dataDir: t.dataDir, retentionDays: 730 });
    try {
      const { items } = await stores.referrals.list();
      expect(items.filter((r) => r.person.preferredName === 'Pendle')).toHaveLength(1);
    } finally {
      await stores.close();
      rmSync(t.dataDir, { recursive: true, force: true });
    }
  });
});
