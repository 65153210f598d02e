/**
 * Safety first: phrase rules plus the NLU crisis signal, erring on the side of caution.
 *
 * - A crisis phrase not under negation -> crisis.
 * - Otherwise a confident crisis signal from the classifier on a message with a word of risk in it -> crisis, unless
 *   the risk words were negated. (Without any word of risk a confident score is the classifier guessing.)
 * - A negated crisis phrase, a check phrase or a weaker crisis signal -> check: a gentle check and the numbers, and
 *   the conversation carries on.
 */
import type { TextNormaliser } from '../nlu/text/normaliser';
import type { CrisisClassifier } from './CrisisClassifier';
import type { CrisisRules } from './CrisisRules';
import type { CrisisCategory, SafetyAssessor, SafetyVerdict } from './SafetyAssessor';

export interface SafetyThresholds {
  /** Classifier crisis score at or above which, with no rule, the verdict is crisis. */
  crisis: number;
  /** Classifier crisis score at or above which the verdict is at least check. */
  check: number;
}

export const DEFAULT_THRESHOLDS: SafetyThresholds = { crisis: 0.9, check: 0.5 };

export class RuleAndClassifierAssessor implements SafetyAssessor {
  constructor(
    private readonly normaliser: TextNormaliser,
    private readonly rules: CrisisRules,
    private readonly classifier: CrisisClassifier,
    private readonly thresholds: SafetyThresholds = DEFAULT_THRESHOLDS,
  ) {}

  async assess(text: string): Promise<SafetyVerdict> {
    const tokens = this.normaliser.tokens(typeof text === 'string' ? text : '');
    if (tokens.length === 0) return { level: 'none', categories: [] };
    const found = this.rules.find(tokens);
    if (found.crisis.length > 0) return { level: 'crisis', categories: found.crisis, sources: ['rules'] };

    if (!this.rules.hasRiskWord(tokens) && found.check.length === 0 && found.negated.length === 0) return { level: 'none', categories: [] };
    const signal = await this.classifier.signal(tokens.map((t) => t.text).join(' '));
    if (signal.crisisScore >= this.thresholds.crisis && found.negated.length === 0) {
      return { level: 'crisis', categories: [signal.category], sources: ['classifier'] };
    }
    const categories: CrisisCategory[] = [...new Set([...found.negated, ...found.check])];
    const sources: SafetyVerdict['sources'] = [];
    if (found.negated.length > 0) sources.push('negated-rules');
    if (found.check.length > 0) sources.push('rules');
    if (signal.crisisScore >= this.thresholds.check) {
      if (!categories.includes(signal.category)) categories.push(signal.category);
      sources.push('classifier');
    }
    return categories.length > 0 ? { level: 'check', categories, sources } : { level: 'none', categories: [] };
  }
}
