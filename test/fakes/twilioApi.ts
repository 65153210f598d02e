/**
 * A local fake of Twilio's Messages API on 127.0.0.1, for tests and benchmarks: the real twilio client sends to it
 * (TWILIO_API_BASE). It checks Basic auth and required fields the way Twilio does, records every request, can be
 * told to fail (a status for the next N sends, or down until further notice, or a Twilio error for one number), and
 * can post signed delivery status callbacks as Twilio would.
 */
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

export const FAKE_ACCOUNT_SID = 'AC00000000000000000000000000000001';
export const FAKE_AUTH_TOKEN = 'fake-twilio-auth-token-0123456789';
export const FAKE_FROM = '+447700900999';

export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  statusCallback?: string;
  at: Date;
}

export interface FakeTwilioRequest {
  method: string;
  path: string;
  status: number;
  at: Date;
}

interface Failure {
  status: number;
  code: number;
  message: string;
}

export class FakeTwilio {
  /** Messages accepted (201), in order. */
  readonly messages: FakeTwilioMessage[] = [];
  /** Every request, accepted or not. */
  readonly requests: FakeTwilioRequest[] = [];
  /** Post signed status callbacks ("sent", then "delivered") to each message's StatusCallback. */
  deliverStatuses = false;
  /**
   * Where a callback URL is really reached (a test server behind a pretend proxy: PUBLIC_URL -> 127.0.0.1:port).
   * The signature is always over the URL as given, as Twilio signs it.
   */
  reach: (url: string) => string = (url) => url;
  private failures: Failure[] = [];
  private down?: Failure;
  private readonly refusedNumbers = new Map<string, Failure>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private readonly callbacks = new Set<Promise<unknown>>();

  private constructor(
    private readonly server: http.Server,
    readonly accountSid: string,
    readonly authToken: string,
  ) {}

  static async start({ accountSid = FAKE_ACCOUNT_SID, authToken = FAKE_AUTH_TOKEN } = {}): Promise<FakeTwilio> {
    const server = http.createServer((req, res) => void fake.handle(req, res));
    const fake = new FakeTwilio(server, accountSid, authToken);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The environment that points Signpost at this fake. */
  env(from = FAKE_FROM): Record<string, string> {
    return { TWILIO_ACCOUNT_SID: this.accountSid, TWILIO_AUTH_TOKEN: this.authToken, TWILIO_FROM: from, TWILIO_API_BASE: this.baseUrl };
  }

  /** The next `count` sends fail with this HTTP status (500 by default). */
  failNext(count: number, status = 500): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, code: status === 429 ? 20429 : 20500, message: 'Internal Server Error' });
  }

  /** Every send fails with `status` until setDown(false). */
  setDown(down: boolean, status = 503): void {
    this.down = down ? { status, code: 20503, message: 'Service Unavailable' } : undefined;
  }

  /** Sends to this number fail with a Twilio error, e.g. 400/21610 (unsubscribed recipient) or 400/21211 (invalid). */
  refuse(to: string, status: number, code: number, message = 'Refused'): void {
    this.refusedNumbers.set(to, { status, code, message });
  }

  /** Messages accepted for one number. */
  to(number: string): FakeTwilioMessage[] {
    return this.messages.filter((m) => m.to === number);
  }

  /** Resolves once at least `count` messages have been accepted in all. */
  waitForMessages(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.messages.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake Twilio: ${this.messages.length} of ${count} messages after ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** Resolves when every status callback posted so far has been answered. */
  async callbacksDone(): Promise<void> {
    await Promise.allSettled([...this.callbacks]);
  }

  async close(): Promise<void> {
    await this.callbacksDone();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const reply = (status: number, body: unknown): void => {
      this.requests.push({ method: req.method ?? '', path, status, at: new Date() });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const error = (f: Failure): void => reply(f.status, { code: f.code, message: f.message, more_info: `https://www.twilio.com/docs/errors/${f.code}`, status: f.status });

    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    if (!match || req.method !== 'POST') return error({ status: 404, code: 20404, message: 'The requested resource was not found' });
    if (req.headers.authorization !== `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}` || match[1] !== this.accountSid) {
      return error({ status: 401, code: 20003, message: 'Authenticate' });
    }
    if (this.down) return error(this.down);
    const failure = this.failures.shift();
    if (failure) return error(failure);

    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    const from = form.get('From') ?? undefined;
    const messagingServiceSid = form.get('MessagingServiceSid') ?? undefined;
    if (!to) return error({ status: 400, code: 21604, message: "A 'To' phone number is required." });
    if (!body) return error({ status: 400, code: 21602, message: 'Message body is required.' });
    if (!from && !messagingServiceSid) return error({ status: 400, code: 21603, message: "A 'From' phone number is required." });
    const refused = this.refusedNumbers.get(to);
    if (refused) return error(refused);

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const message: FakeTwilioMessage = { sid, to, from, messagingServiceSid, body, statusCallback: form.get('StatusCallback') ?? undefined, at: new Date() };
    this.messages.push(message);
    const now = new Date().toUTCString();
    reply(201, {
      sid, account_sid: this.accountSid, to, from: from ?? null, messaging_service_sid: messagingServiceSid ?? null, body, status: 'queued',
      num_segments: '1', num_media: '0', direction: 'outbound-api', api_version: '2010-04-01', price: null, price_unit: 'GBP',
      error_code: null, error_message: null, date_created: now, date_updated: now, date_sent: null,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`, subresource_uris: {},
    });
    for (const waiter of [...this.waiters]) {
      if (this.messages.length >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    if (this.deliverStatuses && message.statusCallback) {
      const posting = this.postStatuses(message);
      this.callbacks.add(posting);
      void posting.finally(() => this.callbacks.delete(posting));
    }
  }

  /** Posts "sent" then "delivered" to the message's StatusCallback, signed with the auth token as Twilio signs. */
  private async postStatuses(message: FakeTwilioMessage): Promise<void> {
    for (const status of ['sent', 'delivered']) {
      const params = { AccountSid: this.accountSid, ApiVersion: '2010-04-01', From: message.from ?? '', MessageSid: message.sid, MessageStatus: status, SmsSid: message.sid, SmsStatus: status, To: message.to };
      await fetch(this.reach(message.statusCallback as string), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': getExpectedTwilioSignature(this.authToken, message.statusCallback as string, params) },
        body: new URLSearchParams(params).toString(),
      }).catch(() => undefined);
    }
  }
}
