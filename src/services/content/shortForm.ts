/**
 * A message in two forms: its words, and, where the content has one, its short form (few words, for a small and paid
 * screen). Dialogs say both and know nothing of channels; the channel that renders a message chooses the form (the
 * SMS channel sends the short one, web chat shows the words, cards and buttons).
 *
 * In the content module a message's short form is the message id with `.sms` after it; an empty short form means
 * "nothing to say in short" (e.g. the welcome's question already says what its choices mean).
 */
import type { Activity } from 'botbuilder';
import { MESSAGES, say, type MessageId } from './messages';

export interface Words {
  text: string;
  /** The short form, when it differs from the text ('' = say nothing in short). */
  short?: string;
}

/** How a short form travels with its activity (in channelData, under SHORT_FORM). */
export interface ShortForm {
  /** The message in short, as blocks (each service, each note): a block is never split when it fits one text. */
  blocks: string[];
  /** The short words of the message's choices, in the order of its buttons (a choice's value stays the same). */
  choices?: string[];
  /** The short form already says how to reply, so the message's buttons are not listed again. */
  saysChoices?: boolean;
}

export const SHORT_FORM = 'shortForm';

type Values = Record<string, string | number>;

function shortId(id: MessageId): MessageId | undefined {
  const variant = `${id}.sms`;
  return Object.prototype.hasOwnProperty.call(MESSAGES, variant) ? (variant as MessageId) : undefined;
}

/** A message's words and its short form (when it has one). */
export function words(id: MessageId, values: Values = {}): Words {
  const variant = shortId(id);
  return variant ? { text: say(id, values), short: say(variant, values) } : { text: say(id, values) };
}

/** A message's short form: its `.sms` variant where it has one, else its words. */
export function sayShort(id: MessageId, values: Values = {}): string {
  return shortOf(words(id, values));
}

export function shortOf(w: Words): string {
  return w.short ?? w.text;
}

/** Several messages as one, in both forms; empty parts are left out of each form. */
export function joinWords(parts: readonly Words[], separator = '\n'): Words {
  const text = parts.map((p) => p.text).filter((t) => t !== '').join(separator);
  if (parts.every((p) => p.short === undefined)) return { text };
  return { text, short: parts.map(shortOf).filter((t) => t !== '').join(separator) };
}

/** The activity with its short form held beside it (nothing changes when there is none). */
export function withShortForm<A extends Partial<Activity>>(activity: A, form: ShortForm | undefined): A {
  if (!form) return activity;
  const channelData = typeof activity.channelData === 'object' && activity.channelData !== null ? activity.channelData : {};
  activity.channelData = { ...channelData, [SHORT_FORM]: form };
  return activity;
}

/** The short form of words, as the form an activity carries (undefined when the words have none). */
export function shortFormOfWords(w: Words): ShortForm | undefined {
  return w.short === undefined ? undefined : { blocks: w.short === '' ? [] : [w.short] };
}

/** The short form an activity carries, if any (anything malformed is ignored: the words are sent instead). */
export function shortFormOf(activity: Partial<Activity>): ShortForm | undefined {
  const data = activity.channelData as Record<string, unknown> | undefined;
  const form = data && typeof data === 'object' ? (data[SHORT_FORM] as Partial<ShortForm> | undefined) : undefined;
  const strings = (list: unknown): list is string[] => Array.isArray(list) && list.every((b) => typeof b === 'string');
  if (!form || !strings(form.blocks)) return undefined;
  return { blocks: form.blocks, ...(strings(form.choices) ? { choices: form.choices } : {}), ...(form.saysChoices === true ? { saysChoices: true } : {}) };
}
