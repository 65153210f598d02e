/*
 * What a link worker needs at a glance about one person, shared by the queue and the conversation page: their first
 * name and age, the channel in words, why it is urgent (the kinds of risk and their own words), their needs, and how
 * long they have waited for a first reply against the team's target. Everything people wrote is set as text.
 */
import { h } from './page.js';
import { duration } from './format.js';

/** "Sam, 65" (or what is known), never blank. */
export function personText(item) {
  const person = item.person;
  if (!person || (!person.firstName && person.age === null)) return 'No name given';
  const parts = [];
  if (person.firstName) parts.push(person.firstName);
  if (person.age !== null && person.age !== undefined) parts.push('age ' + person.age);
  return parts.join(', ');
}

/** The kinds of risk ("suicide, self harm"), or '' when there was no crisis. */
export function riskText(item) {
  return item.risk && item.risk.kinds.length ? item.risk.kinds.join(', ') : '';
}

export function needsText(needs) {
  return needs && needs.length ? needs.map((n) => n.label).join(', ') : '';
}

/** Milliseconds the person has waited for a first reply from a person (ticking on while they still wait). */
export function replyWait(item, nowMs) {
  if (item.firstReplyAt || item.status === 'closed') return item.replyWaitMs;
  return Math.max(0, nowMs - new Date(item.createdAt).getTime());
}

export function overTarget(item, nowMs) {
  return Boolean(item.firstReplyTargetMs) && !item.firstReplyAt && item.status !== 'closed' && replyWait(item, nowMs) > item.firstReplyTargetMs;
}

/** "12 minutes, target 15 minutes", with "Over target" flagged; "Replied after 4 minutes" once someone has. */
export function waitElements(item, nowMs) {
  const target = item.firstReplyTargetMs ? 'target ' + duration(item.firstReplyTargetMs) : '';
  if (item.firstReplyAt) return [h('span', {}, 'Replied after ' + duration(item.replyWaitMs)), target ? h('div', { class: 'muted' }, target) : null];
  const over = overTarget(item, nowMs);
  return [
    h('span', {}, duration(replyWait(item, nowMs)) + (item.status === 'closed' ? '' : ' without a reply')),
    target ? h('div', { class: 'muted' }, target) : null,
    over ? h('span', { class: 'badge badge--urgent' }, 'Over target') : null,
  ];
}

/** Why it is urgent, in the person's words: "Risk: suicide" and what they wrote, quoted. */
export function riskElements(item) {
  const kinds = riskText(item);
  if (!kinds) return [];
  return [h('div', { class: 'risk', text: 'Risk: ' + kinds }), item.risk.words ? h('q', { class: 'risk-words', text: item.risk.words }) : null];
}
