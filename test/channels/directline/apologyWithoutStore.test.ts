/**
 * Issue 19, item 3 (web chat): the apology reaches a web chat user while the store is down. Web chat's log is in the
 * store (MongoDB in production), so the apology cannot be written there; it goes live to the conversation's open
 * stream instead (no watermark, like typing: a page that reloads later does not see it). Two ways a turn meets the
 * outage: the store is down before the user's message can be logged (the turn still runs from the signed token, so
 * safety answers, and the apology comes down the stream), or it fails during the turn (the error handler's apology cannot be logged: it goes live).
 */
import type { Stores } from '../../../src/storage/Stores';
import { MESSAGES } from '../../../src/services/content/messages';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { DirectLineTestClient, generateToken } from './directLineClient';

class StoreDown extends Error {
  constructor() {
    super('connection 3 to db.example.net:27017 timed out');
    this.name = 'MongoNetworkTimeoutError';
  }
}

describe('web chat apology while the store is down', () => {
  let t: TestApp;
  /** all: every call to web chat's log and bot state fails; turn: bot state fails, and the log takes the user's messages only. */
  const outage = { all: false, turn: false };
  const clients: DirectLineTestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({}, {
      wrapStores: (stores: Stores) => {
        const failing = <T extends object>(port: T, down: (property: string | symbol, args: unknown[]) => boolean): T =>
          new Proxy(port, {
            get: (object, property) => {
              const value = Reflect.get(object, property, object) as unknown;
              if (typeof value !== 'function') return value;
              return (...args: unknown[]) => (down(property, args) ? Promise.reject(new StoreDown()) : (value as (...a: unknown[]) => unknown).apply(object, args));
            },
          });
        const botActivity = (property: string | symbol, args: unknown[]) => property === 'appendActivity' && (args[1] as { from?: { role?: string } })?.from?.role === 'bot';
        return {
          ...stores,
          directLine: failing(stores.directLine, (property, args) => outage.all || (outage.turn && botActivity(property, args))),
          botState: failing(stores.botState, () => outage.all || outage.turn),
        };
      },
    });
  });
  afterEach(() => {
    outage.all = false;
    outage.turn = false;
    clients.splice(0).forEach((c) => c.end());
  });
  afterAll(async () => t.close());

  async function connected(): Promise<DirectLineTestClient> {
    const { token } = await generateToken(t.baseUrl);
    const c = new DirectLineTestClient({ domain: `${t.baseUrl}/v3/directline`, token, webSocket: true, random: () => 0 } as never);
    clients.push(c);
    await c.waitFor((a) => a.from?.role === 'bot' && a.type === 'message', 10_000, 'the greeting');
    return c;
  }

  const apology = (c: DirectLineTestClient) => c.waitFor((a) => a.from?.role === 'bot' && 'text' in a && a.text === MESSAGES['error.apology'], 5_000, 'the apology');

  it('the whole store down: the turn still runs from the signed token, and the apology comes down the open stream', async () => {
    const c = await connected();
    outage.all = true;
    await c.post('hello');
    const said = await apology(c);
    expect(said.id).toBeDefined();
    expect(t.logs.text()).not.toContain('hello');
  });

  it('failing during the turn: the error handler’s apology goes live when it cannot be logged', async () => {
    const c = await connected();
    outage.turn = true;
    const id = await c.post('hello again');
    await c.waitFor((a) => a.id === id, 5_000, 'the echo');
    await apology(c);
  });
});
