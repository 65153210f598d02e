/**
 * The kinds of risk Signpost listens for. The kind chooses the help given (src/dialogs/safetyMessages.ts):
 * a medical emergency or an overdose taken gets 999 or A&E first and alone; suicide and self-harm the mental health
 * lines; abuse the nation's helpline; a child or an older person at risk the lines for them.
 */
export const RISK_KINDS = ['medical-emergency', 'overdose', 'suicide', 'self-harm', 'domestic-abuse', 'harm-from-others', 'child-at-risk', 'elder-abuse'] as const;
export type RiskKind = (typeof RISK_KINDS)[number];
/** The older name of a kind of risk, kept for the places that still say category. */
export type CrisisCategory = RiskKind;

/**
 * crisis: clear risk: stop the script, give the help for the kind of risk, mark urgent, offer a person now.
 * ask: a sign of risk that is not certain: ask directly and kindly ("Are you thinking about ending your life, or are
 *      you in danger right now?"), and act on the answer.
 * check: words of risk under negation ("I'm not suicidal, just lonely"): a gentle word and the numbers, carry on.
 * none: nothing found.
 */
export type SafetyLevel = 'crisis' | 'ask' | 'check' | 'none';

export interface SafetyVerdict {
  level: SafetyLevel;
  /** The kinds of risk heard, most urgent first (empty for none). */
  categories: RiskKind[];
  /** What raised the verdict (for logs and tests; never the words themselves). */
  sources?: ('rules' | 'negated-rules' | 'combination' | 'heightened' | 'classifier')[];
}

export interface SafetyContext {
  /**
   * Crisis words were heard earlier in this conversation: it stays heightened. A sign of risk that would be a
   * question is read as a crisis, and words that only mean risk after one ("I've done it") count.
   */
  heightened?: boolean;
}

/** Runs first on every turn, in every state. Never depends on storage. */
export interface SafetyAssessor {
  assess(text: string, context?: SafetyContext): Promise<SafetyVerdict>;
}

/** The kinds in order of urgency: what to say first. */
export function byUrgency(kinds: Iterable<RiskKind>): RiskKind[] {
  return [...new Set(kinds)].sort((a, b) => RISK_KINDS.indexOf(a) - RISK_KINDS.indexOf(b));
}
