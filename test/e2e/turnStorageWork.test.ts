/**
 * What a turn asks of the embedded store (issue 22, turn CPU), on the real app and SQLite store: the whole
 * self-referral the `turn` bench walks over /api/messages, and a self-referral by text through the real twilio client
 * and the fake Twilio, counting per turn the SQL statements prepared (SQLite parses and plans each one: a turn's
 * statements are prepared once and kept, never per turn) and the statements run (writes, and the BEGIN and COMMIT of
 * transactions). Counted by wrapping better-sqlite3's own methods, so every store is seen, whichever module calls it.
 */
import BetterSqlite3 from 'better-sqlite3';
import { REFERRAL_SCRIPT } from '../../bench/turn';
import { ExpectRepliesClient } from '../helpers/botClient';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { startSmsHarness, type SmsHarness } from '../channels/sms/smsHarness';
import { SMS_REFERRAL_STEPS } from '../channels/sms/smsScript';

jest.setTimeout(60_000);

interface Work {
  prepared: string[];
  /** The statements run (writes, and BEGIN and COMMIT of transactions), by their SQL. */
  run: string[];
  /** The length of each conversation-state JSON written. */
  stateWritten: number[];
  /** The directory services' JSON documents read (their ids), by any statement. */
  servicesRead: string[];
  /** The statements run that read the handoff queue. */
  handoffReads: string[];
}

const short = (sql: string): string => sql.replace(/\s+/g, ' ').slice(0, 60);

/** Counts what every connection prepares and runs into the Work it returns, until restored. */
function countStorageWork(): { work: Work; restore: () => void } {
  const work: Work = { prepared: [], run: [], stateWritten: [], servicesRead: [], handoffReads: [] };
  const proto = BetterSqlite3.prototype as unknown as { prepare: (this: BetterSqlite3.Database, sql: string) => BetterSqlite3.Statement };
  const prepare = proto.prepare;
  proto.prepare = function (this: BetterSqlite3.Database, sql: string) {
    work.prepared.push(short(sql));
    return prepare.call(this, sql);
  };
  const scratch = new BetterSqlite3(':memory:');
  const statement = Object.getPrototypeOf(prepare.call(scratch, 'SELECT 1')) as {
    run: (this: { source: string }, ...args: unknown[]) => unknown;
    all: (this: { source: string }, ...args: unknown[]) => unknown[];
    get: (this: { source: string }, ...args: unknown[]) => unknown;
  };
  scratch.close();
  const run = statement.run;
  const all = statement.all;
  const get = statement.get;
  const readsHandoffs = (sql: string): boolean => /\bFROM handoffs\b/.test(sql);
  statement.get = function (this: { source: string }, ...args: unknown[]) {
    if (readsHandoffs(this.source)) work.handoffReads.push(short(this.source));
    return get.apply(this, args);
  };
  statement.all = function (this: { source: string }, ...args: unknown[]) {
    if (readsHandoffs(this.source)) work.handoffReads.push(short(this.source));
    const rows = all.apply(this, args);
    if (/\bFROM directory_services\b/.test(this.source)) {
      for (const row of rows as { id?: string; doc?: string }[]) if (typeof row.doc === 'string') work.servicesRead.push(String(row.id));
    }
    return rows;
  };
  statement.run = function (this: { source: string }, ...args: unknown[]) {
    work.run.push(short(this.source));
    if (this.source.startsWith('INSERT INTO bot_state ') && typeof args[2] === 'string' && String(args[0]).includes('/conversations/')) work.stateWritten.push(args[2].length);
    return run.apply(this, args);
  };
  return {
    work,
    restore: () => {
      proto.prepare = prepare;
      statement.run = run;
      statement.all = all;
      statement.get = get;
    },
  };
}

/** Each turn's work: the turn is `send`, awaited. */
async function perTurn(work: Work, turns: string[], send: (text: string) => Promise<unknown>): Promise<(Work & { turn: string })[]> {
  const done: (Work & { turn: string })[] = [];
  for (const turn of turns) {
    work.prepared = [];
    work.run = [];
    work.stateWritten = [];
    work.servicesRead = [];
    work.handoffReads = [];
    await send(turn);
    done.push({ turn, prepared: work.prepared, run: work.run, stateWritten: work.stateWritten, servicesRead: work.servicesRead, handoffReads: work.handoffReads });
  }
  return done;
}

const preparedIn = (turns: (Work & { turn: string })[]): string[] => turns.flatMap((w) => w.prepared.map((sql) => `${w.turn}: ${sql}`));

describe('the storage work of a turn on /api/messages', () => {
  let t: TestApp;
  let counting: ReturnType<typeof countStorageWork>;

  beforeAll(async () => {
    t = await startTestApp();
    // Texts are not walked here: the SMS outbox worker's polls (an immediate transaction claiming nothing) are no turn's.
    await t.app.sms.stop();
    counting = countStorageWork();
  });

  afterAll(async () => {
    counting.restore();
    await t.close();
  });

  const walk = (client: ExpectRepliesClient) =>
    perTurn(counting.work, REFERRAL_SCRIPT, async (text) => {
      expect((await client.say(text)).length).toBeGreaterThan(0);
    });

  it('prepares no SQL statement in any turn of a self-referral once the server has served one', async () => {
    await walk(new ExpectRepliesClient(t.baseUrl)); // the first conversation: lazily prepared statements may be made
    expect(preparedIn(await walk(new ExpectRepliesClient(t.baseUrl)))).toEqual([]);
  });

  it('writes a turn as its conversation state and one append of its recent turns, besides the referral when it is sent', async () => {
    const runs = await walk(new ExpectRepliesClient(t.baseUrl));
    const stateWrite = expect.stringMatching(/^INSERT INTO bot_state /);
    const sent = REFERRAL_SCRIPT.lastIndexOf('yes');
    runs.forEach(({ turn, run }, i) => {
      if (i === sent) return;
      // One transaction: the turn's lines (the person's and the bot's), then what is beyond the bound is trimmed.
      const lines = run.filter((sql) => sql.startsWith('INSERT INTO recent_turns ')).length;
      expect(lines).toBeGreaterThanOrEqual(2);
      expect({ turn, run }).toEqual({ turn, run: [expect.stringMatching(/^BEGIN/), ...Array(lines).fill(expect.stringMatching(/^INSERT INTO recent_turns /)), expect.stringMatching(/^DELETE FROM recent_turns /), expect.stringMatching(/^COMMIT/), stateWrite] });
    });
    expect(runs[sent].run).toEqual(expect.arrayContaining([stateWrite, expect.stringMatching(/^INSERT INTO referrals /)]));
  });

  it('reads no directory service\'s document again once the server has read it: the services found are kept, parsed, until the directory changes', async () => {
    await walk(new ExpectRepliesClient(t.baseUrl));
    const runs = await walk(new ExpectRepliesClient(t.baseUrl));
    // Before, each search read (and parsed) the document of every service meeting a need: about 40 a search, two a referral.
    expect(runs.flatMap(({ turn, servicesRead }) => servicesRead.map((id) => `${turn}: ${id}`))).toEqual([]);
    // A change to the directory is seen by the next search: the changed service is read again, and only it.
    const [one] = await t.app.stores.directory.search({ needs: ['loneliness'], limit: 1 });
    await t.app.stores.directory.update(one.id, { description: 'Changed between two referrals' });
    const after = await walk(new ExpectRepliesClient(t.baseUrl));
    expect(after.flatMap(({ servicesRead }) => servicesRead)).toEqual([one.id]);
  });

  it('asks the handoff queue once a turn whether the conversation is handed off (by its own id or a text-back\'s): one statement', async () => {
    const runs = await walk(new ExpectRepliesClient(t.baseUrl));
    // Before: two statements a turn, by conversation and then by text-back.
    expect(runs.map(({ turn, handoffReads }) => ({ turn, reads: handoffReads.length }))).toEqual(REFERRAL_SCRIPT.map((turn) => ({ turn, reads: 1 })));
  });

  it('keeps the conversation state a turn rewrites small: the recent turns are not in it', async () => {
    const runs = await walk(new ExpectRepliesClient(t.baseUrl));
    const written = runs.flatMap((r) => r.stateWritten);
    expect(written).toHaveLength(REFERRAL_SCRIPT.length);
    // About 3.1 KB at most (the dialog stack and the draft); with the recent turns in it, 7 KB by the end.
    expect(Math.max(...written)).toBeLessThan(4000);
  });
});

describe('the storage work of a turn by text', () => {
  let sms: SmsHarness;
  let counting: ReturnType<typeof countStorageWork>;
  const PEOPLE = ['+447700900301', '+447700900302'];

  beforeAll(async () => {
    sms = await startSmsHarness();
    counting = countStorageWork();
  });

  afterAll(async () => {
    counting.restore();
    await sms.close();
  });

  const walk = (from: string) =>
    perTurn(counting.work, SMS_REFERRAL_STEPS.map(([text]) => text), async (text) => {
      expect((await sms.converse(text, from)).length).toBeGreaterThan(0);
    });

  it('prepares no SQL statement in any turn of a self-referral by text (the webhook, the outbox sending the replies) once one has been served', async () => {
    await walk(PEOPLE[0]);
    expect(preparedIn(await walk(PEOPLE[1]))).toEqual([]);
  });
});
