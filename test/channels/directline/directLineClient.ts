/**
 * botframework-directlinejs, the reference Direct Line client (the one inside Web Chat), running in node against a
 * test server: its HTTP goes through fetch (node has no XMLHttpRequest) and its WebSocket is the ws package. Nothing
 * of the protocol is faked: the library makes the same requests it makes in a browser.
 */
import { createRequire } from 'node:module';
import { ConnectionStatus, DirectLine, type Activity, type DirectLineOptions } from 'botframework-directlinejs';
import WebSocket from 'ws';

interface RxSubscriber {
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
}
interface RxObservableStatic {
  create(subscribe: (subscriber: RxSubscriber) => () => void): unknown;
}

// The rxjs 5 that botframework-directlinejs itself uses, so the library can chain its operators on our results.
const fromDirectLine = createRequire(require.resolve('botframework-directlinejs'));
const { Observable } = fromDirectLine('rxjs/Observable') as { Observable: RxObservableStatic };

interface AjaxRequest {
  method?: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeout?: number;
}

/** rxjs's AjaxObservable contract over fetch: {response, status} or an error with {status, xhr}. */
function fetchAjax(request: AjaxRequest): unknown {
  return Observable.create((subscriber) => {
    const controller = new AbortController();
    const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    fetch(request.url, { method: request.method ?? 'GET', headers: request.headers, body, signal: controller.signal })
      .then(async (res) => {
        const text = await res.text();
        let response: unknown = text;
        try {
          response = text ? JSON.parse(text) : null;
        } catch {
          // not JSON: keep the text
        }
        const result = { status: res.status, response, xhr: { getResponseHeader: (name: string) => res.headers.get(name) } };
        if (res.ok) {
          subscriber.next(result);
          subscriber.complete();
        } else {
          subscriber.error(result);
        }
      })
      .catch((error: unknown) => subscriber.error({ status: 0, message: (error as Error).message }));
    return () => controller.abort();
  });
}

/** botframework-directlinejs's Activity type leaves replyToId out; the wire format has it. */
export function replyToId(activity: Activity): string | undefined {
  return (activity as { replyToId?: string }).replyToId;
}

export interface ClientOptions extends DirectLineOptions {
  /** true: WebSocket streaming; false: polling GET /activities. */
  webSocket: boolean;
}

export class DirectLineTestClient {
  readonly directLine: DirectLine;
  readonly received: Activity[] = [];
  readonly statuses: ConnectionStatus[] = [];
  /** Errors the activity stream ended with (e.g. a refused token). */
  readonly errors: unknown[] = [];
  private readonly waiters: { test: (a: Activity) => boolean; resolve: (a: Activity) => void }[] = [];
  private readonly subscriptions: { unsubscribe(): void }[] = [];

  constructor(options: ClientOptions) {
    if (options.webSocket) (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
    this.directLine = new DirectLine({ pollingInterval: 200, timeout: 5000, ...options, ajax: fetchAjax, WebSocket } as unknown as DirectLineOptions);
    this.subscriptions.push(
      this.directLine.activity$.subscribe({
        next: (activity: Activity) => {
          this.received.push(activity);
          for (const waiter of [...this.waiters]) {
            if (waiter.test(activity)) {
              this.waiters.splice(this.waiters.indexOf(waiter), 1);
              waiter.resolve(activity);
            }
          }
        },
        error: (error: unknown) => this.errors.push(error),
      }),
      this.directLine.connectionStatus$.subscribe((status: ConnectionStatus) => this.statuses.push(status)),
    );
  }

  get conversationId(): string | undefined {
    return (this.directLine as unknown as { conversationId?: string }).conversationId;
  }

  get watermark(): string {
    return (this.directLine as unknown as { watermark: string }).watermark;
  }

  /** The first activity (already received, or still to come) that passes the test. */
  waitFor(test: (a: Activity) => boolean, timeoutMs = 10_000, what = 'an activity'): Promise<Activity> {
    const seen = this.received.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; received: ${JSON.stringify(this.received.map((a) => [a.from?.role, a.type, 'text' in a ? a.text : undefined]))}`)), timeoutMs);
      this.waiters.push({ test, resolve: (a) => {
        clearTimeout(timer);
        resolve(a);
      } });
    });
  }

  waitForStatus(status: ConnectionStatus, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for status ${ConnectionStatus[status]}; saw ${this.statuses.map((s) => ConnectionStatus[s]).join(', ')}`)), timeoutMs);
      const sub = this.directLine.connectionStatus$.subscribe((s: ConnectionStatus) => {
        if (s !== status) return;
        clearTimeout(timer);
        setImmediate(() => sub.unsubscribe());
        resolve();
      });
    });
  }

  /** Posts a message as the user; resolves with the id the server gave it. */
  post(text: string, extra: Partial<Activity> = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      this.directLine
        .postActivity({ type: 'message', from: { id: 'ignored-by-server', role: 'user' } as Activity['from'], text, ...extra } as Activity)
        .subscribe({ next: (id: string) => (id === 'retry' ? reject(new Error('post answered retry')) : resolve(id)), error: reject });
    });
  }

  /** Posts a message and waits for its echo and the bot's first reply to it; returns the texts of the replies so far. */
  async say(text: string): Promise<{ id: string; replies: string[] }> {
    const id = await this.post(text);
    await this.waitFor((a) => a.id === id, 10_000, `the echo of ${id}`);
    await this.waitFor((a) => a.from?.role === 'bot' && replyToId(a) === id, 10_000, `a reply to ${id}`);
    const replies = this.received.filter((a) => a.from?.role === 'bot' && replyToId(a) === id && a.type === 'message').map((a) => ('text' in a ? String(a.text ?? '') : ''));
    return { id, replies };
  }

  botTexts(): string[] {
    return this.received.filter((a) => a.from?.role === 'bot' && a.type === 'message').map((a) => ('text' in a ? String(a.text ?? '') : ''));
  }

  end(): void {
    for (const sub of this.subscriptions) sub.unsubscribe();
    this.directLine.end();
  }
}

/** A new conversation token from the server's own Direct Line (what the patient page's backend does). */
export async function generateToken(baseUrl: string): Promise<{ token: string; conversationId: string; expires_in: number }> {
  const res = await fetch(`${baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`tokens/generate answered ${res.status}`);
  return (await res.json()) as { token: string; conversationId: string; expires_in: number };
}
