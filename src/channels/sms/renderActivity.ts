/**
 * A bot activity as SMS: text without markdown, cards as compact lines, buttons and suggested actions as numbered
 * lines ("1 Text me") that a reply of the number picks, all GSM-7 and split into segment-sized parts.
 */
import type { Activity, Attachment, CardAction } from 'botbuilder';
import { say } from '../../services/content/messages';
import { shortFormOf } from '../../services/content/shortForm';
import { renderSmsText, type SmsPart } from './renderText';

/** One numbered option: what a reply of its number stands for. */
export interface SmsChoice {
  /** Sent to the bot as the message text. */
  text: string;
  /** Sent as the activity's value, for postBack/messageBack buttons and Adaptive Card submits with data. */
  value?: unknown;
}

export interface RenderedSms {
  parts: SmsPart[];
  /** The numbered options this message offers; empty when it offers none. */
  choices: SmsChoice[];
}

const HERO = 'application/vnd.microsoft.card.hero';
const THUMBNAIL = 'application/vnd.microsoft.card.thumbnail';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

interface Collected {
  lines: string[];
  choices: { title: string; choice: SmsChoice }[];
}

/**
 * A message that carries a short form (see services/content/shortForm) is texted in it: its blocks instead of its
 * words and cards, its choices' short words as the numbered lines (or none, when the short form says how to reply).
 */
export function renderActivityForSms(activity: Partial<Activity>): RenderedSms {
  const blocks: string[] = [];
  const collected: Collected = { lines: [], choices: [] };
  const short = shortFormOf(activity);
  if (short) blocks.push(...short.blocks.map(plainText));
  else {
    if (activity.text) blocks.push(plainText(activity.text));
    for (const attachment of activity.attachments ?? []) {
      const card: Collected = { lines: [], choices: collected.choices };
      renderAttachment(attachment, card);
      if (card.lines.length) blocks.push(card.lines.join('\n'));
    }
  }
  const actions = activity.suggestedActions?.actions ?? [];
  const titles = short?.choices?.length === actions.length ? short.choices : undefined;
  if (!short?.saysChoices) actions.forEach((action, i) => renderAction(titles ? { ...action, title: titles[i] } : action, collected));
  if (collected.lines.length) blocks.push(collected.lines.join('\n'));
  const choices = collected.choices;
  if (choices.length) {
    const lines = choices.map((c, i) => `${i + 1} ${c.title}`);
    lines.push(say('sms.choose', { numbers: numberList(choices.length) }));
    blocks.push(lines.join('\n'));
  }
  return { parts: renderSmsText(blocks), choices: choices.map((c) => c.choice) };
}

/** "1", "1 or 2", "1, 2 or 3". */
export function numberList(count: number): string {
  const numbers = Array.from({ length: count }, (_, i) => String(i + 1));
  return numbers.length === 1 ? numbers[0] : `${numbers.slice(0, -1).join(', ')} or ${numbers[numbers.length - 1]}`;
}

/** Markdown a channel would format, as plain text: emphasis markers dropped, links as "text (address)". */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => (label === url ? url : `${label} (${url.replace(/^(tel|mailto):/, '')})`))
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\s)\*(\S(?:.*?\S)?)\*(?=\s|[.,!?]|$)/g, '$1$2')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*[*+]\s+/gm, '- ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function renderAttachment(attachment: Attachment, out: Collected): void {
  const content = (attachment.content ?? {}) as Record<string, unknown>;
  if (attachment.contentType === HERO || attachment.contentType === THUMBNAIL) {
    for (const field of ['title', 'subtitle', 'text']) if (typeof content[field] === 'string' && content[field]) out.lines.push(plainText(content[field]));
    for (const button of asArray(content.buttons)) renderAction(button as CardAction, out);
  } else if (attachment.contentType === ADAPTIVE) {
    renderAdaptiveElements(asArray(content.body), out);
    renderAdaptiveActions(asArray(content.actions), out);
  } else if (typeof attachment.contentUrl === 'string' && /^https?:\/\//.test(attachment.contentUrl)) {
    out.lines.push(attachment.name ? `${attachment.name}: ${attachment.contentUrl}` : attachment.contentUrl);
  } else if (attachment.name) {
    out.lines.push(attachment.name);
  }
}

function renderAction(action: CardAction | undefined, out: Collected): void {
  if (!action || typeof action !== 'object') return;
  const title = String(action.title ?? action.displayText ?? action.text ?? action.value ?? '').trim();
  switch (action.type) {
    case 'imBack':
      if (title) out.choices.push({ title, choice: { text: typeof action.value === 'string' ? action.value : title } });
      return;
    case 'postBack':
    case 'messageBack': {
      const text = action.text ?? (typeof action.value === 'string' ? action.value : title);
      if (title) out.choices.push({ title, choice: { text, ...(typeof action.value === 'object' && action.value !== null ? { value: action.value } : {}) } });
      return;
    }
    case 'openUrl':
    case 'call':
    case 'downloadFile':
      if (typeof action.value === 'string') out.lines.push(`${title && title !== action.value ? `${title}: ` : ''}${action.value.replace(/^(tel|mailto):/, '')}`);
      return;
    default:
      return;
  }
}

function renderAdaptiveElements(elements: unknown[], out: Collected): void {
  for (const element of elements as Record<string, unknown>[]) {
    if (!element || typeof element !== 'object' || element.isVisible === false) continue;
    switch (element.type) {
      case 'TextBlock':
        if (typeof element.text === 'string' && element.text.trim()) out.lines.push(plainText(element.text));
        break;
      case 'RichTextBlock': {
        const text = asArray(element.inlines).map((inline) => (typeof inline === 'string' ? inline : String((inline as { text?: unknown }).text ?? ''))).join('');
        if (text.trim()) out.lines.push(text.trim());
        break;
      }
      case 'FactSet':
        for (const fact of asArray(element.facts) as { title?: unknown; value?: unknown }[]) {
          const title = typeof fact.title === 'string' ? fact.title.trim() : '';
          out.lines.push(title ? `${title.replace(/:$/, '')}: ${String(fact.value ?? '')}` : String(fact.value ?? ''));
        }
        break;
      case 'Container':
      case 'Column':
        renderAdaptiveElements(asArray(element.items), out);
        break;
      case 'ColumnSet':
        renderAdaptiveElements(asArray(element.columns), out);
        break;
      case 'ActionSet':
        renderAdaptiveActions(asArray(element.actions), out);
        break;
      default:
        break;
    }
  }
}

function renderAdaptiveActions(actions: unknown[], out: Collected): void {
  for (const action of actions as Record<string, unknown>[]) {
    if (!action || typeof action !== 'object') continue;
    const title = typeof action.title === 'string' ? action.title.trim() : '';
    if ((action.type === 'Action.Submit' || action.type === 'Action.Execute') && title) {
      const data = action.data;
      out.choices.push({ title, choice: { text: typeof data === 'string' ? data : title, ...(data && typeof data === 'object' ? { value: data } : {}) } });
    } else if (action.type === 'Action.OpenUrl' && typeof action.url === 'string') {
      out.lines.push(title ? `${title}: ${action.url}` : action.url);
    }
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
