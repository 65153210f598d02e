/** "Text me these": a UK mobile number read from what a person typed, and the services sent to it as texts. */
import type { TextMessageSender } from '../sms/TextMessageSender';

export type SendOutcome = 'sent' | 'opted-out';

/** Sends each message in turn; stops at the first the sender refuses (the number has opted out). */
export async function sendTexts(sender: TextMessageSender, to: string, messages: string[], conversationId?: string): Promise<SendOutcome> {
  for (const body of messages) {
    if (!(await sender.send(to, body, { conversationId }))) return 'opted-out';
  }
  return 'sent';
}
