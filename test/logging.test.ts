/**
 * The logger's redaction: every field named in REDACTED_FIELDS, at the top or one or two levels down, is censored,
 * exactly as pino's own `redact` option with the paths f, *.f and *.*.f censored it (the logger used that before; it
 * cost a quarter of each log line), and errors keep their type, message and stack.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { CENSOR, createLogger, redact, REDACTED_FIELDS } from '../src/logging';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const withoutTime = ({ time: _time, pid: _pid, hostname: _host, ...rest }: Record<string, unknown>) => rest;

const CASES: Record<string, unknown>[] = [
  { channel: 'sms', conversation: 'c1', ms: 3 },
  { text: 'I feel low', phone: '07700900123' },
  { activity: { text: 'hello', from: { id: 'u1', name: 'Sam' } }, channel: 'web' },
  { deep: { a: { postcode: 'BS16 1QY', b: { email: 'too deep to reach' } } } },
  { list: [{ email: 'a@example.org' }, { ok: 1 }], value: 42 },
  { nothing: null, when: new Date('2025-01-01T00:00:00Z'), Body: 'hi', From: '+447700900123', To: '+447700900000' },
  { transcript: [{ text: 'x' }], whatMatters: 'family', dateOfBirth: '1961-03-12', address: 'x', preferredName: 'S' },
  { headers: { authorization: 'Bearer x', cookie: 'a=b' }, token: 't', secret: 's', password: 'p', body: { name: 'n' } },
];

describe('logging', () => {
  it('censors the same fields as pino redact with the paths f, *.f and *.*.f', () => {
    const ours = capture();
    const theirs = capture();
    const logger = createLogger('info', ours.stream);
    const paths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);
    const reference = pino({ level: 'info', base: { service: 'signpost' }, redact: { paths, censor: CENSOR } }, theirs.stream);
    for (const c of CASES) {
      logger.info(c, 'event');
      reference.info(c, 'event');
    }
    expect(ours.lines().map(withoutTime)).toEqual(theirs.lines().map(withoutTime));
    // And the cases do hit the censor at every depth, and leave the rest.
    const [plain, top, one, two] = ours.lines();
    expect(plain).toMatchObject({ channel: 'sms', conversation: 'c1', ms: 3 });
    expect(top).toMatchObject({ text: CENSOR, phone: CENSOR });
    expect(one).toMatchObject({ activity: { text: CENSOR, from: { id: 'u1', name: CENSOR } } });
    expect(two).toMatchObject({ deep: { a: { postcode: CENSOR, b: { email: 'too deep to reach' } } } });
  });

  it('leaves what it logs untouched, and copies nothing when there is nothing to censor', () => {
    const clean = { channel: 'sms', nested: { id: 1 } };
    expect(redact(clean)).toBe(clean);
    const personal = { activity: { text: 'hello' } };
    expect(redact(personal)).toEqual({ activity: { text: CENSOR } });
    expect(personal.activity.text).toBe('hello');
  });

  it('logs errors by type, message and stack', () => {
    const out = capture();
    createLogger('info', out.stream).error({ err: new TypeError('bad thing'), conversation: 'c1' }, 'failed');
    const [line] = out.lines();
    expect(line.err).toMatchObject({ type: 'TypeError', message: 'bad thing' });
    expect(String((line.err as { stack: string }).stack)).toContain('bad thing');
  });

  it('censors child logger bindings too', () => {
    const out = capture();
    const child = createLogger('info', out.stream).child({ phone: '07700900123', conversation: 'c1' });
    child.info('x');
    child.child({ email: 'a@example.org' }).info('y');
    expect(out.lines()[0]).toMatchObject({ phone: CENSOR, conversation: 'c1' });
    expect(out.lines()[1]).toMatchObject({ phone: CENSOR, email: CENSOR });
  });
});
