/** How the outbox worker hands one text to the network: Twilio, or the local simulator. */
export interface SmsTransport {
  /** Sends one text; resolves with the provider's message id. Throws SmsSendError. */
  send(message: { to: string; body: string; statusCallback?: string }): Promise<string>;
  /** Twilio calls back with delivery statuses; the simulator records "delivered" itself. */
  readonly name: 'twilio' | 'simulator';
}

/** A failed send, with whether trying again later may work. */
export class SmsSendError extends Error {
  constructor(
    message: string,
    /** Worth another try later (network trouble, rate limiting, provider faults). */
    readonly retryable: boolean,
    /** Provider error code (Twilio's numeric code) or HTTP status, for the record. */
    readonly code?: string,
    /** The number has opted out at the provider (Twilio error 21610). */
    readonly recipientUnsubscribed = false,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}
