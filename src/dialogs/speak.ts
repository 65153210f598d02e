/**
 * Saying a message in the words for the turn's channel (its `.sms` form by text message, when it has one). An empty
 * form means "nothing to say here" (by text, the welcome's question says what its choices mean) and is not sent.
 */
import type { TurnContext } from 'botbuilder';
import { sayOn, type MessageId } from '../services/content/messages';

export async function speak(context: TurnContext, id: MessageId, values?: Record<string, string | number>): Promise<void> {
  const text = sayOn(context.activity.channelId, id, values);
  if (text !== '') await context.sendActivity(text);
}
