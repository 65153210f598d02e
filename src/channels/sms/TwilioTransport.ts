/**
 * Sends through the twilio library's messages.create. TWILIO_API_BASE points the client at another Twilio-compatible
 * base URL (tests, sandboxes): twilio-node has no base-URL option, so a RequestClient subclass rewrites each URI.
 */
import http from 'node:http';
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import RestException from 'twilio/lib/base/RestException';
import type Response from 'twilio/lib/http/response';
import type { Config } from '../../config';
import { SmsSendError, type SmsTransport } from './SmsTransport';

type TwilioSettings = NonNullable<Config['twilio']>;

const SEND_TIMEOUT_MS = 10_000;
/** Twilio: "Attempt to send to unsubscribed recipient" (the number texted STOP to Twilio itself). */
const UNSUBSCRIBED_RECIPIENT = 21610;

/** A RequestClient that sends every request to `apiBase` instead of Twilio's own hosts, keeping path and query. */
export class BaseUrlRequestClient extends RequestClient {
  private readonly base: URL;

  constructor(apiBase: string, options: RequestClient.RequestClientOptions = {}) {
    super(options);
    this.base = new URL(apiBase.endsWith('/') ? apiBase : `${apiBase}/`);
    // Plain-http bases (a local fake) get a keep-alive agent too; the parent only sets one for https.
    if (this.base.protocol === 'http:') this.axios.defaults.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  }

  /** The URI rewritten onto the base: https://api.twilio.com/2010-04-01/... -> {apiBase}/2010-04-01/... */
  rewrite(uri: string): string {
    const original = new URL(uri);
    return new URL(`${original.pathname.replace(/^\//, '')}${original.search}`, this.base).toString();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    return super.request({ ...opts, uri: this.rewrite(opts.uri) });
  }
}

export function createTwilioClient(settings: TwilioSettings): twilio.Twilio {
  const options = { timeout: SEND_TIMEOUT_MS, keepAlive: true };
  const httpClient = settings.apiBase ? new BaseUrlRequestClient(settings.apiBase, options) : new RequestClient(options);
  return twilio(settings.accountSid, settings.authToken, { httpClient, autoRetry: false });
}

export class TwilioTransport implements SmsTransport {
  readonly name = 'twilio' as const;
  private readonly client: twilio.Twilio;

  constructor(private readonly settings: TwilioSettings, client?: twilio.Twilio) {
    this.client = client ?? createTwilioClient(settings);
  }

  async send({ to, body, statusCallback }: { to: string; body: string; statusCallback?: string }): Promise<string> {
    const sender = this.settings.messagingServiceSid ? { messagingServiceSid: this.settings.messagingServiceSid } : { from: this.settings.from as string };
    try {
      const message = await this.client.messages.create({ to, body, ...sender, ...(statusCallback ? { statusCallback } : {}) });
      return message.sid;
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }
}

/**
 * Whether a failed send is worth trying again: network trouble, 429 and 5xx are; so are 401/403 (credentials being
 * fixed must not lose messages). Other 4xx (a bad number, a landline) are permanent.
 */
export function classifyTwilioError(error: unknown): SmsSendError {
  if (error instanceof RestException) {
    const code = error.code !== undefined ? String(error.code) : String(error.status);
    if (error.code === UNSUBSCRIBED_RECIPIENT) return new SmsSendError('Twilio: the recipient has unsubscribed', false, code, true);
    const retryable = error.status === 429 || error.status >= 500 || error.status === 401 || error.status === 403;
    return new SmsSendError(`Twilio answered ${error.status} (code ${code})`, retryable, code);
  }
  const code = (error as { code?: unknown }).code;
  return new SmsSendError(`Could not reach Twilio${typeof code === 'string' ? ` (${code})` : ''}`, true, typeof code === 'string' ? code : undefined);
}
