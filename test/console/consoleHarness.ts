/**
 * Helpers for console tests over HTTP: a signed-in client with its own cookie and CSRF token, users added through
 * the real AccountService, handoffs enqueued straight into the store, a channel that records what patients receive,
 * and a reader for Server-Sent Events.
 */
import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { AccountService } from '../../src/services/accounts/AccountService';
import type { ConsoleRole } from '../../src/services/accounts/ConsoleUsers';
import type { Handoff, NewHandoff } from '../../src/services/handoff/Handoff';
import type { App } from '../../src/app';
import { TEST_PASSWORD_HASHING } from '../helpers/testHashing';

export const RECORDING_CHANNEL = 'test-recorder';
export const PASSWORD = 'correct horse battery';

/** A patient channel that keeps what it is asked to send (and can be made to fail). */
export class RecordingChannel extends BotAdapter {
  readonly sent: { conversationId: string; text: string }[] = [];
  failing = false;

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    if (this.failing) throw new Error('channel down');
    for (const a of activities) this.sent.push({ conversationId: context.activity.conversation.id, text: a.text ?? '' });
    return activities.map((_, i) => ({ id: `sent-${this.sent.length}-${i}` }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('not supported');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('not supported');
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  to(conversationId: string): string[] {
    return this.sent.filter((s) => s.conversationId === conversationId).map((s) => s.text);
  }

  static registerOn(app: App): RecordingChannel {
    const channel = new RecordingChannel();
    app.patientChannels.register(RECORDING_CHANNEL, (reference, logic) => channel.continueConversation(reference, logic));
    return channel;
  }
}

let counter = 0;

export function newHandoff(overrides: Partial<NewHandoff> = {}): NewHandoff {
  counter += 1;
  const conversationId = overrides.conversationId ?? `conv-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    personId: `person-${counter}`,
    channel: RECORDING_CHANNEL,
    conversationId,
    conversationReference: { channelId: RECORDING_CHANNEL, conversation: { id: conversationId } as never, serviceUrl: 'http://127.0.0.1:1', bot: { id: 'bot', name: 'Signpost' }, user: { id: `user-${counter}`, name: 'patient' } },
    priority: 'normal',
    summary: 'Asked to talk to a person. Needs: loneliness.',
    transcript: [{ from: 'patient', text: 'I feel so alone since my wife died', at: new Date() }],
    ...overrides,
  };
}

export function enqueue(app: App, overrides: Partial<NewHandoff> = {}): Promise<Handoff> {
  return app.stores.handoffs.enqueue(newHandoff(overrides));
}

export async function addUser(app: App, email: string, role: ConsoleRole = 'linkworker', firstName?: string, password = PASSWORD): Promise<string> {
  const { user } = await new AccountService(app.stores.consoleUsers, app.stores.consoleSessions, { hashing: TEST_PASSWORD_HASHING }).addUser({ email, role, firstName, password });
  return user.id;
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** One browser's worth of console: a cookie and a CSRF token. */
export class ConsoleClient {
  cookie?: string;
  csrf?: string;

  constructor(readonly baseUrl: string) {}

  static async signIn(baseUrl: string, email: string, password = PASSWORD): Promise<ConsoleClient> {
    const client = new ConsoleClient(baseUrl);
    const res = await client.login(email, password);
    if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return client;
  }

  async login(email: string, password: string): Promise<Answer> {
    const res = await this.request('POST', '/api/console/login', { email, password }, { csrf: false });
    const setCookie = res.headers.get('set-cookie');
    if (res.status === 200 && setCookie) {
      this.cookie = setCookie.split(';')[0];
      this.csrf = res.body.csrfToken as string;
    }
    return res;
  }

  get<T = Record<string, unknown>>(path: string): Promise<Answer<T>> {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown, options: { csrf?: boolean | string } = {}): Promise<Answer<T>> {
    return this.request<T>('POST', path, body, options);
  }

  patch<T = Record<string, unknown>>(path: string, body?: unknown, options: { csrf?: boolean | string } = {}): Promise<Answer<T>> {
    return this.request<T>('PATCH', path, body, options);
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, options: { csrf?: boolean | string } = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    const csrf = options.csrf === undefined || options.csrf === true ? this.csrf : options.csrf === false ? undefined : options.csrf;
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
  }

  /** Opens a live-update stream; events arrive in `events`. */
  async events(query = ''): Promise<EventStream> {
    const controller = new AbortController();
    const res = await fetch(`${this.baseUrl}/api/console/events${query}`, { headers: this.cookie ? { cookie: this.cookie } : {}, signal: controller.signal });
    return new EventStream(res, controller);
  }
}

export interface ServerEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads text/event-stream into events; wait for one with next(). */
export class EventStream {
  readonly received: ServerEvent[] = [];
  readonly done: Promise<void>;
  private waiters: (() => void)[] = [];

  constructor(
    readonly response: Response,
    private readonly controller: AbortController,
  ) {
    this.done = this.read().catch(() => undefined);
  }

  private async read(): Promise<void> {
    if (!this.response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of this.response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) {
          this.received.push({ event, data: JSON.parse(data) as Record<string, unknown> });
          this.waiters.splice(0).forEach((w) => w());
        }
      }
    }
    this.waiters.splice(0).forEach((w) => w());
  }

  /** The first received event matching, waiting up to timeoutMs. */
  async next(match: (e: ServerEvent) => boolean, timeoutMs = 5000): Promise<ServerEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event; received ${JSON.stringify(this.received.map((e) => e.event))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}
