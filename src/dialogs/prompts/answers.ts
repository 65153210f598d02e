/**
 * The small answers people give to any question: yes, no, skip, not sure, back, and choosing from a list by number or
 * by name. Each returns undefined when the reply is not that kind of answer.
 */
import { normalise, words } from './text';

const YES = new Set(['yes', 'y', 'yeah', 'yea', 'yep', 'yup', 'ye', 'yes please', 'ok', 'okay', 'k', 'sure', 'fine', 'go on', 'go ahead', 'please do', 'of course', 'right', 'correct', 'that is right', "that's right", 'thats right', 'yes that is right', "yes that's right", 'yes thats right', 'yes it is', 'it is', 'i am', 'i do', 'agree', 'i agree', 'happy', 'i am happy', "i'm happy", 'im happy', 'yes i am', 'yes send it', 'send it', 'aye', 'alright', 'all right', 'yes ok', 'ok yes']);
const NO = new Set(['no', 'n', 'nope', 'nah', 'no thanks', 'no thank you', 'not really', 'no it is not', "no it's not", 'no its not', "that's wrong", 'thats wrong', 'wrong', 'i do not', "i don't", 'i dont', 'i am not', "i'm not", 'im not', 'no i am not', "no i'm not", 'not happy', 'disagree', 'i disagree', 'no way', 'no carry on', 'no, carry on']);
const SKIP = new Set(['skip', 'skip it', 'skip this', 'skip this one', 'skip this question', 'pass', 'next', 'next question', 'not sure', "i'm not sure", 'im not sure', 'i am not sure', 'unsure', "don't know", 'dont know', 'do not know', "i don't know", 'i dont know', 'i do not know', 'dunno', 'no idea', 'rather not say', "i'd rather not say", 'id rather not say', 'i would rather not say', 'prefer not to say', 'i prefer not to say', "i'd prefer not to say", 'none', 'n/a', 'na', 'no answer', 'not applicable', 'leave it blank', 'blank', '-', 'no', 'nope', 'nah', 'no thanks', 'no thank you', 'no ta', 'nothing', 'nothing thanks', 'nothing thank you', 'nothing else', 'not really', 'rather not', "i'd rather not", 'id rather not', 'i would rather not', "i don't have one", 'i dont have one', 'i do not have one', "i haven't got one", 'i havent got one', "don't have one", 'dont have one', "i don't know it", 'i dont know it', 'i do not know it', "can't remember", 'cant remember', "i can't remember", 'i cant remember', 'not now', 'later', 'idk', 'never mind', 'nevermind', 'leave it', "don't", 'dont', 'do not', 'no skip', 'no skip it']);
const UNSURE = new Set(['not sure', "i'm not sure", 'im not sure', 'i am not sure', 'unsure', "don't know", 'dont know', 'do not know', "i don't know", 'i dont know', 'i do not know', 'dunno', 'no idea', 'maybe', 'kind of', 'sort of', 'partly']);
const BACK = new Set(['back', 'go back', 'previous', 'previous question', 'last question', 'the last question', 'go back one', 'back one', 'undo', 'back please', 'go back please', 'wait go back', 'oops go back', 'i made a mistake go back']);

/** A reply's words for yes/no reading: apostrophes dropped ("that's" -> "thats"), punctuation gone. */
function plainWords(text: string): string[] {
  return normalise(text).replace(/'/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').filter(Boolean);
}

/** Phrases that mean yes although they hold a "no" or "not" ("no problem", "I don't mind"). Checked first. */
const YES_DESPITE_NO = [/\bno (problem|worries|bother)\b/, /\b(dont|do not) mind\b/, /\bnot a problem\b/, /\bwhy not\b/];
/** Words and phrases that say yes wherever they come first in a short reply ("yeah go on", "that's fine"). */
const YES_SIGNALS = /^(y|ye+s*|ya+|yah|yea+h?|yep|yup|yh|ok(ay)?|k|sure|aye|absolutely|definitely|certainly|fine|correct|right|agree(d)?|happy|alright|all right|good|great|perfect|lovely|exactly|indeed|course|spot on|pretty much|sounds (good|right|fine|great)|looks (good|right|fine|great)|go (on|ahead)|please do|thats (it|fine|ok|okay|right|correct|good|great|lovely)|that is (it|fine|ok|okay|right|correct)|all (correct|good|fine|right))$/;
/** Words that say no ("nah", "not now", "I'd rather not", "oops no"). */
const NO_SIGNALS = /^(n|no+|nah+|nope|naw|nay|not|dont|do not|never|wrong|disagree|rather not|id rather not|cant|cannot|(definitely|absolutely|certainly|of course|really|just|please|course) not)$/;
/** Replies too unsure to count as either ("not sure", "I don't know"). */
const UNSURE_WORDS = /\b(not sure|unsure|dont know|do not know|dunno|no idea|maybe|perhaps|not certain)\b/;
const MAX_YES_NO_WORDS = 8;

/**
 * Yes or no as people say it: the exact forms first, then the first word or pair of words that says yes or no, as long
 * as the reply is short and does not say both (a "no" first wins: "no thanks, I'm fine" is no; "yes but not now" is
 * neither), and is not unsure.
 */
function readYesNo(text: string): boolean | undefined {
  const t = normalise(text);
  if (YES.has(t)) return true;
  if (NO.has(t) || /^(not (now|yet|today|right now|at the moment|really|quite)|rather not|id rather not|i'd rather not)$/.test(t)) return false;
  const plain = plainWords(text).join(' ');
  if (plain === '' || plain.split(' ').length > MAX_YES_NO_WORDS) return undefined;
  if (YES_DESPITE_NO.some((p) => p.test(plain))) return /\b(but|though)\b/.test(plain) ? undefined : true;
  if (UNSURE_WORDS.test(plain)) return undefined;
  const tokens = plain.split(' ');
  let first: boolean | undefined;
  let sawNo = false;
  for (let i = 0; i < tokens.length; i++) {
    const one = tokens[i];
    const two = i + 1 < tokens.length ? `${one} ${tokens[i + 1]}` : '';
    const three = i + 2 < tokens.length ? `${two} ${tokens[i + 2]}` : '';
    const isNoHere = NO_SIGNALS.test(one) || (two !== '' && NO_SIGNALS.test(two)) || (three !== '' && NO_SIGNALS.test(three));
    const isYesHere = !isNoHere && (YES_SIGNALS.test(one) || (two !== '' && YES_SIGNALS.test(two)) || (three !== '' && YES_SIGNALS.test(three)));
    if (isNoHere) sawNo = true;
    if (first === undefined && (isNoHere || isYesHere)) first = isYesHere;
  }
  if (first === false) return false;
  if (first === true && !sawNo) return true;
  return undefined;
}

/**
 * yes, no, or undefined when the reply is neither. `exact` reads only the set forms ("yes", "no thanks"), as the
 * questions about safety do: there a "no" read from a longer reply ("no I'm not ok") could hide risk.
 */
export function parseYesNo(text: string, options: { exact?: boolean } = {}): boolean | undefined {
  if (options.exact) {
    const t = normalise(text);
    return YES.has(t) ? true : NO.has(t) ? false : undefined;
  }
  return readYesNo(text);
}

/**
 * "skip", "not sure", "rather not say", "no thanks", "never mind": the person chooses not to answer an optional question
 * (or not to give a postcode or a number for texts). The one reading of a skip: the intake and the services use it alike.
 */
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

/** What a number reply says: one whole number, a range between two ("6 or 7"), a decimal ("5.5"), or nothing. */
export type NumberReading = { kind: 'whole'; n: number } | { kind: 'between'; low: number; high: number } | { kind: 'decimal'; n: number };

const NUMBER_LEAD_INS = /^(number|no\.?|option|score|it'?s|it is|that'?s|i'?d say|i would say|i say|say|about|around|roughly|approximately|approx|maybe|probably|perhaps|like|just|only|definitely|prob|a|an|the|i think|i guess|i feel|feeling|at|on)\s+/;
const NUMBER_TAILS = /\s+(i guess|i think|probably|maybe|perhaps|ish|or so|at a push|really|to be honest|tbh|please|thanks|thank you|today|at the moment|right now|i suppose)$/;
const OUT_OF = /\s*(\/|out of|outta)\s*(10|ten|5|five)$/;
const ORDINALS: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5 };

function oneNumber(t: string): number | undefined {
  if (/^-?\d{1,3}$/.test(t)) return Number(t);
  return NUMBER_WORDS[t];
}

/** How a reply reads as a number, with hedges dropped ("about a 4", "5 I guess", "7/10", "the first one"). */
export function readNumber(text: string): NumberReading | undefined {
  let t = normalise(text).replace(/(\d)\s*-?ish$/, '$1');
  for (let before = ''; before !== t; ) {
    before = t;
    t = t.replace(NUMBER_LEAD_INS, '').replace(NUMBER_TAILS, '').replace(OUT_OF, '').replace(/[.!?,]+$/, '').trim();
  }
  const ordinal = /^(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th)( one| option| choice)?$/.exec(t);
  if (ordinal) return { kind: 'whole', n: ORDINALS[ordinal[1]] };
  const whole = oneNumber(t);
  if (whole !== undefined) return { kind: 'whole', n: whole };
  if (/^\d{1,2}\.\d+$/.test(t)) return { kind: 'decimal', n: Number(t) };
  const range = /^(\S+)\s*(?:or|to|-|and|\/)\s*(\S+)$/.exec(t);
  if (range) {
    const [low, high] = [oneNumber(range[1]), oneNumber(range[2])];
    if (low !== undefined && high !== undefined && low >= 0 && high >= 0 && low !== high) return { kind: 'between', low: Math.min(low, high), high: Math.max(low, high) };
  }
  return undefined;
}

/** A whole number given as digits or a word ("7", "seven", "7/10", "number 3", "about a 4"); undefined otherwise. */
export function parseWholeNumber(text: string): number | undefined {
  const reading = readNumber(text);
  return reading?.kind === 'whole' ? reading.n : undefined;
}

/** Several numbers in one reply: "1 and 3", "1, 3, 5", "2 4". Undefined unless the reply is only numbers. */
export function parseNumberList(text: string): number[] | undefined {
  const parts = normalise(text).replace(/^(number|numbers|options?)\s+/, '').replace(/\b(and|&|plus|also)\b|&/g, ' ').split(/[\s,;/]+/).filter(Boolean);
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
