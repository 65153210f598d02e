import fc from 'fast-check';
import { cognitiveModels } from '../../src/services/nlu/cognitiveModels';
import { normaliserFor } from '../../src/services/nlu/text/modelNormaliser';
import { editDistance, SpellingCorrector } from '../../src/services/nlu/text/spelling';
import { PhraseMatcher } from '../../src/services/nlu/text/PhraseMatcher';

const normaliser = normaliserFor(cognitiveModels());
const words = (text: string) => normaliser.tokens(text).map((t) => t.text).join(' ');

describe('text normalisation', () => {
  it('expands contractions with and without apostrophes, and text-speak', () => {
    expect(words("I'm skint, can't pay")).toBe('i am skint can not pay');
    expect(words('im skint cant pay')).toBe('i am skint can not pay');
    expect(words('u r gr8 pls help')).toBe('you are great please help');
    expect(words('I don\u2019t want to')).toBe('i do not want to');
    expect(words('kms')).toBe('kill myself');
  });

  it('shortens stretched letters and fixes typos towards the model words', () => {
    expect(words('soooo lonleyyyy pleeeease')).toBe('so lonely please');
    expect(words('benifits and counsil tax')).toBe('benefits and council tax');
    expect(words('sucidal')).toBe('suicidal');
    expect(words('helo')).toBe('hello');
  });

  it('leaves everyday English words alone, even when close to a model word', () => {
    expect(words('a warm space')).toBe('a warm space');
    expect(words('lovely rant')).toBe('lovely rant');
  });

  it('keeps each token\'s span in the original text and marks clause breaks', () => {
    const text = 'Hi. Im lonley';
    const tokens = normaliser.tokens(text);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['Hi', 'Im', 'Im', 'lonley']);
    expect(tokens.map((t) => t.boundaryBefore)).toEqual([true, true, false, false]);
  });

  it('copes with empty text, emoji, other scripts and very long messages', () => {
    expect(normaliser.tokens('')).toEqual([]);
    expect(normaliser.tokens('\u{1F600}\u{1F600} !!!')).toEqual([]);
    expect(words('Привет друг')).toBe('привет друг');
    expect(normaliser.tokens('rent '.repeat(2000))).toHaveLength(2000);
  });
});

describe('spelling', () => {
  it('measures edits, counting a swap of neighbours as one', () => {
    expect(editDistance('lonely', 'lonley', 2)).toBe(1);
    expect(editDistance('rent', 'rent', 1)).toBe(0);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });

  it('gives the textbook distance (a full table) whenever it is within max, and more than max otherwise', () => {
    const textbook = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
      return d[a.length][b.length];
    };
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'e', 'l', 'n', 'o', 'y'), minLength: 1, maxLength: 14 });
    fc.assert(fc.property(word, word, fc.integer({ min: 1, max: 3 }), (a, b, max) => {
      const expected = textbook(a, b);
      const got = editDistance(a, b, max);
      if (expected <= max) expect(got).toBe(expected);
      else expect(got).toBeGreaterThan(max);
    }), { numRuns: 3000 });
    // Long words after short ones: the rows it keeps grow, and old values never leak into a new comparison.
    expect(editDistance('unemployment', 'unemploymnet', 2)).toBe(1);
    expect(editDistance('ab', 'ba', 1)).toBe(1);
  });

  it('corrects only words it does not know, and only when close enough', () => {
    const speller = new SpellingCorrector(['housing', 'rent'], ['rant']);
    expect(speller.correct('housign')).toBe('housing');
    expect(speller.correct('rant')).toBe('rant');
    expect(speller.correct('rnt')).toBe('rnt'); // too short to guess
    expect(speller.correct('zzzzzz')).toBe('zzzzzz');
  });
});

describe('phrase matching', () => {
  const matcher = new PhraseMatcher<string>((t) => normaliser.tokens(t, false))
    .add('behind on', 'money')
    .add('rent', 'housing')
    .add('=housing', 'housing')
    .add('took #many pills', 'overdose');

  const find = (text: string) => matcher.find(normaliser.tokens(text)).map((m) => m.value);

  it('finds several phrases, by stem, with small words inside', () => {
    expect(find('behind on my rent')).toEqual(['money', 'housing']);
    expect(find('renting is hard')).toEqual(['housing']);
  });

  it('matches exact-word phrases only exactly, and #many only numbers of 10 or more', () => {
    expect(find('the house is quiet')).toEqual([]);
    expect(find('housing')).toEqual(['housing']);
    expect(find('took 30 pills')).toEqual(['overdose']);
    expect(find('took 2 pills')).toEqual([]);
  });
});
