/**
 * Issue 16, item 5: one address cannot start chats without end, nor fill the queue with urgent handoffs; and a crisis
 * answer is never what a limit takes away.
 */
import { MESSAGES } from '../../src/services/content/messages';
import { WebChatPatient } from '../hardening/clients';
import { startTestApp, type TestApp } from '../helpers/testApp';

const CRISIS = 'I want to end my life';

describe('limits per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('limits web chat tokens per address (both token routes together), with a kind answer that still gives 999', async () => {
    const statuses: number[] = [];
    let refusal: { error?: { message?: string } } = {};
    let retryAfter: string | null = null;
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${t.baseUrl}${i % 2 ? '/v3/directline/tokens/generate' : '/api/webchat/token'}`, { method: 'POST' });
      statuses.push(res.status);
      if (res.status === 429) {
        refusal = (await res.json()) as typeof refusal;
        retryAfter = res.headers.get('retry-after');
      } else await res.text();
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    expect(refusal.error?.message).toContain('999');
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

describe('urgent handoffs per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('makes at most 3 urgent handoffs an hour from one address; every chat still gets the crisis answer and a person', async () => {
    const crisisAnswers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const chat = new WebChatPatient(t.baseUrl);
      await chat.start();
      await chat.post(CRISIS);
      crisisAnswers.push((await chat.botTexts()).join('\n'));
      await chat.post('yes');
    }
    for (const answer of crisisAnswers) expect(answer).toContain(MESSAGES['crisis.999'].slice(0, 30));
    const waiting = await t.app.stores.handoffs.list('waiting');
    expect(waiting).toHaveLength(5);
    expect(waiting.filter((h) => h.priority === 'urgent')).toHaveLength(3);
  });
});

describe('the absolute lifetime of a web chat (24 h after its last activity; shortened here)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { directLine: { conversationLifetimeMs: 600 } });
  });
  afterAll(async () => t.close());

  it('refuses to refresh, read or post once the conversation has been idle past its lifetime', async () => {
    const chat = new WebChatPatient(t.baseUrl);
    await chat.start();
    await chat.post('hello');
    const call = async (method: string, suffix: string, body?: unknown): Promise<number> => {
      const res = await fetch(`${t.baseUrl}/v3/directline${suffix}`, { method, headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      await res.text();
      return res.status;
    };
    expect(await call('POST', '/tokens/refresh')).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await call('POST', '/tokens/refresh')).toBe(403);
    expect(await call('GET', `/conversations/${chat.conversationId}/activities`)).toBe(404);
    expect(await call('POST', `/conversations/${chat.conversationId}/activities`, { type: 'message', text: 'hi', from: { id: 'x' } })).toBe(404);
  });
});
