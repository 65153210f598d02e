/**
 * Finds phrases in normalised tokens, by stem, longest and shortest alike (a phrase may belong to several values:
 * "behind on" is money, "rent" is housing). Small words such as "my", "the", "really" may sit inside a phrase
 * without breaking it ("behind on my rent", "look after my poorly mum").
 */
import type { Token } from './normaliser';

export const FILLERS = new Set(['my', 'the', 'a', 'an', 'our', 'his', 'her', 'their', 'your', 'all', 'any', 'some', 'of', 'really', 'just', 'so', 'very', 'too', 'much', 'proper', 'literally', 'actually', 'even', 'totally', 'completely', 'still', 'always', 'poorly', 'elderly', 'old', 'little', 'own', 'ever', 'that', 'this', 'these', 'those', 'bit']);
const MAX_FILLERS = 2;
/** Words that stand for a kind of number: "#many" 10 or more ("took #many tablets"), "#year" a year from 1950 to
 * 2099 ("in #year"), "#childage" an age from 1 to 17 ("i am #childage"), "#olderage" one from 60 to 110. */
const NUMBER_WORDS: Record<string, (n: number, digits: string) => boolean> = {
  '#many': (n) => n >= 10,
  '#year': (n, digits) => digits.length === 4 && n >= 1950 && n <= 2099,
  '#childage': (n, digits) => digits.length <= 2 && n >= 1 && n <= 17,
  '#olderage': (n, digits) => digits.length <= 3 && n >= 60 && n <= 110,
};

export interface PhraseMatch<T> {
  value: T;
  /** The phrase as written in the model. */
  phrase: string;
  /** Token positions, inclusive. */
  first: number;
  last: number;
}

interface Node<T> {
  next: Map<string, Node<T>>;
  ends: { value: T; phrase: string }[];
}

export class PhraseMatcher<T> {
  private readonly root: Node<T> = { next: new Map(), ends: [] };

  /** @param tokenise how phrases become tokens: the same normaliser that reads people's texts, without typo fixing */
  constructor(private readonly tokenise: (text: string) => Token[]) {}

  /**
   * Adds a phrase. Words match by stem ("renting" ~ "rent"); a word written with a leading "=" matches only that exact
   * word, where stems would mix up meanings ("=housing" is not "house", "=died" is not "dying"); "#many", "#year" and
   * "#childage" match a number of that kind (NUMBER_WORDS).
   */
  add(phrase: string, value: T): this {
    const keys: string[] = [];
    for (const word of phrase.split(/\s+/).filter(Boolean)) {
      if (NUMBER_WORDS[word]) {
        keys.push(word);
        continue;
      }
      const exact = word.startsWith('=');
      for (const token of this.tokenise(exact ? word.slice(1) : word)) keys.push(exact ? `=${token.text}` : token.stem);
    }
    if (keys.length === 0) return this;
    let node = this.root;
    for (const key of keys) {
      let child = node.next.get(key);
      if (!child) {
        child = { next: new Map(), ends: [] };
        node.next.set(key, child);
      }
      node = child;
    }
    if (!node.ends.some((e) => e.value === value)) node.ends.push({ value, phrase });
    return this;
  }

  find(tokens: Token[]): PhraseMatch<T>[] {
    const found: PhraseMatch<T>[] = [];
    const children = (node: Node<T>, token: Token): Node<T>[] => {
      const out: Node<T>[] = [];
      const byStem = node.next.get(token.stem);
      if (byStem) out.push(byStem);
      const exact = node.next.get(`=${token.text}`);
      if (exact) out.push(exact);
      if (/^\d+$/.test(token.text)) {
        const n = Number(token.text);
        for (const [key, fits] of Object.entries(NUMBER_WORDS)) {
          const child = fits(n, token.text) ? node.next.get(key) : undefined;
          if (child) out.push(child);
        }
      }
      return out;
    };
    for (let first = 0; first < tokens.length; first++) {
      const stack = children(this.root, tokens[first]).map((node) => ({ node, position: first, fillers: 0 }));
      while (stack.length > 0) {
        const { node, position, fillers } = stack.pop()!;
        for (const end of node.ends) found.push({ value: end.value, phrase: end.phrase, first, last: position });
        if (node.next.size === 0) continue;
        // The next word, or up to MAX_FILLERS small words and then the next word.
        for (let next = position + 1, skipped = 0; next < tokens.length && fillers + skipped <= MAX_FILLERS; next++, skipped++) {
          for (const child of children(node, tokens[next])) stack.push({ node: child, position: next, fillers: fillers + skipped });
          if (!FILLERS.has(tokens[next].text)) break;
        }
      }
    }
    return found;
  }
}

export interface NegationCue {
  cues: ReadonlySet<string>;
  /** Words allowed between the cue and the phrase ("not really lonely", "never going to hurt myself"). */
  between: ReadonlySet<string>;
}

export interface NegationRule {
  /** Each set of cues with the words it allows in the gap. */
  cues: NegationCue[];
  /** How many words before the phrase to look at. */
  window: number;
}

/** Whether a negation cue stands shortly before the match, in the same clause, with only its allowed words between. */
export function isNegated(tokens: Token[], first: number, rule: NegationRule): boolean {
  return rule.cues.some(({ cues, between }) => {
    for (let i = first - 1; i >= 0 && first - i <= rule.window; i--) {
      if (tokens[i + 1].boundaryBefore) return false;
      if (cues.has(tokens[i].text)) return true;
      if (!between.has(tokens[i].text)) return false;
    }
    return false;
  });
}
