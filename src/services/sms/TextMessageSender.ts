/**
 * Sends a text message to a UK mobile, durably (queued and retried) and only to numbers that have not opted out.
 * Used by dialogs ("text me these") and link workers' replies; implemented by the SMS channel (Twilio or simulator)
 * in src/channels/sms/SmsDispatcher.ts. The body is made GSM-7 and split into 160-character parts there.
 */
export interface TextMessageSender {
  /**
   * `to` is E.164 (a UK number written the usual way is accepted too; anything else throws). Resolves once the
   * message is safely queued: true; false when it will not be sent: the number opted out (STOP), it reached its
   * hourly limit, or SMS is not configured (production without Twilio).
   */
  send(to: string, body: string, context: { conversationId?: string }): Promise<boolean>;
}
