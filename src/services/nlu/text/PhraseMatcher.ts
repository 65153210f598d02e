/**
 * Finds phrases in normalised tokens, by stem, longest and shortest alike (a phrase may belong to several values:
 * "behind on" is money, "rent" is housing). Small words such as "my", "the", "really" may sit inside a phrase
 * without breaking it ("behind on my rent", "look after my poorly mum").
 */
import type { Token } from './normaliser';

export const FILLERS = new Set(['my', 'the', 'a', 'an', 'our', 'his', 'her', 'their', 'your', 'all', 'any', 'some', 'of', 'really', 'just', 'so', 'very', 'too', 'much', 'proper', 'literally', 'actually', 'even', 'totally', 'completely', 'still', 'always', 'poorly', 'elderly', 'old', 'little', 'own', 'that', 'this', 'these', 'those', 'bit']);
const MAX_FILLERS = 2;

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

  add(phrase: string, value: T): this {
    const stems = this.tokenise(phrase).map((t) => t.stem);
    if (stems.length === 0) return this;
    let node = this.root;
    for (const stem of stems) {
      let child = node.next.get(stem);
      if (!child) {
        child = { next: new Map(), ends: [] };
        node.next.set(stem, child);
      }
      node = child;
    }
    if (!node.ends.some((e) => e.value === value)) node.ends.push({ value, phrase });
    return this;
  }

  find(tokens: Token[]): PhraseMatch<T>[] {
    const found: PhraseMatch<T>[] = [];
    for (let first = 0; first < tokens.length; first++) {
      let node = this.root.next.get(tokens[first].stem);
      let position = first;
      let fillers = 0;
      while (node) {
        for (const end of node.ends) found.push({ value: end.value, phrase: end.phrase, first, last: position });
        position++;
        let child: Node<T> | undefined;
        while (position < tokens.length) {
          child = node.next.get(tokens[position].stem);
          if (child || fillers >= MAX_FILLERS || !FILLERS.has(tokens[position].text)) break;
          fillers++;
          position++;
        }
        node = child;
      }
    }
    return found;
  }
}

export interface NegationRule {
  cues: ReadonlySet<string>;
  /** Words allowed between the cue and the phrase ("not really lonely", "never going to hurt myself"). */
  between: ReadonlySet<string>;
  window: number;
}

/** Whether a negation cue stands shortly before the match, in the same clause, with only allowed words between. */
export function isNegated(tokens: Token[], first: number, rule: NegationRule): boolean {
  for (let i = first - 1; i >= 0 && first - i <= rule.window; i--) {
    if (tokens[i + 1].boundaryBefore) return false;
    if (rule.cues.has(tokens[i].text)) return true;
    if (!rule.between.has(tokens[i].text)) return false;
  }
  return false;
}
