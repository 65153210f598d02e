/**
 * What a turn asks of the embedded store (issue 22, turn CPU): the whole self-referral the `turn` bench walks, over
 * /api/messages on the real app and SQLite store, counting per turn the SQL statements prepared (SQLite parses and
 * plans each one: a turn's statements are prepared once, when the store opens, never per turn), the statements run,
 * and the transactions committed and fsync'ed (synchronous=FULL) or not (NORMAL). Counted by wrapping better-sqlite3's
 * own methods, so every store is seen, whichever module calls it.
 */
import BetterSqlite3 from 'better-sqlite3';
import { REFERRAL_SCRIPT } from '../../bench/turn';
import { ExpectRepliesClient } from '../helpers/botClient';
import { startTestApp, type TestApp } from '../helpers/testApp';

jest.setTimeout(60_000);

interface Work {
  prepared: string[];
  /** The statements run (writes, and BEGIN and COMMIT of transactions), by their SQL. */
  run: string[];
}

const short = (sql: string): string => sql.replace(/\s+/g, ' ').slice(0, 60);

describe('the storage work of a turn', () => {
  let t: TestApp;
  const work: Work = { prepared: [], run: [] };
  const restore: (() => void)[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const proto = BetterSqlite3.prototype as unknown as { prepare: (this: BetterSqlite3.Database, sql: string) => BetterSqlite3.Statement };
    const prepare = proto.prepare;
    proto.prepare = function (this: BetterSqlite3.Database, sql: string) {
      work.prepared.push(short(sql));
      return prepare.call(this, sql);
    };
    restore.push(() => (proto.prepare = prepare));
    const scratch = new BetterSqlite3(':memory:');
    const statement = Object.getPrototypeOf(prepare.call(scratch, 'SELECT 1')) as { run: (this: { source: string }, ...args: unknown[]) => unknown };
    scratch.close();
    const run = statement.run;
    statement.run = function (this: { source: string }, ...args: unknown[]) {
      work.run.push(short(this.source));
      return run.apply(this, args);
    };
    restore.push(() => (statement.run = run));
  });

  afterAll(async () => {
    restore.forEach((undo) => undo());
    await t.close();
  });

  async function walk(client: ExpectRepliesClient): Promise<Work[]> {
    const perTurn: Work[] = [];
    for (const text of REFERRAL_SCRIPT) {
      work.prepared = [];
      work.run = [];
      const replies = await client.say(text);
      expect(replies.length).toBeGreaterThan(0);
      perTurn.push({ prepared: work.prepared, run: work.run });
    }
    return perTurn;
  }

  it('prepares no SQL statement in any turn of a self-referral once the server has served one', async () => {
    await walk(new ExpectRepliesClient(t.baseUrl)); // the first conversation: lazily prepared statements may be made
    const perTurn = await walk(new ExpectRepliesClient(t.baseUrl));
    const prepared = perTurn.flatMap((w, i) => w.prepared.map((sql) => `${REFERRAL_SCRIPT[i]}: ${sql}`));
    expect(prepared).toEqual([]);
  });

  it('runs one statement a turn, the write of its conversation state, besides writing the referral when it is sent', async () => {
    const perTurn = await walk(new ExpectRepliesClient(t.baseUrl));
    const stateWrite = expect.stringMatching(/^INSERT INTO bot_state /);
    const runs = perTurn.map((w, i) => ({ turn: REFERRAL_SCRIPT[i], run: w.run }));
    const sent = REFERRAL_SCRIPT.lastIndexOf('yes');
    runs.forEach(({ turn, run }, i) => {
      if (i !== sent) expect({ turn, run }).toEqual({ turn, run: [stateWrite] });
    });
    expect(runs[sent].run).toEqual(expect.arrayContaining([stateWrite, expect.stringMatching(/^INSERT INTO referrals /)]));
  });
});
