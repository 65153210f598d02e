/**
 * Proactive turns (a link worker's reply, a follow-up) wait for the conversation's turn like incoming ones: a worker's
 * words never land in the middle of a turn that is still answering the patient. Real app over HTTP; the bot state is
 * read slowly, as on a busy disk, so the patient's turn is surely still running when the worker's reply is sent.
 */
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { generateToken } from './directLineClient';

interface LoggedActivity {
  id: string;
  type: string;
  text?: string;
  replyToId?: string;
  from: { id: string; role?: string };
  recipient?: { id: string };
}

describe('a proactive turn racing an incoming one', () => {
  let t: TestApp;
  /** Reads of bot state still to slow down (the patient's turn's first). */
  let slowReads = 0;
  beforeAll(async () => {
    t = await startTestApp({}, {
      wrapStores: (stores) => {
        const state = stores.botState;
        const readJson = state.readJson.bind(state);
        state.readJson = async (key) => {
          if (slowReads > 0) {
            slowReads -= 1;
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
          return readJson(key);
        };
        return stores;
      },
    });
  });
  afterAll(async () => t.close());

  async function api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${t.baseUrl}/v3/directline${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  const activities = async (conversationId: string, token: string): Promise<LoggedActivity[]> =>
    ((await api('GET', `/conversations/${conversationId}/activities`, token)).body as { activities: LoggedActivity[] }).activities;

  it('runs the worker reply after the patient turn in flight, not inside it', async () => {
    const generated = await generateToken(t.baseUrl);
    const { conversationId, token } = (await api('POST', '/conversations', generated.token, { locale: 'en-GB' })).body as { conversationId: string; token: string };
    const greeting = (await activities(conversationId, token)).find((a) => a.from.role === 'bot')!;
    const reference = { channelId: 'directline', conversation: { id: conversationId }, user: greeting.recipient, bot: greeting.from } as never;

    slowReads = 1;
    try {
      const patient = api('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'hello', from: { id: greeting.recipient!.id } });
      // The patient's message is in the log (its turn has begun) before the worker replies.
      for (let i = 0; i < 100 && !(await activities(conversationId, token)).some((a) => a.text === 'hello'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      const worker = t.app.patientChannels.continue(reference, async (context) => {
        await context.sendActivity('Hello, this is Alex, a link worker.');
      });
      const [posted] = await Promise.all([patient, worker]);
      expect(posted.status).toBe(200);
    } finally {
      slowReads = 0;
    }

    const log = await activities(conversationId, token);
    const hello = log.findIndex((a) => a.text === 'hello');
    const replies = log.map((a, i) => ({ a, i })).filter(({ a }) => a.replyToId === log[hello].id && a.type === 'message');
    const worker = log.findIndex((a) => a.text === 'Hello, this is Alex, a link worker.');
    expect(replies.length).toBeGreaterThan(0);
    expect(worker).toBeGreaterThan(Math.max(...replies.map((r) => r.i)));
  });
});
