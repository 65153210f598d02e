import type { Storage, StoreItems } from 'botbuilder';
import { MemoryStorage } from 'botbuilder';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { ExpectRepliesClient } from '../helpers/botClient';
import { MESSAGES } from '../../src/services/content/messages';
import { MAX_BODY_BYTES } from '../../src/server';

/** Bot state that fails while `failing` is set: a store that has gone away. */
class FlakyStorage implements Storage {
  failing = false;
  private readonly inner = new MemoryStorage();
  async read(keys: string[]): Promise<StoreItems> {
    if (this.failing) throw new Error('storage unavailable');
    return this.inner.read(keys);
  }
  async write(changes: StoreItems): Promise<void> {
    if (this.failing) throw new Error('storage unavailable');
    return this.inner.write(changes);
  }
  async delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

describe('the server over HTTP', () => {
  let t: TestApp;
  const storage = new FlakyStorage();

  beforeAll(async () => {
    t = await startTestApp({}, { botStateStorage: storage });
  });
  afterAll(async () => t.close());
  afterEach(() => {
    storage.failing = false;
  });

  it('answers /healthz with status, version, storage and nlu', async () => {
    const res = await fetch(`${t.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', version: expect.any(String), storage: { kind: expect.any(String), reachable: true }, nlu: 'local' });
  });

  it('greets a new member and answers a message over /api/messages with expectReplies', async () => {
    const client = new ExpectRepliesClient(t.baseUrl);
    const greeting = await client.join();
    expect(greeting[0]).toBe(MESSAGES['welcome.hello']);
    expect(greeting.join(' ')).toContain('999');
    const replies = await client.say('hello');
    expect(replies.length).toBeGreaterThan(0);
  });

  it('answers malformed JSON with a 400 JSON error and no stack trace', async () => {
    const res = await fetch(`${t.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "message", ' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(() => JSON.parse(text)).not.toThrow();
    expect(text).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers a JSON body that is not an activity with 400', async () => {
    const res = await fetch(`${t.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2,3]' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'BadRequest', message: expect.stringContaining('Bot Framework activity') });
  });

  it('refuses a body over 256 KB with 413', async () => {
    const body = JSON.stringify({ type: 'message', text: 'x'.repeat(MAX_BODY_BYTES + 10) });
    const res = await fetch(`${t.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
    expect(await res.json()).toHaveProperty('message');
  });

  it('answers an unknown route with a 404 JSON error', async () => {
    const res = await fetch(`${t.baseUrl}/no/such/route`);
    expect(res.status).toBe(404);
    expect(await res.json()).toHaveProperty('code');
  });

  it('apologises when a turn throws, logs it, and keeps serving', async () => {
    const client = new ExpectRepliesClient(t.baseUrl);
    storage.failing = true;
    const replies = await client.say('hello');
    expect(replies).toContain(MESSAGES['error.apology']);
    expect(t.logs.text()).toContain('turn failed');
    storage.failing = false;
    const health = await fetch(`${t.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect((await client.say('hello again')).length).toBeGreaterThan(0);
  });

  it('never logs what people write: names, phone numbers, postcodes', async () => {
    const client = new ExpectRepliesClient(t.baseUrl);
    const secrets = ['Bartholomew Quince', '07700 900123', 'BS16 1QY', 'bart@example.org'];
    for (const s of secrets) await client.say(`my details: ${s}`);
    const logged = t.logs.text();
    expect(logged).toContain('"msg":"turn"'); // turns are logged...
    for (const s of secrets) expect(logged).not.toContain(s); // ...without what was said
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight turn finish before closing', async () => {
    class SlowStorage extends MemoryStorage {
      override async read(keys: string[]): Promise<StoreItems> {
        await new Promise((r) => setTimeout(r, 300));
        return super.read(keys);
      }
    }
    const t = await startTestApp({}, { botStateStorage: new SlowStorage() });
    const client = new ExpectRepliesClient(t.baseUrl);
    const inFlight = client.say('hello');
    await new Promise((r) => setTimeout(r, 50));
    expect(t.app.http.inFlight()).toBe(1);
    const closing = t.close();
    await expect(inFlight).resolves.toEqual(expect.arrayContaining([expect.any(String)]));
    await closing;
    await expect(fetch(`${t.baseUrl}/healthz`)).rejects.toThrow();
  });
});

describe('without a bot identity (local use)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('refuses to post replies to a non-loopback serviceUrl, so the server cannot be used to reach other hosts', async () => {
    const res = await fetch(`${t.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi', channelId: 'emulator', serviceUrl: 'http://10.0.0.1/', conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'b' } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: expect.stringContaining('loopback') });
  });

  const post = (activity: Record<string, unknown>): Promise<Response> =>
    fetch(`${t.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi', channelId: 'emulator', serviceUrl: 'http://127.0.0.1:1', deliveryMode: 'expectReplies', conversation: { id: 'c-4' }, from: { id: 'u1' }, recipient: { id: 'b' }, ...activity }),
    });

  it('checks serviceUrl with expectReplies too, so no outside address is ever stored or posted to', async () => {
    const res = await post({ serviceUrl: 'http://10.0.0.1/' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: expect.stringContaining('loopback') });
    expect((await post({ serviceUrl: undefined })).status).toBe(400);
  });

  it("never lets Signpost's own channels (sms, directline) or any channel but the emulator in unauthenticated", async () => {
    for (const channelId of ['sms', 'directline', 'webchat', 'msteams', undefined]) {
      const res = await post({ channelId, conversation: { id: 'sms-0123456789abcdef' } });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ message: expect.stringContaining('emulator') });
    }
    expect((await post({})).status).toBe(200);
  });

  it('takes only conversation ids of a plain shape unauthenticated, and logs nothing it has not checked', async () => {
    const res = await post({ channelId: 'sms<script>', conversation: { id: 'x'.repeat(300) + '\n{"level":60}' } });
    expect(res.status).toBe(403);
    expect((await post({ conversation: { id: 'a b\nc' } })).status).toBe(400);
    expect(t.logs.text()).not.toContain('sms<script>');
    expect(t.logs.text()).not.toContain('x'.repeat(300));
  });

  it('refuses activities whose fields have the wrong types with a 400 naming the field', async () => {
    const res = await fetch(`${t.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', deliveryMode: 'expectReplies', serviceUrl: {}, conversation: { id: 'c1' } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: expect.stringContaining('serviceUrl') });
  });
});

describe('logs carry only checked ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('never logs a conversation id taken from a refused Direct Line request', async () => {
    const planted = '07700900123-Zebedee-S63BS';
    const res = await fetch(`${t.baseUrl}/v3/directline/conversations/${planted}/activities`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(res.status).toBe(403);
    expect(t.logs.text()).toContain('direct line token refused');
    expect(t.logs.text()).not.toContain(planted);
  });
});
