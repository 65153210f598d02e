/** "Text me these": the services sent to a UK mobile as texts, as one request. */
import type { TextMessageSender, TextOutcome } from '../sms/TextMessageSender';

export type SendOutcome = TextOutcome;

export async function sendTexts(sender: TextMessageSender, to: string, messages: string[], conversationId?: string): Promise<SendOutcome> {
  return sender.send(to, messages, { conversationId });
}
