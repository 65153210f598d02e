/**
 * Turns what people type into one plain form before anything is matched or classified: lower case, straight
 * apostrophes, contractions and text-speak expanded from the lexicon ("im" -> "i am", "cant" -> "can not",
 * "u" -> "you"), stretched letters shortened ("soooo" -> "soo"), typos fixed against the model's own words, and each
 * word stemmed. Every token keeps the span of the original text it came from.
 */
import { StemmerEn } from '@nlpjs/lang-en';
import type { Lexicon } from '../cognitiveModels';
import { SpellingCorrector } from './spelling';

export interface Token {
  /** The normalised word (after expansion and typo correction). */
  text: string;
  /** Its stem, for matching inflected forms ("renting" ~ "rent"). */
  stem: string;
  /** Span in the original text. */
  start: number;
  end: number;
  /** A clause break (. , ! ? ; : or a new line) comes just before this token. */
  boundaryBefore: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:['\u2019\u02bc`][\p{L}]+)*|&|[.,!?;:\n]/gu;
const BREAK = /^[.,!?;:\n]$/;

export class TextNormaliser {
  private readonly stemmer = new StemmerEn();
  private readonly stems = new Map<string, string>();
  private readonly expansions: Map<string, string[]>;

  /**
   * @param key a digest of everything that decides what this normaliser makes of a text (its lexicon, its words, the
   *   code), when the one who built it knows it: models trained on its output are cached under it (modelNormaliser.ts)
   */
  constructor(lexicon: Lexicon, private readonly speller?: SpellingCorrector, readonly key?: string) {
    this.expansions = new Map(Object.entries(lexicon.expansions).map(([k, v]) => [k, v.split(/\s+/).filter(Boolean)]));
  }

  stem(word: string): string {
    let s = this.stems.get(word);
    if (s === undefined) {
      s = /^[a-z]+$/.test(word) ? this.stemmer.stemWord(word) : word;
      if (this.stems.size > 20000) this.stems.clear();
      this.stems.set(word, s);
    }
    return s;
  }

  /** "soooo" -> "so", "lonelyyyy" -> "lonely", "pleeease" -> "please": letters typed 3+ times, cut to two or one. */
  private unstretch(word: string): string {
    if (!/(\p{L})\1{2,}/u.test(word)) return word;
    const two = word.replace(/(\p{L})\1{2,}/gu, '$1$1');
    const one = word.replace(/(\p{L})\1{2,}/gu, '$1');
    const known = (w: string) => this.expansions.has(w) || (this.speller?.isKnown(w) ?? false);
    if (known(two)) return two;
    return known(one) || this.speller ? one : two;
  }

  /** Words without typo correction: what the model's own texts are made of. */
  words(text: string): string[] {
    return this.tokens(text, false, false).map((t) => t.text);
  }

  /** The normalised tokens of a text (typo-fixed unless correct is false; stems left empty when stem is false). */
  tokens(text: string, correct = true, stem = true): Token[] {
    const out: Token[] = [];
    let boundary = true;
    for (const match of text.normalize('NFKC').matchAll(WORD)) {
      const raw = match[0];
      if (BREAK.test(raw)) {
        boundary = true;
        continue;
      }
      const start = match.index;
      const end = start + raw.length;
      let word = this.unstretch(raw.toLowerCase().replace(/[\u2019\u02bc`]/g, "'"));
      if (word === '&') word = 'and';
      let expanded = this.expansions.get(word);
      if (!expanded && word.includes("'")) {
        word = word.endsWith("'s") ? word.slice(0, -2) : word.replace(/'/g, '');
        expanded = this.expansions.get(word);
      }
      for (const w of expanded ?? [word]) {
        const fixed = correct && this.speller ? this.speller.correct(w) : w;
        out.push({ text: fixed, stem: stem ? this.stem(fixed) : '', start, end, boundaryBefore: boundary });
        boundary = false;
      }
    }
    return out;
  }

  /** The normalised text, words joined by spaces (what the classifiers see). */
  normalise(text: string): string {
    return this.tokens(text).map((t) => t.text).join(' ');
  }
}
