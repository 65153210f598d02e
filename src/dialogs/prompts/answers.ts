/**
 * The small answers people give to any question: yes, no, skip, not sure, back, and choosing from a list by number or
 * by name. Each returns undefined when the reply is not that kind of answer.
 */
import { normalise, words } from './text';

const YES = new Set(['yes', 'y', 'yeah', 'yea', 'yep', 'yup', 'ye', 'yes please', 'ok', 'okay', 'k', 'sure', 'fine', 'go on', 'go ahead', 'please do', 'of course', 'right', 'correct', 'that is right', "that's right", 'thats right', 'yes that is right', "yes that's right", 'yes thats right', 'yes it is', 'it is', 'i am', 'i do', 'agree', 'i agree', 'happy', 'i am happy', "i'm happy", 'im happy', 'yes i am', 'yes send it', 'send it', 'aye', 'alright', 'all right', 'yes ok', 'ok yes']);
const NO = new Set(['no', 'n', 'nope', 'nah', 'no thanks', 'no thank you', 'not really', 'no it is not', "no it's not", 'no its not', "that's wrong", 'thats wrong', 'wrong', 'i do not', "i don't", 'i dont', 'i am not', "i'm not", 'im not', 'no i am not', "no i'm not", 'not happy', 'disagree', 'i disagree', 'no way', 'no carry on', 'no, carry on']);
const SKIP = new Set(['skip', 'skip it', 'skip this', 'skip this one', 'skip this question', 'pass', 'next', 'next question', 'not sure', "i'm not sure", 'im not sure', 'i am not sure', 'unsure', "don't know", 'dont know', 'do not know', "i don't know", 'i dont know', 'i do not know', 'dunno', 'no idea', 'rather not say', "i'd rather not say", 'id rather not say', 'i would rather not say', 'prefer not to say', 'i prefer not to say', "i'd prefer not to say", 'none', 'n/a', 'na', 'no answer', 'not applicable', 'leave it blank', 'blank', '-']);
const UNSURE = new Set(['not sure', "i'm not sure", 'im not sure', 'i am not sure', 'unsure', "don't know", 'dont know', 'do not know', "i don't know", 'i dont know', 'i do not know', 'dunno', 'no idea', 'maybe', 'kind of', 'sort of', 'partly']);
const BACK = new Set(['back', 'go back', 'previous', 'previous question', 'last question', 'the last question', 'go back one', 'back one', 'undo', 'back please', 'go back please', 'wait go back', 'oops go back', 'i made a mistake go back']);

export function isYes(text: string): boolean {
  return YES.has(normalise(text));
}

export function isNo(text: string): boolean {
  return NO.has(normalise(text));
}

/** yes, no, or undefined when the reply is neither. */
export function parseYesNo(text: string): boolean | undefined {
  if (isYes(text)) return true;
  if (isNo(text)) return false;
  return undefined;
}

/** "skip", "not sure", "rather not say": the person chooses not to answer an optional question. */
export function isSkip(text: string): boolean {
  return SKIP.has(normalise(text));
}

/** "not sure", "don't know", "maybe". */
export function isUnsure(text: string): boolean {
  return UNSURE.has(normalise(text));
}

/** "back", "go back", "previous question": return to the question before. */
export function isBack(text: string): boolean {
  return BACK.has(normalise(text));
}

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, nought: 0, nil: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5,
};

/** A whole number given as digits or a word ("7", "seven", "7/10", "number 3"); undefined otherwise. */
export function parseWholeNumber(text: string): number | undefined {
  const t = normalise(text).replace(/^(number|no\.?|option|score|it'?s|it is|i'?d say|i would say|about|maybe)\s+/, '').replace(/\s*(\/|out of)\s*10$/, '');
  if (/^\d{1,3}$/.test(t)) return Number(t);
  return NUMBER_WORDS[t];
}

/** Several numbers in one reply: "1 and 3", "1, 3, 5", "2 4". Undefined unless the reply is only numbers. */
export function parseNumberList(text: string): number[] | undefined {
  const parts = normalise(text).replace(/\b(and|&|plus|also)\b/g, ' ').split(/[\s,;/]+/).filter(Boolean);
  if (parts.length === 0) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = /^\d{1,2}$/.test(part) ? Number(part) : NUMBER_WORDS[part];
    if (n === undefined) return undefined;
    numbers.push(n);
  }
  return [...new Set(numbers)];
}

/**
 * Which of a list of choices a reply picks: by its number ("2"), by its words ("phone call"), or by one of the
 * synonyms given for it. Returns the index, or undefined.
 */
export function matchChoice(text: string, choices: readonly { label: string; synonyms?: readonly string[] }[]): number | undefined {
  const n = parseWholeNumber(text);
  if (n !== undefined) return n >= 1 && n <= choices.length ? n - 1 : undefined;
  const reply = normalise(text);
  const exact = choices.findIndex((c) => normalise(c.label) === reply || (c.synonyms ?? []).some((s) => normalise(s) === reply));
  if (exact >= 0) return exact;
  const replyWords = new Set(words(text));
  const hits = choices
    .map((c, index) => ({ index, hit: (c.synonyms ?? []).some((s) => s.includes(' ') ? ` ${reply} `.includes(` ${normalise(s)} `) : replyWords.has(normalise(s))) }))
    .filter((c) => c.hit);
  return hits.length === 1 ? hits[0].index : undefined;
}
