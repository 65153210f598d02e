/**
 * Typo tolerance: a word the model does not know is replaced by the closest word it does know, when one is close
 * enough (one edit for 4-7 letters, two for longer; a swap of two neighbouring letters counts as one edit).
 * One-edit candidates come from a delete index (the SymSpell idea), so a lookup costs a few map reads; long words
 * (two edits allowed) scan the words of similar length. Results are cached.
 */

/** Three rows of the distance table, reused by every call (grown as needed): no allocation per comparison. */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), stopping early above max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rows[0].length <= b.length) rows = [new Int32Array(b.length * 2), new Int32Array(b.length * 2), new Int32Array(b.length * 2)];
  // The row before the previous (for a transposition), the previous row, and the row being filled.
  let [older, previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = previous[j] + 1;
      if (current[j - 1] + 1 < d) d = current[j - 1] + 1;
      if (previous[j - 1] + cost < d) d = previous[j - 1] + cost;
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1) && older[j - 2] + 1 < d) d = older[j - 2] + 1;
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [older, previous, current] = [previous, current, older];
  }
  return previous[b.length];
}

/** How many edits a word of this length may carry and still be corrected. */
export function allowedEdits(length: number): number {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

function deletes(word: string, depth: number, into: Set<string>): void {
  if (depth === 0 || word.length <= 1) return;
  for (let i = 0; i < word.length; i++) {
    const shorter = word.slice(0, i) + word.slice(i + 1);
    if (!into.has(shorter)) {
      into.add(shorter);
      deletes(shorter, depth - 1, into);
    }
  }
}

const CACHE_LIMIT = 5000;

const singleLetters = (word: string): string => word.replace(/(.)\1+/g, '$1');

export class SpellingCorrector {
  private readonly targets = new Map<string, number>();
  private readonly known: Set<string>;
  private readonly index = new Map<string, string[]>();
  private readonly cache = new Map<string, string>();
  /** Every correctable target by its length, for the rare two-edit lookups (long words), which scan instead of using the index. */
  private readonly byLength = new Map<number, string[]>();

  /**
   * @param targets words a typo may be corrected to, with how often the model uses each (more often wins a tie)
   * @param known further real words that are never corrected (they are not typos of anything)
   */
  constructor(targets: Iterable<string>, known: Iterable<string> = []) {
    for (const word of targets) this.targets.set(word, (this.targets.get(word) ?? 0) + 1);
    this.known = new Set([...this.targets.keys(), ...known]);
    for (const word of this.targets.keys()) {
      if (word.length < 3 || !/^[a-z]+$/.test(word)) continue;
      const sameLength = this.byLength.get(word.length);
      if (sameLength) sameLength.push(word);
      else this.byLength.set(word.length, [word]);
      const variants = new Set<string>([word]);
      deletes(word, 1, variants);
      for (const v of variants) {
        const list = this.index.get(v);
        if (list) list.push(word);
        else this.index.set(v, [word]);
      }
    }
  }

  isKnown(word: string): boolean {
    return this.known.has(word);
  }

  /** The word itself when known, too short or not close to anything; otherwise the closest model word. */
  correct(word: string): string {
    const max = allowedEdits(word.length);
    if (max === 0 || this.known.has(word) || !/^[a-z]+$/.test(word)) return word;
    const hit = this.cache.get(word);
    if (hit !== undefined) return hit;
    let candidates: Iterable<string>;
    if (max === 1) {
      // One edit: a shared single deletion (or none) finds every candidate.
      const variants = new Set<string>([word]);
      deletes(word, 1, variants);
      const found = new Set<string>();
      for (const v of variants) for (const c of this.index.get(v) ?? []) found.add(c);
      candidates = found;
    } else {
      const near: string[] = [];
      for (let length = word.length - max; length <= word.length + max; length++) near.push(...(this.byLength.get(length) ?? []));
      candidates = near;
    }
    let best = word;
    let bestScore = Infinity;
    {
      for (const candidate of candidates) {
        const distance = editDistance(word, candidate, max);
        if (distance > max) continue;
        // Closer wins; then a lost double letter ("helo" -> "hello", "arears" -> "arrears"); then a matching first
        // letter (people rarely mistype it); then the more common model word.
        const undoubled = singleLetters(candidate) === singleLetters(word) ? 0 : 60;
        const score = distance * 200 + undoubled + (candidate[0] === word[0] ? 0 : 50) - Math.min(49, this.targets.get(candidate) ?? 0);
        if (score < bestScore || (score === bestScore && candidate < best)) {
          best = candidate;
          bestScore = score;
        }
      }
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, best);
    return best;
  }
}
