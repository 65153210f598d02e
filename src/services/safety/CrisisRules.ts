/**
 * The phrase rules of cognitiveModels/crisis.json: suicide, self-harm, overdose, harm from others, domestic abuse and
 * medical emergency, each with crisis phrases and gentler check phrases. A negation shortly before a crisis phrase
 * ("I'm not suicidal", "I would never hurt myself") turns it into a check, never into nothing.
 */
import type { CognitiveModels } from '../nlu/cognitiveModels';
import type { TextNormaliser, Token } from '../nlu/text/normaliser';
import { isNegated, PhraseMatcher, type NegationRule } from '../nlu/text/PhraseMatcher';
import type { CrisisCategory } from './SafetyAssessor';

interface Rule {
  category: CrisisCategory;
  level: 'crisis' | 'check';
}

export interface RuleFindings {
  crisis: CrisisCategory[];
  /** Crisis phrases under negation. */
  negated: CrisisCategory[];
  check: CrisisCategory[];
}

export class CrisisRules {
  private readonly matcher: PhraseMatcher<Rule>;
  private readonly negation: NegationRule;
  private readonly riskStems: ReadonlySet<string>;

  constructor(models: CognitiveModels, normaliser: TextNormaliser) {
    this.matcher = new PhraseMatcher<Rule>((text) => normaliser.tokens(text, false));
    for (const [category, rules] of Object.entries(models.crisis.rules) as [CrisisCategory, { crisis: string[]; check: string[] }][]) {
      const crisis: Rule = { category, level: 'crisis' };
      const check: Rule = { category, level: 'check' };
      for (const phrase of rules.crisis) this.matcher.add(phrase, crisis);
      for (const phrase of rules.check) this.matcher.add(phrase, check);
    }
    const words = (list: string[]) => new Set(list.flatMap((w) => normaliser.words(w)));
    const { cues, between, nounCues, nounBetween, window } = models.crisis.negation;
    this.riskStems = new Set(models.crisis.riskWords.flatMap((w) => normaliser.tokens(w, false).map((t) => t.stem)));
    this.negation = { cues: [{ cues: words(cues), between: words(between) }, { cues: words(nounCues), between: words(nounBetween) }], window };
  }

  /** Whether the message holds any word of risk (the classifier alone may raise a crisis only then). */
  hasRiskWord(tokens: Token[]): boolean {
    return tokens.some((t) => this.riskStems.has(t.stem));
  }

  find(tokens: Token[]): RuleFindings {
    const findings: RuleFindings = { crisis: [], negated: [], check: [] };
    const add = (list: CrisisCategory[], c: CrisisCategory) => {
      if (!list.includes(c)) list.push(c);
    };
    for (const match of this.matcher.find(tokens)) {
      const { category, level } = match.value;
      if (level === 'check') add(findings.check, category);
      else if (isNegated(tokens, match.first, this.negation)) add(findings.negated, category);
      else add(findings.crisis, category);
    }
    return findings;
  }
}
