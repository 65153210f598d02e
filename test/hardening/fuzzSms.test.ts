/**
 * 10 000 random and malformed, but validly signed, Twilio webhook requests to /api/sms (and its status route): odd
 * unicode, huge fields, missing and repeated fields, junk NumMedia and media, wrong content types, raw bytes. Each is
 * signed exactly as Twilio signs (the real twilio library, PUBLIC_URL + path + every posted field), so every one gets
 * past the signature check and reaches the parsing and the bot. Never a 5xx, never a 403 (they are all signed), never
 * a crash or an error logged because of what was sent; /healthz answers and a plain text still gets its reply after.
 * The server runs in its own process (a crash is the process dying) in the local simulator mode (texts stay in the
 * outbox); after the run it must shut down cleanly and leave a store that opens, holding the texts it wrote.
 */
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { smsConversationId } from '../../src/channels/sms/identity';
import { SIMULATOR_NUMBER } from '../../src/channels/sms/mode';
import { simulatorAuthToken } from '../../src/channels/sms/signature';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import { tempDataDir } from '../helpers/tempDir';
import { checkBatches, closeConnections, FUZZ_RUNS, hugeText, oddText, send, STACK_TRACE } from './fuzzKit';
import { errorLines, startServerProcess, type ServerProcess } from './serverProcess';

const PUBLIC_URL = 'https://signpost.example.org';
const FORM = 'application/x-www-form-urlencoded';
/** A few dozen numbers text again and again, so conversations get deep into the dialogs with odd replies. */
const NUMBERS = Array.from({ length: 40 }, (_, i) => `+447700900${String(100 + i)}`);
/** MessageSids that repeat (Twilio retrying a webhook). */
const REPEATED_SIDS = ['SM00000000000000000000000000000001', 'SM0000000000000000000000000000000a', 'SMffffffffffffffffffffffffffffffff'];

type Pair = [string, string];

interface SmsRequest {
  method: 'POST' | 'GET';
  path: string;
  contentType?: string;
  body: string | Uint8Array;
  /** What the server will read as posted fields (the signature covers exactly these). */
  signedFields: Record<string, string | string[]>;
}

const hex32 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('hex'));
const messageSid = fc.oneof(
  { weight: 8, arbitrary: hex32.map((h) => `SM${h}`) },
  { weight: 1, arbitrary: fc.constantFrom(...REPEATED_SIDS) },
  { weight: 1, arbitrary: fc.oneof(oddText, hex32.map((h) => `MM${h}`), hex32.map((h) => `SM${h}0`), fc.constant('')) },
);
const from = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: fc.stringMatching(/^\+[1-9]\d{6,14}$/) },
  { weight: 1, arbitrary: fc.constantFrom(SIMULATOR_NUMBER, '07700900123', '+44 7700 900123', '+0123456789', '+', '+4477009001231234567', 'anonymous') },
  { weight: 1, arbitrary: oddText },
);
const answers = fc.constantFrom(
  'hi', 'Hello', 'refer myself', '1', '2', '3', '9', '0', 'yes', 'no', 'skip', 'not sure', 'back', 'start over', 'help', 'HELP', 'STOP', 'stop',
  'START', 'UNSTOP', 'info', 'talk to a person', 'delete my data', 'Sam', '12/03/1961', '31 February 2020', 'BS16 1QY', 'bs161qy', '07700 900123',
  'sam@example.org', 'I am lonely and skint', 'I want to end it all', 'change postcode', '7', '10', '11', '-3', '1.', '2)',
);
const body = fc.oneof({ weight: 6, arbitrary: answers }, { weight: 5, arbitrary: oddText }, { weight: 1, arbitrary: hugeText });
const numMedia = fc.constantFrom('0', '1', '3', '10', '11', '-1', '1e9', 'abc', '99999999999999999999', '', ' 2', 'NaN', '0x10', '٣');
const anyKey = fc.oneof(
  fc.constantFrom('Body', 'From', 'To', 'MessageSid', 'SmsSid', 'NumMedia', 'NumSegments', 'MediaUrl0', 'MediaContentType0', 'MediaUrl9', 'MediaUrl10', '__proto__', 'constructor', 'a[b][c]', 'x[]', 'ErrorCode'),
  fc.string({ maxLength: 12 }),
);

/** The fields of one webhook post, Twilio's usual ones around random and malformed values. */
const fields: fc.Arbitrary<Pair[]> = fc
  .record({
    sid: messageSid,
    from,
    to: fc.oneof({ weight: 8, arbitrary: fc.constant(SIMULATOR_NUMBER) }, { weight: 1, arbitrary: fc.constantFrom('+447700900999', '') }, { weight: 1, arbitrary: oddText }),
    body,
    numMedia,
    media: fc.array(fc.tuple(fc.oneof(fc.constant('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1'), oddText), fc.constantFrom('image/jpeg', 'text/vcard', '', 'x/"y"')), { maxLength: 3 }),
    numSegments: fc.constantFrom('1', '2', '0', '-5', 'x', '1e400'),
    drop: fc.subarray(['Body', 'From', 'To', 'MessageSid', 'SmsSid', 'NumMedia', 'AccountSid'], { maxLength: 3 }),
    extra: fc.array(fc.tuple(anyKey, oddText), { maxLength: 4 }),
  })
  .map(({ sid, from, to, body, numMedia, media, numSegments, drop, extra }) => {
    const pairs: Pair[] = [
      ['ToCountry', 'GB'], ['SmsMessageSid', sid], ['NumMedia', numMedia], ['SmsSid', sid], ['SmsStatus', 'received'], ['Body', body],
      ['FromCountry', 'GB'], ['To', to], ['NumSegments', numSegments], ['MessageSid', sid], ['AccountSid', 'AC00000000000000000000000000000001'],
      ['From', from], ['ApiVersion', '2010-04-01'],
      ...media.flatMap(([url, type], i): Pair[] => [[`MediaUrl${i}`, url], [`MediaContentType${i}`, type]]),
    ];
    return [...pairs.filter(([key]) => !drop.includes(key)), ...extra];
  });

/** The fields a form body carries, as the server reads them (repeated names become arrays). */
function fieldsOf(encoded: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(encoded)) {
    const seen = out[key];
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

/** A query value encoded as a client would (lone surrogates become U+FFFD, where encodeURIComponent would throw). */
const queryValue = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

const isForm = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase() === FORM;

const formRequest = fc
  .record({
    pairs: fields,
    contentType: fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(FORM, `${FORM}; charset=UTF-8`) },
      { weight: 1, arbitrary: fc.constantFrom(`${FORM}; charset=iso-8859-1`, 'APPLICATION/X-WWW-FORM-URLENCODED', 'application/json', 'text/plain', 'text/csv', 'text/tsv', 'multipart/form-data; boundary=x', 'application/xml', 'application/octet-stream') },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
    query: fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('?a=1', '?a=1&a=2', '?x=%F0%9F%98%80', '?%E0%A4%A', '?Body=from-query') }),
    encoding: fc.oneof({ weight: 8, arbitrary: fc.constant('form' as const) }, { weight: 1, arbitrary: fc.constantFrom('json' as const, 'garbled' as const, 'bytes' as const) }),
  })
  .chain(({ pairs, contentType, query, encoding }) =>
    fc.uint8Array({ maxLength: 200 }).map((bytes): SmsRequest => {
      let body: string | Uint8Array;
      if (encoding === 'json') body = JSON.stringify(Object.fromEntries(pairs));
      else if (encoding === 'garbled') body = `${new URLSearchParams(pairs).toString()}&%%%&==&a=%E0%A4%A&b=%ZZ&&c`;
      else if (encoding === 'bytes') body = Buffer.concat([Buffer.from(new URLSearchParams(pairs).toString()), Buffer.from('&junk='), Buffer.from(bytes)]);
      else body = new URLSearchParams(pairs).toString();
      const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
      return { method: 'POST', path: `/api/sms${query}`, contentType, body, signedFields: isForm(contentType) ? fieldsOf(text) : {} };
    }),
  );

const statusRequest = fc
  .record({
    id: fc.oneof(fc.uuid().map(String), oddText, fc.constant('')),
    status: fc.oneof(fc.constantFrom('queued', 'sent', 'delivered', 'undelivered', 'failed', 'read'), oddText),
    errorCode: fc.oneof(fc.constant(undefined), fc.constantFrom('30003', '', 'x'.repeat(500))),
  })
  .map(({ id, status, errorCode }): SmsRequest => {
    const pairs: Pair[] = [['MessageSid', 'SM00000000000000000000000000000002'], ['MessageStatus', status], ...(errorCode === undefined ? [] : ([['ErrorCode', errorCode]] as Pair[]))];
    const body = new URLSearchParams(pairs).toString();
    return { method: 'POST', path: `/api/sms/status?id=${queryValue(id)}`, contentType: FORM, body, signedFields: fieldsOf(body) };
  });

const repliesRequest = fc.oneof(oddText, fc.constantFrom(...REPEATED_SIDS)).map((sid): SmsRequest => ({ method: 'GET', path: `/api/sms/simulator/replies?sid=${queryValue(sid)}`, body: '', signedFields: {} }));

const smsRequest = fc.oneof({ weight: 18, arbitrary: formRequest }, { weight: 1, arbitrary: statusRequest }, { weight: 1, arbitrary: repliesRequest });

const SECRET = 'fuzz-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const AUTH_TOKEN = simulatorAuthToken(SECRET);

function signedSend(baseUrl: string, request: SmsRequest) {
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${request.path}`, request.signedFields);
  const headers: Record<string, string> = { 'x-twilio-signature': signature };
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  return send(`${baseUrl}${request.path}`, { method: request.method, headers, body: request.method === 'GET' ? undefined : request.body });
}

describe('fuzzing /api/sms with validly signed requests', () => {
  let dataDir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dataDir = tempDataDir('signpost-fuzz-sms-');
    // The real server in its own process (a crash shows as it dying), in the local SMS simulator mode. Limits raised
    // so the same numbers go deep into the dialogs; error-level logging only, as that is what is checked.
    server = await startServerProcess({
      SIGNPOST_DATA_DIR: dataDir, SIGNPOST_SECRET: SECRET, PUBLIC_URL, LOG_LEVEL: 'error', SMS_MAX_PER_NUMBER_PER_HOUR: '100000', SMS_MAX_PER_MINUTE: '100000',
    });
  });
  afterAll(async () => {
    closeConnections();
    await server?.kill9();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`answers ${FUZZ_RUNS} signed random and malformed webhooks without a 5xx or a crash, and stays healthy`, async () => {
    const statuses = new Map<number, number>();
    await checkBatches(smsRequest, async (request) => {
      const { status, text } = await signedSend(server.baseUrl, request);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      // 403 would mean a signed request was refused: the server and Twilio disagree on what was signed.
      if (status >= 500 || status === 403 || STACK_TRACE.test(text)) return `${status} ${text.slice(0, 200)}`;
      if (!server.alive()) return `the server died: ${server.stderr().slice(-2000)}`;
      return undefined;
    });
    expect(server.alive()).toBe(true);
    expect(errorLines(server)).toEqual([]);
    // The run reached the bot, not just the parser.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(FUZZ_RUNS * 0.3);

    expect((await send(`${server.baseUrl}/healthz`)).status).toBe(200);
    // It still holds a conversation: a new number texting "hi" is welcomed.
    const newcomer = '+447700900999';
    const sid = `SM${'e'.repeat(32)}`;
    const fields = { MessageSid: sid, From: newcomer, To: SIMULATOR_NUMBER, Body: 'hi' };
    expect(await signedSend(server.baseUrl, { method: 'POST', path: '/api/sms', contentType: FORM, body: new URLSearchParams(fields).toString(), signedFields: fields })).toMatchObject({ status: 200, text: '<Response/>' });
    const replies = await signedSend(server.baseUrl, { method: 'GET', path: `/api/sms/simulator/replies?sid=${sid}`, body: '', signedFields: {} });
    expect(JSON.parse(replies.text).replies.length).toBeGreaterThan(0);

    // It shuts down cleanly, and the store it leaves opens, with the texts the bot wrote to the numbers.
    expect(await server.stop()).toBe(0);
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    try {
      let texted = 0;
      for (const number of NUMBERS) texted += (await stores.smsOutbox.listByConversation(smsConversationId(SECRET, number), 10_000)).length;
      expect(texted).toBeGreaterThan(FUZZ_RUNS * 0.2);
    } finally {
      await stores.close();
    }
  }, 300_000);
});
