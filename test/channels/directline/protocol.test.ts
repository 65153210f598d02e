/**
 * Signpost's own Direct Line 3.0, driven by botframework-directlinejs (the client inside Web Chat) over real HTTP and
 * WebSockets against the real app: polling and streaming, watermark resume, a server restart, token expiry and
 * refresh, tokens for another conversation, proactive messages, and order.
 */
import { ConnectionStatus } from 'botframework-directlinejs';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { DirectLineTokens } from '../../../src/channels/directline/tokens';
import { DirectLineTestClient, generateToken, replyToId } from './directLineClient';

const dl = (t: TestApp) => `${t.baseUrl}/v3/directline`;

async function api(t: TestApp, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${dl(t)}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A started conversation over raw HTTP: its id, a conversation token, and its streamUrl. */
async function started(t: TestApp): Promise<{ conversationId: string; token: string; streamUrl: string }> {
  const generated = await generateToken(t.baseUrl);
  const answer = await api(t, 'POST', '/conversations', generated.token, { locale: 'en-GB' });
  expect(answer.status).toBe(201);
  return answer.body as { conversationId: string; token: string; streamUrl: string };
}

function watermarkOf(id: string | undefined): number {
  return Number(String(id).split('|')[1]);
}

const clients: DirectLineTestClient[] = [];
function client(options: ConstructorParameters<typeof DirectLineTestClient>[0]): DirectLineTestClient {
  const c = new DirectLineTestClient({ random: () => 0, ...options } as never);
  clients.push(c);
  return c;
}
afterEach(() => clients.splice(0).forEach((c) => c.end()));

describe('Direct Line with botframework-directlinejs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it.each([
    ['WebSocket', true],
    ['polling', false],
  ])('%s: greets, echoes the user activity with an id and its channelData, and replies to it in order', async (_name, webSocket) => {
    const { token } = await generateToken(t.baseUrl);
    const c = client({ domain: dl(t), token, webSocket });
    const greeting = await c.waitFor((a) => a.from?.role === 'bot' && a.type === 'message');
    expect('text' in greeting && greeting.text).toMatch(/Signpost/);

    const id = await c.post('hello there', { channelData: { clientActivityID: 'client-1' } } as never);
    const echo = await c.waitFor((a) => a.id === id);
    expect(echo).toMatchObject({ type: 'message', text: 'hello there', from: { role: 'user' }, channelData: { clientActivityID: 'client-1' } });
    expect(echo.from.id).toMatch(/^sp_/); // the token's user, whatever the client claimed
    expect(echo.from.id).not.toBe('ignored-by-server');
    const reply = await c.waitFor((a) => a.from?.role === 'bot' && replyToId(a) === id);
    expect(reply.type).toBe('message');

    const marks = c.received.filter((a) => a.id).map((a) => watermarkOf(a.id));
    expect(marks).toEqual([...marks].sort((x, y) => x - y));
    expect(new Set(marks).size).toBe(marks.length);
    expect(c.received.indexOf(echo)).toBeLessThan(c.received.indexOf(reply));
  });

  it('resumes by watermark: a new client with the conversation id gets only what came after, then carries on', async () => {
    const { token } = await generateToken(t.baseUrl);
    const first = client({ domain: dl(t), token, webSocket: true });
    await first.say('first message');
    const watermark = first.watermark;
    expect(Number(watermark)).toBeGreaterThan(0);
    const conversationId = first.conversationId!;
    const freshToken = (await api(t, 'POST', '/tokens/refresh', token)).body.token as string;
    first.end();

    const resumed = client({ domain: dl(t), token: freshToken, conversationId, watermark, webSocket: true });
    const { id, replies } = await resumed.say('second message');
    expect(replies.length).toBeGreaterThan(0);
    expect(resumed.received.every((a) => watermarkOf(a.id) > Number(watermark))).toBe(true);
    expect(resumed.received.find((a) => a.id === id)).toBeDefined();

    // From the start (no watermark), a reload sees the whole conversation: greeting, both messages, in order.
    const reloaded = client({ domain: dl(t), token: freshToken, conversationId, webSocket: false });
    await reloaded.waitFor((a) => a.id === id);
    const userTexts = reloaded.received.filter((a) => a.from?.role === 'user').map((a) => ('text' in a ? a.text : ''));
    expect(userTexts).toEqual(['first message', 'second message']);
    expect(reloaded.received[0].from?.role).toBe('bot');
  });

  it('serialises turns of one conversation: messages sent at once each get their replies before the next echo', async () => {
    const conversation = await started(t);
    const posts = await Promise.all(['one', 'two', 'three', 'four', 'five'].map((text) => api(t, 'POST', `/conversations/${conversation.conversationId}/activities`, conversation.token, { type: 'message', text, from: { id: 'x' } })));
    expect(posts.map((p) => p.status)).toEqual([200, 200, 200, 200, 200]);
    const log = (await api(t, 'GET', `/conversations/${conversation.conversationId}/activities`, conversation.token)).body as { activities: { id: string; replyToId?: string; from: { role: string } }[]; watermark: string };
    expect(Number(log.watermark)).toBe(watermarkOf(log.activities[log.activities.length - 1].id));
    let currentUserActivity: string | undefined;
    for (const activity of log.activities) {
      if (activity.from.role === 'user') currentUserActivity = activity.id;
      else if (activity.replyToId) expect(activity.replyToId).toBe(currentUserActivity);
    }
    expect(log.activities.filter((a) => a.from.role === 'user')).toHaveLength(5);
  });


  it('delivers proactive messages (a link worker) to an open stream, after what came before', async () => {
    const { token } = await generateToken(t.baseUrl);
    const c = client({ domain: dl(t), token, webSocket: true });
    const { id } = await c.say('I would like to talk to a person');
    const reply = c.received.find((a) => replyToId(a) === id)!;
    const reference = { channelId: 'directline', conversation: { id: c.conversationId! }, user: (reply as { recipient?: unknown }).recipient, bot: reply.from } as never;
    await t.app.patientChannels.continue(reference, async (context) => {
      await context.sendActivity('Hello, this is Alex, a link worker.');
    });
    const proactive = await c.waitFor((a) => 'text' in a && a.text === 'Hello, this is Alex, a link worker.');
    expect(proactive.from?.role).toBe('bot');
    expect(watermarkOf(proactive.id)).toBeGreaterThan(watermarkOf(reply.id));
    await expect(t.app.patientChannels.continue({ channelId: 'directline', conversation: { id: 'gone' } } as never, async () => undefined)).rejects.toThrow(/does not exist/);
  });

  it('refreshes a token through the library, and the new token works while an expired one is refused', async () => {
    const { token } = await generateToken(t.baseUrl);
    const c = client({ domain: dl(t), token, webSocket: false });
    await c.say('hello');
    const refreshed = await new Promise<string>((resolve, reject) => (c.directLine as unknown as { refreshToken(): { subscribe(n: (t: string) => void, e: (e: unknown) => void): void } }).refreshToken().subscribe(resolve, reject));
    expect(refreshed).not.toBe(token);
    const conversationId = c.conversationId!;
    expect((await api(t, 'GET', `/conversations/${conversationId}/activities`, refreshed)).status).toBe(200);

    // A token signed with the app's key that expired a minute ago.
    const past = new DirectLineTokens(t.app.secret, () => Date.now() - 31 * 60 * 1000);
    const expired = past.issue('conversation', conversationId, 'dl_someone').token;
    const refused = await api(t, 'GET', `/conversations/${conversationId}/activities`, expired);
    expect(refused).toEqual({ status: 403, body: { error: { code: 'TokenExpired', message: expect.any(String) } } });
    expect((await api(t, 'POST', '/tokens/refresh', expired)).status).toBe(403);
    expect((await api(t, 'POST', `/conversations/${conversationId}/activities`, expired, { type: 'message', text: 'x' })).status).toBe(403);

    // The library, given the expired token for this conversation, cannot connect.
    const stale = client({ domain: dl(t), token: expired, conversationId, webSocket: false });
    await stale.waitForStatus(ConnectionStatus.FailedToConnect);
  });

  it('refuses a token for another conversation with 403, on every route and on the stream', async () => {
    const mine = await started(t);
    const theirs = await started(t);
    const other = theirs.conversationId;
    for (const [method, path] of [['GET', `/conversations/${other}`], ['GET', `/conversations/${other}/activities`], ['POST', `/conversations/${other}/activities`], ['POST', `/conversations/${other}/upload`]] as const) {
      const answer = await api(t, method, path, mine.token, method === 'POST' ? { type: 'message', text: 'hi' } : undefined);
      expect([path, answer.status, (answer.body.error as { code: string }).code]).toEqual([path, 403, 'Forbidden']);
    }
    // My stream token on their stream URL.
    const myStreamToken = new URL(mine.streamUrl).searchParams.get('t')!;
    const theirStream = new URL(theirs.streamUrl);
    theirStream.searchParams.set('t', myStreamToken);
    await expect(openSocket(theirStream.href)).rejects.toThrow(/403/);
    // A conversation token is not a stream token, and a stream token is not a conversation token.
    theirStream.searchParams.set('t', theirs.token);
    await expect(openSocket(theirStream.href)).rejects.toThrow(/403/);
    expect((await api(t, 'GET', `/conversations/${mine.conversationId}/activities`, myStreamToken)).status).toBe(403);

    const library = client({ domain: dl(t), token: mine.token, conversationId: other, webSocket: true });
    await library.waitForStatus(ConnectionStatus.FailedToConnect);
    // Nothing of theirs leaked into my view.
    expect(library.received).toEqual([]);
  });

  it('answers bad requests with clear Direct Line errors and loses nothing', async () => {
    const c = await started(t);
    const path = `/conversations/${c.conversationId}/activities`;
    expect(await api(t, 'GET', path)).toMatchObject({ status: 401, body: { error: { code: 'MissingToken' } } });
    expect(await api(t, 'GET', path, 'not-a-token')).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
    expect(await api(t, 'GET', `${path}?watermark=abc`, c.token)).toMatchObject({ status: 400, body: { error: { code: 'BadArgument' } } });
    expect(await api(t, 'POST', path, c.token, { type: 'message', text: 42 })).toMatchObject({ status: 400, body: { error: { code: 'BadArgument', message: expect.stringMatching(/text/) } } });
    expect(await api(t, 'POST', path, c.token, { type: 'invoke', name: 'x' })).toMatchObject({ status: 400 });
    expect(await api(t, 'POST', path, c.token, { type: 'message', text: 'file', attachments: [{ contentType: 'image/png', contentUrl: 'http://127.0.0.1:1/x.png' }] })).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/not accepted/) } } });
    expect(await api(t, 'POST', path, c.token, { type: 'message' })).toMatchObject({ status: 400 });
    expect(await api(t, 'POST', `/conversations/${c.conversationId}/upload`, c.token, {})).toMatchObject({ status: 400 });

    // A valid token for a conversation that was never started.
    const neverStarted = (await generateToken(t.baseUrl));
    expect(await api(t, 'GET', `/conversations/${neverStarted.conversationId}`, neverStarted.token)).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });
    expect(await api(t, 'POST', `/conversations/${neverStarted.conversationId}/activities`, neverStarted.token, { type: 'message', text: 'hi' })).toMatchObject({ status: 404 });

    // Nothing was added by the refused posts, and the conversation still works.
    const before = (await api(t, 'GET', path, c.token)).body.activities as unknown[];
    expect(before.every((a) => (a as { from: { role: string } }).from.role === 'bot')).toBe(true);
    expect((await api(t, 'POST', path, c.token, { type: 'message', text: 'still here' })).status).toBe(200);
  });

  it('starting twice with one token is the same conversation, greeted once', async () => {
    const { token, conversationId } = await generateToken(t.baseUrl);
    const [a, b] = await Promise.all([api(t, 'POST', '/conversations', token), api(t, 'POST', '/conversations', token)]);
    expect(a.body.conversationId).toBe(conversationId);
    expect(b.body.conversationId).toBe(conversationId);
    const log = (await api(t, 'GET', `/conversations/${conversationId}/activities`, token)).body as { activities: { text?: string }[] };
    const hellos = log.activities.filter((x) => x.text === log.activities[0].text);
    expect(hellos).toHaveLength(1);
  });

  it('keeps what people type out of the logs', async () => {
    const { token } = await generateToken(t.baseUrl);
    const c = client({ domain: dl(t), token, webSocket: true });
    await c.say('my name is Zebediah Quartermaine');
    expect(t.logs.text()).not.toContain('Zebediah');
    expect(t.logs.text()).toContain(c.conversationId!);
  });
});

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`stream answered ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('Direct Line across a server restart', () => {
  it('a streaming client reconnects by itself and carries on in the same conversation, history intact', async () => {
    const first = await startTestApp();
    const port = new URL(first.baseUrl).port;
    const { token } = await generateToken(first.baseUrl);
    const c = client({ domain: dl(first), token, webSocket: true });
    await c.say('before the restart');
    const seenBefore = c.received.length;
    await first.close({ keepData: true });

    const second = await startTestApp({ SIGNPOST_DATA_DIR: first.dataDir, PORT: port });
    try {
      // The library notices the closed stream, asks GET /conversations/{id}?watermark= and streams again.
      const { replies } = await c.say('after the restart');
      expect(replies.length).toBeGreaterThan(0);
      const texts = c.received.filter((a) => a.from?.role === 'user').map((a) => ('text' in a ? a.text : ''));
      expect(texts).toEqual(['before the restart', 'after the restart']);
      const marks = c.received.map((a) => watermarkOf(a.id));
      expect(marks).toEqual([...marks].sort((x, y) => x - y));
      expect(c.received.length).toBeGreaterThan(seenBefore);
    } finally {
      await second.close();
    }
  });
});

describe('Direct Line with a bot identity configured', () => {
  it('runs turns in process without asking Azure AD for anything', async () => {
    const t = await startTestApp({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-password' });
    try {
      const { token } = await generateToken(t.baseUrl);
      const c = client({ domain: dl(t), token, webSocket: true });
      const greeting = await c.waitFor((a) => a.from?.role === 'bot');
      expect(greeting.from.id).toBe('00000000-0000-0000-0000-000000000001');
      expect((await c.say('hello')).replies.length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});

describe('Direct Line under a flood', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Each message is stored a little slowly, as on a busy disk, so a flood outruns the turns whatever the machine's speed.
    t = await startTestApp({}, {
      wrapStores: (stores) => {
        const store = stores.directLine;
        const appendActivity = store.appendActivity.bind(store);
        store.appendActivity = async (conversationId, activity) => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return appendActivity(conversationId, activity);
        };
        return stores;
      },
    });
  });
  afterAll(async () => t.close());

  it('refuses a flood into one conversation with 429 (Retry-After) and keeps every message it accepted', async () => {
    const conversation = await started(t);
    const path = `/conversations/${conversation.conversationId}/activities`;
    const posts = await Promise.all(Array.from({ length: 40 }, (_, i) => api(t, 'POST', path, conversation.token, { type: 'message', text: `flood ${i}` })));
    const statuses = posts.map((p) => p.status);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const accepted = posts.filter((p) => p.status === 200).map((p) => p.body.id);
    const log = (await api(t, 'GET', `${path}?watermark=0`, conversation.token)).body as { activities: { id: string; from: { role: string } }[] };
    expect(log.activities.filter((a) => a.from.role === 'user').map((a) => a.id).sort()).toEqual([...accepted].sort());
    // Once the flood has drained, the conversation takes messages again.
    expect((await api(t, 'POST', path, conversation.token, { type: 'message', text: 'calmer now' })).status).toBe(200);
  });
});
