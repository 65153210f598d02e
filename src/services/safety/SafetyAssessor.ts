export type CrisisCategory = 'suicide' | 'self-harm' | 'overdose' | 'harm-from-others' | 'domestic-abuse' | 'medical-emergency';

export interface SafetyVerdict {
  /**
   * crisis: stop the script, give the crisis message, mark urgent, offer a person now.
   * check: risk words under negation ("I'm not suicidal, just lonely"): a gentle check and the numbers, then carry on.
   * none: nothing found.
   */
  level: 'none' | 'check' | 'crisis';
  categories: CrisisCategory[];
  /** What raised the verdict (for logs and tests; never the words themselves). */
  sources?: ('rules' | 'negated-rules' | 'classifier')[];
}

/** Runs first on every turn, in every state. */
export interface SafetyAssessor {
  assess(text: string): Promise<SafetyVerdict>;
}
