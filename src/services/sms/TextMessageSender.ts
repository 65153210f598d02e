/**
 * Sends a text message to a UK mobile, durably (queued and retried) and only to numbers that have not opted out.
 * Used by dialogs ("text me these") and link workers' replies; implemented by the SMS channel (Twilio or simulator).
 */
export interface TextMessageSender {
  /** `to` is E.164. Resolves once the message is safely queued; false when the number has opted out. */
  send(to: string, body: string, context: { conversationId?: string }): Promise<boolean>;
}
