/**
 * 10 000 random and malformed requests to Signpost's own Direct Line at /v3/directline: token generate and refresh,
 * conversations, reconnects and activity pages with odd watermarks, activities with random JSON bodies, uploads, and
 * WebSocket stream upgrades; good tokens, expired ones, tokens for another conversation or of the wrong kind, tampered
 * and junk ones. The server runs in its own process: never a 5xx, never a crash or an error logged because of what
 * was sent; afterwards /healthz answers, every conversation's log is still in watermark order with no gaps, and a new
 * web chat still gets its replies.
 */
import { rmSync } from 'node:fs';
import { request } from 'node:http';
import fc from 'fast-check';
import { DirectLineTokens } from '../../src/channels/directline/tokens';
import { tempDataDir } from '../helpers/tempDir';
import { checkBatches, closeConnections, FUZZ_RUNS, hugeText, oddText, send, STACK_TRACE, type Answer } from './fuzzKit';
import { errorLines, startServerProcess, type ServerProcess } from './serverProcess';

const SECRET = 'fuzz-directline-secret-0123456789-abcdefghijklmnop';
const DL = '/v3/directline';
const POOL_SIZE = 20;

interface Conversation {
  id: string;
  token: string;
  userId: string;
}

interface DlRequest {
  method: string;
  path: string;
  /** The conversation in the path, if any (its token is the right one). */
  conversation?: number;
  /** Which token to send: the right one, one of the pool's (usually another conversation's), a bad one, or none. */
  auth: { kind: 'own' } | { kind: 'pool'; index: number } | { kind: 'bad'; token: string } | { kind: 'none' } | { kind: 'header'; value: string };
  contentType?: string;
  body?: string;
  /** A WebSocket upgrade rather than a plain request. */
  upgrade?: boolean;
}

const pool: Conversation[] = [];
/** Stream tokens (what a streamUrl carries) for the pool's conversations, by the same index. */
const streamTokens: string[] = [];
const minted: { expired: string[]; otherKind: string[]; foreign: string[] } = { expired: [], otherKind: [], foreign: [] };

const conversationRef = fc.oneof(
  { weight: 6, arbitrary: fc.nat(POOL_SIZE - 1).map((i) => ({ pool: i })) },
  { weight: 1, arbitrary: fc.oneof(oddText, fc.constantFrom('%E0%A4%A', '%', '..', '%2F', 'a%00b', 'x'.repeat(3000))).map((raw) => ({ raw })) },
);
const watermark = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('', '?watermark=0', '?watermark=1', '?watermark=3') },
  { weight: 2, arbitrary: fc.constantFrom('?watermark=-', '?watermark=', '?watermark=-1', '?watermark=1e3', '?watermark=99999999999999', '?watermark=abc', '?watermark=1&watermark=2', '?watermark=%00', '?watermark=0x10', '?watermark=١') },
  { weight: 1, arbitrary: oddText.map((w) => `?watermark=${queryValue(w)}`) },
);
const auth: fc.Arbitrary<DlRequest['auth']> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'own' as const }) },
  { weight: 1, arbitrary: fc.nat(POOL_SIZE - 1).map((index) => ({ kind: 'pool' as const, index })) },
  { weight: 1, arbitrary: fc.constantFrom('expired', 'otherKind', 'foreign').chain((k) => fc.nat(4).map((i) => ({ kind: 'bad' as const, token: minted[k as keyof typeof minted][i] }))) },
  { weight: 1, arbitrary: fc.oneof(oddText, fc.constantFrom('a.b', 'a.b.c', '.', 'eyJ2IjoxfQ.x', 'x'.repeat(5000))).map((token) => ({ kind: 'bad' as const, token })) },
  { weight: 1, arbitrary: fc.oneof(fc.constant({ kind: 'none' as const }), fc.constantFrom('Basic abc', 'Bearer', 'Bearer  ', 'bearer x y', '').map((value) => ({ kind: 'header' as const, value }))) },
);

const anyJson = fc.jsonValue({ maxDepth: 3 });
/** Usually a value of the right shape, now and then anything at all. */
const mostly = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> => fc.oneof({ weight: 15, arbitrary: valid }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) });
const activity = fc.record(
  {
    type: fc.oneof({ weight: 12, arbitrary: fc.constant('message') }, { weight: 2, arbitrary: fc.constantFrom('event', 'typing', 'conversationUpdate', 'invoke', '', 'MESSAGE') }, { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) }),
    text: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('hi', 'refer myself', 'yes', 'no', '1', 'skip', 'help', 'back', 'stop', 'start over', 'talk to a person', 'Sam', 'BS16 1QY', 'I feel hopeless') }, { weight: 5, arbitrary: oddText }, { weight: 1, arbitrary: hugeText }, { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) }),
    value: anyJson,
    name: mostly(fc.string({ maxLength: 20 })),
    from: mostly(fc.record({ id: fc.string({ maxLength: 20 }), name: oddText, role: fc.constantFrom('user', 'bot', 'channel') }, { requiredKeys: [] })),
    channelData: fc.oneof(fc.record({ clientActivityID: fc.string({ maxLength: 30 }) }), anyJson),
    locale: mostly(fc.oneof(fc.constantFrom('en-GB', 'cy', '', 'x'.repeat(100)), oddText)),
    attachments: fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.record({ contentType: fc.string({ maxLength: 20 }), contentUrl: fc.string({ maxLength: 20 }) }), { maxLength: 2 }) }, { weight: 1, arbitrary: anyJson }),
    entities: mostly(fc.array(fc.record({ type: fc.string({ maxLength: 10 }) }), { maxLength: 2 })),
    textFormat: mostly(fc.constantFrom('plain', 'markdown', 'xml')),
    localTimestamp: mostly(fc.constant('2026-01-01T00:00:00+01:00')),
    replyToId: mostly(fc.string({ maxLength: 20 })),
    suggestedActions: anyJson,
  },
  { requiredKeys: ['type'] },
);
const activityBody = fc.oneof(
  { weight: 8, arbitrary: activity.map((a) => JSON.stringify(a)) },
  { weight: 1, arbitrary: anyJson.map((j) => JSON.stringify(j)) },
  { weight: 1, arbitrary: fc.oneof(oddText, activity.map((a) => JSON.stringify(a).slice(0, -2)), fc.constant('{"type":"message","text":"' + 'z'.repeat(300_000) + '"}')) },
);
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'text/csv', 'multipart/form-data; boundary=x', 'application/vnd.api+json') },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

type ConversationRef = { pool: number } | { raw: string };

/** A request about one conversation: its path, and which conversation's token is the right one. */
const about = (ref: ConversationRef, rest = ''): Pick<DlRequest, 'path' | 'conversation'> => ({
  path: `${DL}/conversations/${'pool' in ref ? encodeURIComponent(pool[ref.pool].id) : rawSegment(ref.raw)}${rest}`,
  conversation: 'pool' in ref ? ref.pool : undefined,
});

/** A segment as a fuzzing client might send it: usually encoded, sometimes raw percent junk left as it is. */
function rawSegment(raw: string): string {
  return /^[%.\w]*$/.test(raw) ? raw : queryValue(raw);
}

/** A value encoded as a client would (lone surrogates become U+FFFD, where encodeURIComponent would throw). */
function queryValue(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

const dlRequest: fc.Arbitrary<DlRequest> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ auth, body: fc.option(activityBody, { nil: undefined }), contentType }).map((r) => ({ ...r, method: 'POST', path: `${DL}/tokens/generate` })) },
  { weight: 2, arbitrary: fc.record({ auth, contentType }).map((r) => ({ ...r, method: 'POST', path: `${DL}/tokens/refresh` })) },
  { weight: 2, arbitrary: fc.record({ auth, body: fc.oneof(fc.record({ locale: fc.oneof(oddText, anyJson) }).map((b) => JSON.stringify(b)), activityBody), contentType }).map((r) => ({ ...r, method: 'POST', path: `${DL}/conversations` })) },
  { weight: 2, arbitrary: fc.record({ auth, ref: conversationRef, watermark }).map(({ auth, ref, watermark }) => ({ auth, method: 'GET', ...about(ref, watermark) })) },
  { weight: 3, arbitrary: fc.record({ auth, ref: conversationRef, watermark }).map(({ auth, ref, watermark }) => ({ auth, method: 'GET', ...about(ref, `/activities${watermark}`) })) },
  { weight: 10, arbitrary: fc.record({ auth, ref: conversationRef, body: activityBody, contentType }).map(({ auth, ref, body, contentType }) => ({ auth, method: 'POST', ...about(ref, '/activities'), body, contentType })) },
  { weight: 1, arbitrary: fc.record({ auth, ref: conversationRef, body: fc.string({ maxLength: 100 }), contentType }).map(({ auth, ref, body, contentType }) => ({ auth, method: 'POST', ...about(ref, '/upload?userId=x'), body, contentType })) },
  { weight: 1, arbitrary: fc.record({ auth, ref: conversationRef, method: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') }).map(({ auth, ref, method }) => ({ auth, method, ...about(ref, '/activities') })) },
  { weight: 2, arbitrary: fc.record({ auth, ref: conversationRef, watermark }).map(({ auth, ref, watermark }) => ({ auth, method: 'GET', ...about(ref, `/stream${watermark}`), upgrade: true })) },
);

function tokenOf(request: DlRequest, streamTokens: string[]): string | undefined {
  if (request.auth.kind === 'own') return request.conversation === undefined ? pool[0].token : (request.upgrade ? streamTokens : pool.map((c) => c.token))[request.conversation];
  if (request.auth.kind === 'pool') return pool[request.auth.index].token;
  if (request.auth.kind === 'bad') return request.auth.token;
  return undefined;
}

/** What a header can carry at all (bytes, not characters): anything else becomes "?". */
function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

/** A WebSocket upgrade by hand: the stream token goes in the query (t=), as streamUrls carry it. */
function upgrade(baseUrl: string, path: string, token: string | undefined): Promise<Answer> {
  const separator = path.includes('?') ? '&' : '?';
  const url = `${baseUrl}${path}${token === undefined ? '' : `${separator}t=${queryValue(token)}`}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, headers: res.headers, text: '' });
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function startConversation(baseUrl: string): Promise<Conversation> {
  const generated = JSON.parse((await send(`${baseUrl}${DL}/tokens/generate`, { method: 'POST' })).text) as { token: string };
  const started = await send(`${baseUrl}${DL}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}`, 'content-type': 'application/json' }, body: '{"locale":"en-GB"}' });
  const body = JSON.parse(started.text) as { conversationId: string; token: string };
  const claims = new DirectLineTokens(SECRET).verify(body.token, 'conversation');
  if (!claims.ok) throw new Error('the server gave a token this test cannot read');
  return { id: body.conversationId, token: body.token, userId: claims.claims.userId };
}

interface LoggedActivity {
  id?: string;
  type?: string;
  text?: string;
  from?: { role?: string };
  replyToId?: string;
}

async function activitiesOf(baseUrl: string, conversation: Conversation): Promise<LoggedActivity[]> {
  const all: LoggedActivity[] = [];
  for (let watermark = '0'; ;) {
    const page = JSON.parse((await send(`${baseUrl}${DL}/conversations/${encodeURIComponent(conversation.id)}/activities?watermark=${watermark}`, { headers: { authorization: `Bearer ${conversation.token}` } })).text) as { activities: LoggedActivity[]; watermark: string };
    all.push(...page.activities);
    if (page.activities.length === 0) return all;
    watermark = page.watermark;
  }
}

describe('fuzzing Signpost\'s Direct Line', () => {
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = tempDataDir('signpost-fuzz-dl-');
    // Every request comes from one address here: the per-address limit on new chats is raised out of the way.
    server = await startServerProcess({ SIGNPOST_DATA_DIR: dataDir, SIGNPOST_SECRET: SECRET, LOG_LEVEL: 'error', WEBCHAT_TOKENS_PER_ADDRESS: '100000' });
    for (let i = 0; i < POOL_SIZE; i += 1) pool.push(await startConversation(server.baseUrl));
    const past = new DirectLineTokens(SECRET, () => Date.now() - 2 * 60 * 60 * 1000);
    const now = new DirectLineTokens(SECRET);
    for (let i = 0; i < 5; i += 1) {
      minted.expired.push(past.issue('conversation', pool[i].id, pool[i].userId).token);
      minted.otherKind.push(now.issue('stream', pool[i].id, pool[i].userId).token);
      minted.foreign.push(now.issue('conversation', `someone-else-${i}`, 'dl_x').token);
    }
    for (const conversation of pool) streamTokens.push(now.issue('stream', conversation.id, conversation.userId).token);
  });
  afterAll(async () => {
    closeConnections();
    await server?.kill9();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`answers ${FUZZ_RUNS} random and malformed requests without a 5xx or a crash, keeps every conversation in order, and stays healthy`, async () => {
    const statuses = new Map<number, number>();
    const acknowledged: { conversation: number; id: string }[] = [];
    await checkBatches(dlRequest, async (r) => {
      const token = tokenOf(r, streamTokens);
      let answer: Answer;
      if (r.upgrade) {
        answer = await upgrade(server.baseUrl, r.path, token);
      } else {
        const headers: Record<string, string> = {};
        if (r.auth.kind === 'header') headers.authorization = headerSafe(r.auth.value);
        else if (token !== undefined) headers.authorization = headerSafe(`Bearer ${token}`);
        if (r.contentType !== undefined) headers['content-type'] = r.contentType;
        answer = await send(`${server.baseUrl}${r.path}`, { method: r.method, headers, body: r.body });
      }
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (r.method === 'POST' && r.path.endsWith('/activities') && answer.status === 200 && r.conversation !== undefined) {
        const { id } = JSON.parse(answer.text) as { id: string };
        if (id) acknowledged.push({ conversation: r.conversation, id });
      }
      if (answer.status >= 500 || STACK_TRACE.test(answer.text)) return `${answer.status} ${answer.text.slice(0, 200)}`;
      if (!server.alive()) return `the server died: ${server.stderr().slice(-2000)}`;
      return undefined;
    });
    expect(server.alive()).toBe(true);
    expect(errorLines(server)).toEqual([]);
    // The run got past the tokens (many requests were answered 200) and bad tokens were refused.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(FUZZ_RUNS * 0.25);
    expect(statuses.get(403) ?? 0).toBeGreaterThan(0);
    expect((await send(`${server.baseUrl}/healthz`)).status).toBe(200);

    // Every conversation's log is whole: watermarks 1, 2, 3... with no gap or repeat, each reply after its message,
    // and every activity the server acknowledged is in it.
    expect(acknowledged.length).toBeGreaterThan(FUZZ_RUNS * 0.05);
    for (const [index, conversation] of pool.entries()) {
      const log = await activitiesOf(server.baseUrl, conversation);
      const watermarks = log.map((a) => Number(String(a.id).split('|')[1]));
      expect(watermarks).toEqual(watermarks.map((_, i) => i + 1));
      const positions = new Map(log.map((a, i) => [a.id, i]));
      for (const [i, a] of log.entries()) if (a.replyToId && positions.has(a.replyToId)) expect(positions.get(a.replyToId)!).toBeLessThan(i);
      const ids = new Set(log.map((a) => a.id));
      expect(acknowledged.filter((a) => a.conversation === index && !ids.has(a.id))).toEqual([]);
    }

    // A new web chat still works: it is greeted, and a message gets its reply.
    const fresh = await startConversation(server.baseUrl);
    const posted = await send(`${server.baseUrl}${DL}/conversations/${fresh.id}/activities`, { method: 'POST', headers: { authorization: `Bearer ${fresh.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'hello' }) });
    expect(posted.status).toBe(200);
    const { id } = JSON.parse(posted.text) as { id: string };
    const log = await activitiesOf(server.baseUrl, fresh);
    expect(log.some((a) => a.from?.role === 'bot' && a.type === 'message' && a.replyToId === id)).toBe(true);
  }, 300_000);
});
