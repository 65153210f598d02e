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

describe('which address is counted', () => {
  const tokens = async (baseUrl: string, forwardedFor: (i: number) => string): Promise<number[]> => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await fetch(`${baseUrl}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'x-forwarded-for': forwardedFor(i) } });
      await res.text();
      statuses.push(res.status);
    }
    return statuses;
  };

  it('ignores X-Forwarded-For unless TRUSTED_PROXIES says a proxy in front sets it (a client could forge it)', async () => {
    const t = await startTestApp();
    try {
      expect((await tokens(t.baseUrl, (i) => `203.0.113.${i}`)).filter((s) => s === 429)).toHaveLength(2);
    } finally {
      await t.close();
    }
  });

  it('behind TRUSTED_PROXIES=1 (Azure App Service) counts the address the proxy saw, the last in X-Forwarded-For', async () => {
    const t = await startTestApp({ TRUSTED_PROXIES: '1' });
    try {
      // Each request from a different person behind the proxy (what a client writes before it is not believed).
      expect((await tokens(t.baseUrl, (i) => `10.9.9.9, 203.0.113.${i}:5${i}000`)).every((s) => s === 200)).toBe(true);
      // One person: limited, however they fill in the part of the header they control.
      expect((await tokens(t.baseUrl, (i) => `198.51.100.${i}, 203.0.113.200`)).filter((s) => s === 429)).toHaveLength(2);
    } finally {
      await t.close();
    }
  });
});
