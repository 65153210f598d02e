/**
 * Texts services to a UK mobile on someone's behalf ("text me these"), durably (queued and retried) and only to
 * numbers that have not opted out. Implemented by the SMS channel (Twilio or simulator) in
 * src/channels/sms/SmsDispatcher.ts; the bodies are made GSM-7 and split into 160-character parts there.
 *
 * Such texts have small limits of their own (per chat, per target number a day, per client address a day) and never
 * spend the target number's own hourly budget, so nobody can use them to silence the answers that number's owner
 * gets. The number is kept only until the texts are sent.
 */
export type TextOutcome =
  /** Queued: they will be sent. */
  | 'sent'
  /** The number has texted STOP. */
  | 'opted-out'
  /** A limit on texts sent on someone's behalf was reached (this chat, this number today, or this address today). */
  | 'limited'
  /** SMS is not configured (production without Twilio). */
  | 'unavailable';

export interface TextRequest {
  /** The conversation that asked. */
  conversationId?: string;
}

export interface TextMessageSender {
  /** `to` is E.164 (a UK number written the usual way is accepted too; anything else throws). One request. */
  send(to: string, bodies: string[], request: TextRequest): Promise<TextOutcome>;
}
