/**
 * The rules of cognitiveModels/crisis.json, written by principle so a clinical reviewer can read them:
 * - rules: for each kind of risk, phrases at three levels: crisis (clear risk), ask (a sign of risk that is not
 *   certain: ask directly) and check (gentle words), plus heightened phrases that mean risk only after a crisis
 *   earlier in the conversation ("I've done it").
 * - concepts and combinations: who is at risk, what, and how, as lists of words (@child, @harmToOther, @means,
 *   @intent, ...); a combination is risk when every concept it names is in the message ("my niece" + "burns her").
 * - exclusions: idioms and everyday phrases that hold risk words and are not risk ("this traffic is killing me",
 *   "ending things with my boyfriend"): a risk phrase that overlaps one does not count.
 * - context: words that move a sentence away from present risk (the past and recovery, other people's deaths, the
 *   media, someone's job); risk words in such a sentence do not count unless it also says the risk is now
 *   ("again", "tonight", "right now"). Only the contexts named in ownWords (the past) set aside what people say of
 *   themselves ("I want to die" after "my mum died" is risk now).
 * - negation: a cue shortly before a crisis phrase ("I'm not suicidal", "nobody is hurting me") turns it into a check,
 *   never into nothing.
 * - joking: a sentence that laughs ("lol", "haha", a laughing emoji) and has the shape of hyperbole ("if", "one
 *   more", "every") turns the crisis words people use as idioms (suicide, threats, abuse) into a direct question,
 *   never into nothing; an overdose, self-harm or a medical emergency stays a crisis however it is written.
 */
import type { CognitiveModels } from '../nlu/cognitiveModels';
import type { TextNormaliser, Token } from '../nlu/text/normaliser';
import { isNegated, PhraseMatcher, type NegationRule, type PhraseMatch } from '../nlu/text/PhraseMatcher';
import type { RiskKind } from './SafetyAssessor';

type RuleLevel = 'crisis' | 'ask' | 'check' | 'heightened';

interface Rule {
  kind: RiskKind;
  level: RuleLevel;
}

type Marker = { type: 'exclusion' } | { type: 'discount'; context: string; ownWords: boolean; topicsOnly: boolean } | { type: 'present' } | { type: 'joking' } | { type: 'hyperbole' };

/** Kinds whose crisis words people also use as jokes and idioms ("I'll top myself lol"): in a sentence that laughs, a question. */
const IDIOM_PRONE: readonly RiskKind[] = ['suicide', 'harm-from-others', 'domestic-abuse', 'child-at-risk', 'elder-abuse'];

/** How far before a phrase "I", "me" or "myself" makes it the person's own words. */
const OWN_WORDS_WINDOW = 5;

export interface RuleFindings {
  crisis: RiskKind[];
  /** Crisis phrases under negation. */
  negated: RiskKind[];
  ask: RiskKind[];
  check: RiskKind[];
  /** Phrases that are risk only in a heightened conversation. */
  heightened: RiskKind[];
  /** Crisis or ask found by a combination of concepts rather than one phrase. */
  combined: boolean;
  /** Risk words were found but set aside by context (the past, the media, someone else's death, a job) or as an idiom (an exclusion). */
  discounted: boolean;
  /** A word of risk stands outside every exclusion and set-aside sentence (the classifier is consulted only then). */
  riskWord: boolean;
}

const addTo = (list: RiskKind[], kind: RiskKind) => {
  if (!list.includes(kind)) list.push(kind);
};

export class CrisisRules {
  private readonly matcher: PhraseMatcher<Rule>;
  private readonly markers: PhraseMatcher<Marker>;
  private readonly concepts: PhraseMatcher<string>;
  private readonly combinations: CognitiveModels['crisis']['combinations'];
  private readonly negation: NegationRule;
  private readonly riskStems: ReadonlySet<string>;
  private readonly firstPerson: ReadonlySet<string>;
  private readonly firstPersonInPhrase: ReadonlySet<string>;

  constructor(models: CognitiveModels, normaliser: TextNormaliser) {
    const tokenise = (text: string) => normaliser.tokens(text, false);
    this.matcher = new PhraseMatcher<Rule>(tokenise);
    for (const [kind, rules] of Object.entries(models.crisis.rules) as [RiskKind, Record<RuleLevel, string[]>][]) {
      for (const level of ['crisis', 'ask', 'check', 'heightened'] as const) {
        const rule: Rule = { kind, level };
        for (const phrase of rules[level]) this.matcher.add(phrase, rule);
      }
    }
    this.markers = new PhraseMatcher<Marker>(tokenise);
    const exclusion: Marker = { type: 'exclusion' };
    for (const phrase of models.crisis.exclusions) this.markers.add(phrase, exclusion);
    const { context: contexts } = models.crisis;
    this.firstPerson = new Set(contexts.firstPerson.flatMap((w) => normaliser.words(w)));
    this.firstPersonInPhrase = new Set(contexts.ownWordsInPhrase.flatMap((w) => normaliser.words(w)));
    for (const [context, phrases] of Object.entries(contexts.discount)) {
      const marker: Marker = { type: 'discount', context, ownWords: contexts.ownWords.includes(context), topicsOnly: contexts.topicsOnly.includes(context) };
      for (const phrase of phrases) this.markers.add(phrase, marker);
    }
    const present: Marker = { type: 'present' };
    for (const phrase of models.crisis.context.present) this.markers.add(phrase, present);
    const joking: Marker = { type: 'joking' };
    for (const phrase of models.crisis.context.joking) this.markers.add(phrase, joking);
    const hyperbole: Marker = { type: 'hyperbole' };
    for (const phrase of models.crisis.context.hyperbole) this.markers.add(phrase, hyperbole);

    this.concepts = new PhraseMatcher<string>(tokenise);
    for (const [name, phrases] of Object.entries(models.crisis.concepts)) for (const phrase of phrases) this.concepts.add(phrase, name);
    this.combinations = models.crisis.combinations;

    const words = (list: string[]) => new Set(list.flatMap((w) => normaliser.words(w)));
    const { cues, between, nounCues, nounBetween, window } = models.crisis.negation;
    this.riskStems = new Set(models.crisis.riskWords.flatMap((w) => normaliser.tokens(w, false).map((t) => t.stem)));
    this.negation = { cues: [{ cues: words(cues), between: words(between) }, { cues: words(nounCues), between: words(nounBetween) }], window };
  }

  /**
   * @param sentences the sentence each token belongs to (sentenceOf): context applies within a sentence
   */
  find(tokens: Token[], sentences: number[]): RuleFindings {
    const findings: RuleFindings = { crisis: [], negated: [], ask: [], check: [], heightened: [], combined: false, discounted: false, riskWord: false };
    const markers = this.markers.find(tokens);
    const excluded = (m: Pick<PhraseMatch<unknown>, 'first' | 'last'>) => markers.some((x) => x.value.type === 'exclusion' && x.first <= m.last && x.last >= m.first);
    // Sentences set aside by context: for anyone's words, and for the person's own (the past and recovery only).
    // Contexts that set aside only topics named by a phrase (someone's job: "I work in a refuge") leave acts seen
    // through combined concepts alone ("I work in a care home and I see the manager hit an old lady").
    const discountedSentences = new Set<number>();
    const ownDiscountedSentences = new Set<number>();
    const actDiscountedSentences = new Set<number>();
    const ownActDiscountedSentences = new Set<number>();
    const presentSentences = new Set<number>();
    const laughing = new Set<number>();
    const hyperbolic = new Set<number>();
    for (const { value, first } of markers) {
      if (value.type === 'joking') laughing.add(sentences[first]);
      if (value.type === 'hyperbole') hyperbolic.add(sentences[first]);
      if (value.type === 'discount') {
        const sentence = sentences[first];
        discountedSentences.add(sentence);
        if (value.ownWords) ownDiscountedSentences.add(sentence);
        if (!value.topicsOnly) actDiscountedSentences.add(sentence);
        if (value.ownWords && !value.topicsOnly) ownActDiscountedSentences.add(sentence);
      }
      if (value.type === 'present') presentSentences.add(sentences[first]);
    }
    // A joke needs both: a laugh and the shape of one ("if I hear one more carol I'll kill myself lol"); "I want to die
    // lol" is not a joke.
    const jokingSentences = new Set([...laughing].filter((sentence) => hyperbolic.has(sentence)));
    // The person's own words: "I", "me" or "myself" shortly before the phrase, or "my" inside it ("take my own life").
    const ownWords = (m: Pick<PhraseMatch<unknown>, 'first' | 'last'>) => {
      for (let i = Math.max(0, m.first - OWN_WORDS_WINDOW); i < m.first; i++) if (this.firstPerson.has(tokens[i].text)) return true;
      for (let i = m.first; i <= m.last; i++) if (this.firstPersonInPhrase.has(tokens[i].text)) return true;
      return false;
    };
    const discounted = (m: Pick<PhraseMatch<unknown>, 'first' | 'last'>, act = false) => {
      const sentence = sentences[m.first];
      if (presentSentences.has(sentence)) return false;
      const own = ownWords(m);
      return (act ? (own ? ownActDiscountedSentences : actDiscountedSentences) : own ? ownDiscountedSentences : discountedSentences).has(sentence);
    };
    findings.riskWord = tokens.some((token, i) => this.riskStems.has(token.stem) && !excluded({ first: i, last: i }) && !discounted({ first: i, last: i }));

    for (const match of this.matcher.find(tokens)) {
      const { kind, level } = match.value;
      if (excluded(match)) {
        findings.discounted = true;
        continue;
      }
      if (discounted(match)) {
        findings.discounted = true;
        continue;
      }
      if (level === 'crisis' && isNegated(tokens, match.first, this.negation)) addTo(findings.negated, kind);
      else if (level === 'ask' && isNegated(tokens, match.first, this.negation)) addTo(findings.check, kind);
      else if (level === 'crisis' && jokingSentences.has(sentences[match.first]) && IDIOM_PRONE.includes(kind)) addTo(findings.ask, kind);
      else addTo(findings[level], kind);
    }

    const concepts = new Map<string, PhraseMatch<string>[]>();
    for (const match of this.concepts.find(tokens)) {
      if (excluded(match) || isNegated(tokens, match.first, this.negation)) continue;
      concepts.set(match.value, [...(concepts.get(match.value) ?? []), match]);
    }
    for (const combination of this.combinations) {
      const found = combination.all.map((name) => concepts.get(name) ?? []);
      if (found.some((list) => list.length === 0)) continue;
      // A combination set aside by context in any of its parts (someone in the news, a death last year) is not risk now.
      // A combination of topics rather than acts (someone else and the word suicide) is set aside by a job too.
      const live = found.map((list) => list.filter((m) => !discounted(m, combination.topic !== true)));
      if (live.some((list) => list.length === 0)) {
        findings.discounted = true;
        continue;
      }
      // Each concept must be found in words of its own: "the bridge" is not both the means and the intent.
      if (!inSeparateWords(live)) continue;
      const joked = live.some((list) => list.some((m) => jokingSentences.has(sentences[m.first])));
      addTo(findings[combination.level === 'crisis' && joked && IDIOM_PRONE.includes(combination.kind) ? 'ask' : combination.level], combination.kind);
      findings.combined = true;
    }
    return findings;
  }
}

/** Whether one match of each list can be chosen so that no two share a word. */
function inSeparateWords(lists: PhraseMatch<string>[][]): boolean {
  const choose = (i: number, used: PhraseMatch<string>[]): boolean =>
    i === lists.length || lists[i].some((m) => !used.some((u) => u.first <= m.last && u.last >= m.first) && choose(i + 1, [...used, m]));
  return choose(0, []);
}

/** The sentence each token stands in: a full stop, question or exclamation mark or a new line ends one. */
export function sentenceOf(text: string, tokens: Token[]): number[] {
  const out: number[] = [];
  let sentence = 0;
  let from = 0;
  for (const token of tokens) {
    if (/[.!?\n]/.test(text.slice(from, token.start))) sentence++;
    out.push(sentence);
    from = token.end;
  }
  return out;
}
