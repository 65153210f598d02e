/**
 * Safety first: the rules of crisis.json plus the crisis classifier, erring on the side of asking.
 *
 * - A crisis phrase or combination, not negated, not set aside by context -> crisis.
 * - A heightened conversation (crisis words earlier): what would be a question is a crisis, and so are the phrases
 *   that mean risk only after one ("I've done it").
 * - An ask phrase or combination, or the classifier (a regression trained on a few thousand labelled messages) more
 *   sure than not on a message with a word of risk, or fairly sure on one without (risk implied: goodbyes, a place,
 *   means at hand, passive wishes) -> ask: the person is asked directly. On its own the classifier gives the crisis
 *   answer only for a kind other than suicide that it is very sure of (an emergency, an overdose, abuse: asking "are
 *   you thinking about ending your life?" would only delay 999); suicide is asked about. The thresholds were chosen on
 *   the development batches; the blind figure is taken on a fresh one (docs/clinical-safety/safety-evaluation.md).
 * - A negated crisis or ask phrase, or a check phrase -> check: a gentle word and the numbers, and carry on.
 * - Risk words set aside by context (the past, the media, someone else's death, a job) give nothing, unless the
 *   sentence also says the risk is now.
 */
import type { TextNormaliser } from '../nlu/text/normaliser';
import type { CrisisClassifier } from './CrisisClassifier';
import { sentenceOf, type CrisisRules } from './CrisisRules';
import { byUrgency, type RiskKind, type SafetyAssessor, type SafetyContext, type SafetyVerdict } from './SafetyAssessor';

export interface SafetyThresholds {
  /** Classifier crisis score at or above which, on a message with a word of risk and no rule, the person is asked. */
  ask: number;
  /** The same for a message with no word of risk (risk implied: goodbyes, a place, passive wishes); above 1: never. */
  askWithoutRiskWord: number;
  /**
   * Probability of one kind of risk other than suicide (a medical emergency, an overdose, self-harm, abuse) at or above
   * which the classifier's answer is crisis, not a question: those messages say what is happening, and asking "are you
   * thinking about ending your life?" would delay the right help. Suicide is always asked about first; above 1: never.
   */
  crisisOtherKinds: number;
}

/** The fewest words a message with no word of risk needs before the classifier may ask on it. */
const MIN_WORDS_WITHOUT_RISK_WORD = 6;

export const DEFAULT_THRESHOLDS: SafetyThresholds = { ask: 0.3, askWithoutRiskWord: 0.5, crisisOtherKinds: 0.97 };

/** What the word pattern cannot read: digits typed for words between words ("want 2 die", "4 ever"), "w/o", and laughing emoji (read as "lol"). */
export function spellOutDigits(text: string): string {
  return text
    .replace(/(?<=\p{L} )2(?= \p{L})/gu, 'to')
    .replace(/(?<=\p{L} )4(?= \p{L})/gu, 'for')
    .replace(/\bw\/o\b/gi, 'without')
    .replace(/[\u{1F602}\u{1F923}\u{1F606}\u{1F605}\u{1F639}]/gu, ' lol ');
}

export class RuleAndClassifierAssessor implements SafetyAssessor {
  constructor(
    private readonly normaliser: TextNormaliser,
    private readonly rules: CrisisRules,
    private readonly classifier: CrisisClassifier,
    thresholds: Partial<SafetyThresholds> = {},
  ) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
  }

  private readonly thresholds: SafetyThresholds;

  async assess(input: string, context: SafetyContext = {}): Promise<SafetyVerdict> {
    const text = spellOutDigits(typeof input === 'string' ? input : '');
    const tokens = this.normaliser.tokens(text);
    if (tokens.length === 0) return { level: 'none', categories: [] };
    const found = this.rules.find(tokens, sentenceOf(text, tokens));
    const heightened = context.heightened === true;

    const crisis: RiskKind[] = [...found.crisis, ...(heightened ? [...found.ask, ...found.heightened] : [])];
    if (crisis.length > 0) {
      const sources: SafetyVerdict['sources'] = found.crisis.length > 0 ? (found.combined ? ['rules', 'combination'] : ['rules']) : ['heightened'];
      return { level: 'crisis', categories: byUrgency(crisis), sources };
    }
    if (found.ask.length > 0) return { level: 'ask', categories: byUrgency(found.ask), sources: found.combined ? ['combination'] : ['rules'] };

    // Kinds the person said are not so ("I'm not suicidal", "nobody is hurting me") or only touched on: a gentle check.
    const setAside = [...found.negated, ...found.check];
    // Words of risk that context set aside (a job, the media, the past, an idiom) and nothing else: the rules have read
    // the sentence, and the classifier, which cannot, is not asked to overrule them.
    if (setAside.length === 0 && found.discounted && !found.riskWord) return { level: 'none', categories: [] };
    // With no word of risk, only a message long enough to say something of its own: a short reply ("I've done it",
    // "did it") means what the question before it asked, and only a heightened conversation reads risk into it.
    const threshold = found.riskWord ? this.thresholds.ask : tokens.length >= MIN_WORDS_WITHOUT_RISK_WORD ? this.thresholds.askWithoutRiskWord : 2;
    if (threshold <= 1) {
      const signal = this.classifier.signal(tokens);
      // A negation speaks only for its own kind: "I took 28 tablets, I don't want an ambulance" is still an overdose.
      if (signal.crisisScore >= threshold && !setAside.includes(signal.category)) {
        const sure = signal.category !== 'suicide' && signal.categoryScore >= this.thresholds.crisisOtherKinds;
        return { level: heightened || sure ? 'crisis' : 'ask', categories: [signal.category], sources: ['classifier'] };
      }
    }
    const categories = byUrgency(setAside);
    if (categories.length === 0) return { level: 'none', categories: [] };
    const sources: SafetyVerdict['sources'] = [];
    if (found.negated.length > 0) sources.push('negated-rules');
    if (found.check.length > 0) sources.push('rules');
    return { level: heightened ? 'ask' : 'check', categories, sources };
  }
}
