import fc from 'fast-check';
import { startTestApp, type TestApp } from '../helpers/testApp';

/**
 * 10 000 random and malformed payloads to /api/messages: never a 5xx caused by input, never a crash, and /healthz
 * still answers. serviceUrl is only ever loopback (port 1, where nothing listens) or garbage: the fuzzer never makes
 * the server post anywhere else.
 */
const RUNS = 10_000;

const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.constant('x'.repeat(10_000)));
const activityType = fc.oneof(fc.constantFrom('message', 'conversationUpdate', 'event', 'invoke', 'typing', 'endOfConversation', 'installationUpdate', 'messageReaction', 'handoff', ''), fc.string({ maxLength: 20 }));
const serviceUrl = fc.constantFrom('http://127.0.0.1:1', 'http://localhost:1/', 'not a url', '', 'ftp://127.0.0.1/');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(undefined), fc.anything({ maxDepth: 2 }));

const activity = fc.record({
  type: maybe(activityType),
  text: maybe(anyText),
  id: maybe(fc.string({ maxLength: 40 })),
  channelId: maybe(fc.constantFrom('emulator', 'webchat', 'directline', 'sms', 'msteams', '')),
  serviceUrl: maybe(serviceUrl),
  deliveryMode: fc.oneof(fc.constant('expectReplies'), fc.constant('expectReplies'), maybe(fc.constantFrom('normal', 'notification', 'bogus'))),
  conversation: maybe(fc.record({ id: maybe(fc.string({ maxLength: 60 })) })),
  from: maybe(fc.record({ id: maybe(fc.string({ maxLength: 60 })), role: maybe(fc.constantFrom('user', 'bot')) })),
  recipient: maybe(fc.record({ id: maybe(fc.string({ maxLength: 60 })) })),
  membersAdded: maybe(fc.array(fc.record({ id: maybe(fc.string({ maxLength: 20 })) }), { maxLength: 3 })),
  attachments: maybe(fc.array(fc.record({ contentType: maybe(fc.string({ maxLength: 30 })), contentUrl: maybe(fc.constant('http://127.0.0.1:1/x')) }), { maxLength: 3 })),
  value: fc.anything({ maxDepth: 3 }),
  channelData: fc.anything({ maxDepth: 3 }),
  name: maybe(fc.string({ maxLength: 30 })),
  locale: maybe(fc.string({ maxLength: 10 })),
}, { requiredKeys: [] });

const body = fc.oneof(
  { weight: 6, arbitrary: activity.map((a) => JSON.stringify(a)) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 500 }) },
  { weight: 1, arbitrary: activity.map((a) => JSON.stringify(a).slice(0, -3)) },
);
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream');

describe('fuzzing /api/messages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'fatal' });
  });
  afterAll(async () => t.close());

  it(`answers ${RUNS} random and malformed payloads without a 5xx, and stays healthy`, async () => {
    const serverErrors: { status: number; body: string }[] = [];
    await fc.assert(
      fc.asyncProperty(body, contentType, async (payload, type) => {
        const res = await fetch(`${t.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': type }, body: payload });
        const text = await res.text();
        if (res.status >= 500) serverErrors.push({ status: res.status, body: payload.slice(0, 300) });
        return res.status < 500 && !/at .+\.(js|ts):\d+/.test(text);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(serverErrors).toEqual([]);
    const health = await fetch(`${t.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  }, 600_000);
});
