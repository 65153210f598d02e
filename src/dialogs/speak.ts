/**
 * Saying a message: its words, with its short form beside them where the content has one (the channel chooses which
 * to show). An empty short form means "nothing to say here in short" (by text, the welcome's question says what its
 * choices mean).
 */
import { MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { MessageId } from '../services/content/messages';
import { shortFormOfWords, withShortForm, words, type Words } from '../services/content/shortForm';

/** Words as a message activity, carrying their short form. */
export function wordsActivity(said: Words): Partial<Activity> {
  return withShortForm(MessageFactory.text(said.text), shortFormOfWords(said));
}

export async function speak(context: TurnContext, id: MessageId, values?: Record<string, string | number>): Promise<void> {
  await context.sendActivity(wordsActivity(words(id, values)));
}
