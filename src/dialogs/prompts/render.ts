/**
 * A question as an activity: its words, any list lines, and its choices as suggested actions (buttons in web chat;
 * the SMS channel turns them into numbered lines and maps a reply of the number back to the choice). The short form
 * of the question and of its choices travels with it; the channel chooses which form to show.
 */
import { InputHints, MessageFactory, type Activity } from 'botbuilder';
import type { MessageId } from '../../services/content/messages';
import { joinWords, shortOf, withShortForm, words, type Words } from '../../services/content/shortForm';
import { question, type QuestionId } from './questions';

export interface RenderOptions {
  /** Values for the question's {placeholders}. */
  values?: Record<string, string | number>;
  /** Say this instead of the question (a re-prompt that explains what was wrong), keeping the choices. */
  instead?: MessageId;
  insteadValues?: Record<string, string | number>;
  /** Offer only these of the question's choices (by value), in the question's order. */
  offer?: readonly string[];
}

export function questionActivity(id: QuestionId, options: RenderOptions = {}): Partial<Activity> {
  const q = question(id);
  // A re-prompt says what was wrong, then asks the question again, so no one has to scroll up to see what was asked.
  const offered = (q.choices ?? []).map((c) => c.value).filter((value) => !options.offer || options.offer.includes(value));
  const asked = words(q.text, { ...q.valuesFor?.(offered), ...options.values });
  const instead = options.instead && options.instead !== q.text ? words(options.instead, options.insteadValues) : undefined;
  const again = q.repeatOnRetry !== false;
  let said: Words = instead ? (again ? joinWords([instead, asked]) : instead) : asked;
  if (q.lines && (!instead || again)) said = joinWords([said, ...q.lines().map((line) => ({ text: line }))]);
  const labels = (q.choices ?? []).filter((c) => offered.includes(c.value)).map((c) => words(c.label));
  const activity = labels.length > 0 ? MessageFactory.suggestedActions(labels.map((l) => l.text), said.text) : MessageFactory.text(said.text);
  activity.inputHint = InputHints.ExpectingInput;
  const shortChoices = labels.some((l) => l.short !== undefined) ? { choices: labels.map(shortOf) } : {};
  const saysChoices = q.saysChoices && labels.length > 0 ? { saysChoices: true } : {};
  if (said.short === undefined && !('choices' in shortChoices) && !('saysChoices' in saysChoices)) return activity;
  return withShortForm(activity, { blocks: [shortOf(said)].filter((b) => b !== ''), ...shortChoices, ...saysChoices });
}
