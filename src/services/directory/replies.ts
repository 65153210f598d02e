/**
 * What a person wants to do with the services shown: a button's words in web chat, or a reply by text message
 * ("more", "near", "online", "free", "all", "text", "done").
 */
import { say } from '../content/messages';
import { listOf } from './matching/reasons';

export type SignpostAction = 'more' | 'near' | 'online' | 'free' | 'all' | 'text' | 'done';

const RULES: [SignpostAction, RegExp][] = [
  ['text', /\b(text|txt|sms) (me|them|it|these|those)\b|^(text|txt|sms)( please)?$|\bsend (me )?(them|these|those|it)\b/],
  ['online', /\b(online|internet|from home|phone only|by phone|remote)\b/],
  ['near', /\b(near|nearby|nearer|close|closer|local|nearest)\b/],
  ['free', /\bfree\b/],
  ['all', /^(show )?(me )?(all|everything|all of them)( again)?$|\b(clear|remove|no) filters?\b|^show all$/],
  ['more', /^(more|next|m|show more|see more|more please|any more|anymore|others|other ones|what else)\b/],
  ['done', /^(done|no|nope|no thanks|no thank you|finish(ed)?|thanks|thank you|ta|cheers|that'?s (all|it|fine|great)|ok(ay)?|bye|goodbye|end|i'?m done)\b/],
];

export function parseSignpostReply(text: string): SignpostAction | undefined {
  const t = text.trim().toLowerCase().replace(/[.!?]+$/, '').replace(/\s+/g, ' ');
  if (t === '') return undefined;
  return RULES.find(([, pattern]) => pattern.test(t))?.[0];
}

/**
 * The choices offered, in short, as the keywords to reply with: "MORE for more, NEAR, ONLINE, FREE or DONE" (the
 * menu's short form says "Reply {keywords}."). Each keyword is the word parseSignpostReply reads; "text me these" has
 * none (a text is already a text).
 */
export function keywordList(actions: readonly SignpostAction[]): string {
  return listOf(actions.filter((a) => a !== 'text').map((a) => (a === 'more' ? say('signpost.keyword.more') : a.toUpperCase())), 'or');
}
