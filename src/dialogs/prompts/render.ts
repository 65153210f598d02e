/**
 * A question as an activity: its words, any list lines, and its choices as suggested actions (buttons in web chat;
 * the SMS channel turns them into numbered lines and maps a reply of the number back to the choice).
 */
import { InputHints, MessageFactory, type Activity } from 'botbuilder';
import { sayOn, type MessageId } from '../../services/content/messages';
import { question, type QuestionId } from './questions';

export interface RenderOptions {
  /** Values for the question's {placeholders}. */
  values?: Record<string, string | number>;
  /** Say this instead of the question (a re-prompt that explains what was wrong), keeping the choices. */
  instead?: MessageId;
  insteadValues?: Record<string, string | number>;
  /** The turn's channel: by text message, each message's `.sms` form where it has one. */
  channelId?: string;
}

export function questionActivity(id: QuestionId, options: RenderOptions = {}): Partial<Activity> {
  const q = question(id);
  // A re-prompt says what was wrong, then asks the question again, so no one has to scroll up to see what was asked.
  const say = (id: MessageId, values?: Record<string, string | number>): string => sayOn(options.channelId, id, values);
  const asked = say(q.text, options.values);
  const instead = options.instead && options.instead !== q.text ? say(options.instead, options.insteadValues) : undefined;
  const again = q.repeatOnRetry !== false;
  let text = instead ? (again ? `${instead}\n${asked}` : instead) : asked;
  if (q.lines && (!instead || again)) text = [text, ...q.lines()].join('\n');
  const activity = q.choices && q.choices.length > 0 ? MessageFactory.suggestedActions(q.choices.map((c) => say(c.label)), text) : MessageFactory.text(text);
  activity.inputHint = InputHints.ExpectingInput;
  return activity;
}
