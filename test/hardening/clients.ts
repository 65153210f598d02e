/**
 * Clients for hardening tests whose server may be restarted (so its address can change): a Bot Framework channel on
 * /api/messages with expectReplies, and a web chat patient on Signpost's own Direct Line over plain HTTP (a post
 * resolves once its turn is over, so the replies are in the log by then).
 */
import { randomUUID } from 'node:crypto';

/** A Bot Framework client on /api/messages (expectReplies) whose server address can change (a restart). */
export class Person {
  readonly conversationId = `kill-${randomUUID()}`;
  readonly userId = `user-${randomUUID()}`;

  constructor(public baseUrl: string) {}

  /** The texts of the bot's replies; throws when the request fails (the server died under it). */
  async say(text?: string): Promise<string[]> {
    const activity = text === undefined ? { type: 'conversationUpdate', membersAdded: [{ id: this.userId }] } : { type: 'message', text };
    const res = await fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...activity, id: randomUUID(), channelId: 'emulator', serviceUrl: 'http://127.0.0.1:1', deliveryMode: 'expectReplies', locale: 'en-GB',
        conversation: { id: this.conversationId }, from: { id: this.userId, role: 'user' }, recipient: { id: 'signpost', role: 'bot' },
      }),
    });
    if (res.status !== 200) throw new Error(`/api/messages answered ${res.status}`);
    const body = (await res.json()) as { activities?: { type: string; text?: string }[] };
    return (body.activities ?? []).filter((a) => a.type === 'message').map((a) => a.text ?? '');
  }
}

export interface LoggedActivity {
  id: string;
  type: string;
  text?: string;
  from: { role?: string };
}

/** A web chat patient on Signpost's own Direct Line, over plain HTTP (polling), whose server address can change. */
export class WebChatPatient {
  conversationId = '';
  token = '';

  constructor(public baseUrl: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${this.baseUrl}/v3/directline${path}`, {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async start(): Promise<void> {
    this.token = (await this.call('POST', '/tokens/generate')).json.token as string;
    const started = await this.call('POST', '/conversations', { locale: 'en-GB' });
    this.conversationId = started.json.conversationId as string;
    this.token = started.json.token as string;
  }

  async post(text: string): Promise<string> {
    const posted = await this.call('POST', `/conversations/${this.conversationId}/activities`, { type: 'message', text, from: { id: 'x' } });
    if (posted.status !== 200) throw new Error(`posting answered ${posted.status}`);
    return posted.json.id as string;
  }

  async log(): Promise<LoggedActivity[]> {
    const all: LoggedActivity[] = [];
    for (let watermark = '0'; ;) {
      const page = await this.call('GET', `/conversations/${this.conversationId}/activities?watermark=${watermark}`);
      if (page.status !== 200) throw new Error(`reading answered ${page.status}`);
      const activities = page.json.activities as LoggedActivity[];
      all.push(...activities);
      if (activities.length === 0) return all;
      watermark = page.json.watermark as string;
    }
  }

  async botTexts(): Promise<string[]> {
    return (await this.log()).filter((a) => a.from.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');
  }
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

