/**
 * Measures understanding against labelled examples: intent accuracy and per-intent precision, recall and F1; needs
 * micro-F1; crisis recall and false-alarm rate. Pure: `signpost nlu eval` and the tests feed it.
 */
import { z } from 'zod';

export const labelledExample = z.object({
  text: z.string(),
  intent: z.string().optional(),
  needs: z.array(z.string()).optional(),
  crisis: z.boolean().optional(),
});
export type LabelledExample = z.infer<typeof labelledExample>;

export interface Prediction {
  intent: string;
  needs: string[];
  crisis: boolean;
  lowConfidence?: boolean;
}

export interface IntentScore {
  intent: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Mistake {
  line: number;
  text: string;
  expected: Partial<Prediction>;
  got: Prediction;
}

export interface EvalReport {
  examples: number;
  intent: { evaluated: number; accuracy: number; lowConfidenceRate: number; perIntent: IntentScore[] };
  needs: { evaluated: number; precision: number; recall: number; microF1: number };
  crisis: { evaluated: number; positives: number; recall: number; negatives: number; falseAlarmRate: number };
  mistakes: Mistake[];
}

const ratio = (a: number, b: number, empty: number): number => (b === 0 ? empty : a / b);
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Parses JSONL, one labelled example per non-empty line; throws naming the first bad line. */
export function parseExamples(jsonl: string): LabelledExample[] {
  const out: LabelledExample[] = [];
  jsonl.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1} is not JSON`);
    }
    const parsed = labelledExample.safeParse(json);
    if (!parsed.success) throw new Error(`line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'value'} ${x.message}`).join('; ')}`);
    out.push(parsed.data);
  });
  return out;
}

export function evaluate(examples: LabelledExample[], predictions: Prediction[]): EvalReport {
  if (examples.length !== predictions.length) throw new Error('one prediction per example');
  let intentN = 0, intentRight = 0, low = 0;
  const tp = new Map<string, number>(), fp = new Map<string, number>(), fn = new Map<string, number>(), support = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let needsN = 0, needTp = 0, needFp = 0, needFn = 0;
  let pos = 0, caught = 0, neg = 0, alarms = 0;
  const mistakes: Mistake[] = [];

  examples.forEach((ex, i) => {
    const got = predictions[i];
    let wrong = false;
    if (ex.intent !== undefined) {
      intentN++;
      bump(support, ex.intent);
      if (got.lowConfidence) low++;
      if (got.intent === ex.intent) {
        intentRight++;
        bump(tp, ex.intent);
      } else {
        wrong = true;
        bump(fp, got.intent);
        bump(fn, ex.intent);
      }
    }
    if (ex.needs !== undefined) {
      needsN++;
      const expected = new Set(ex.needs);
      const predicted = new Set(got.needs);
      for (const n of predicted) if (expected.has(n)) needTp++; else { needFp++; wrong = true; }
      for (const n of expected) if (!predicted.has(n)) { needFn++; wrong = true; }
    }
    if (ex.crisis !== undefined) {
      if (ex.crisis) {
        pos++;
        if (got.crisis) caught++; else wrong = true;
      } else {
        neg++;
        if (got.crisis) { alarms++; wrong = true; }
      }
    }
    if (wrong) mistakes.push({ line: i + 1, text: ex.text, expected: { intent: ex.intent, needs: ex.needs, crisis: ex.crisis }, got });
  });

  const intents = [...new Set([...support.keys(), ...fp.keys()])].sort();
  const perIntent = intents.map((intent) => {
    const t = tp.get(intent) ?? 0;
    const precision = ratio(t, t + (fp.get(intent) ?? 0), 0);
    const recall = ratio(t, t + (fn.get(intent) ?? 0), 0);
    return { intent, precision, recall, f1: f1(precision, recall), support: support.get(intent) ?? 0 };
  });
  const needP = ratio(needTp, needTp + needFp, 1);
  const needR = ratio(needTp, needTp + needFn, 1);
  return {
    examples: examples.length,
    intent: { evaluated: intentN, accuracy: ratio(intentRight, intentN, 1), lowConfidenceRate: ratio(low, intentN, 0), perIntent },
    needs: { evaluated: needsN, precision: needP, recall: needR, microF1: f1(needP, needR) },
    crisis: { evaluated: pos + neg, positives: pos, recall: ratio(caught, pos, 1), negatives: neg, falseAlarmRate: ratio(alarms, neg, 0) },
    mistakes,
  };
}

const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

/** The report as plain text for people. */
export function renderReport(report: EvalReport, showMistakes = false): string {
  const lines = [
    `${report.examples} examples`,
    `intent accuracy      ${pct(report.intent.accuracy)} (${report.intent.evaluated} labelled; ${pct(report.intent.lowConfidenceRate)} below the confidence minimum)`,
    `needs micro-F1       ${pct(report.needs.microF1)} (precision ${pct(report.needs.precision)}, recall ${pct(report.needs.recall)}; ${report.needs.evaluated} labelled)`,
    `crisis recall        ${pct(report.crisis.recall)} (${report.crisis.positives} crisis examples)`,
    `crisis false alarms  ${pct(report.crisis.falseAlarmRate)} (${report.crisis.negatives} non-crisis examples)`,
    '',
    'intent          precision  recall     F1  support',
  ];
  for (const s of report.intent.perIntent) {
    lines.push(`${s.intent.padEnd(14)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}  ${pct(s.f1).padStart(6)}  ${String(s.support).padStart(7)}`);
  }
  if (showMistakes && report.mistakes.length) {
    lines.push('', 'mistakes:');
    for (const m of report.mistakes) {
      lines.push(`  line ${m.line}: ${JSON.stringify(m.text)}`);
      lines.push(`    expected ${JSON.stringify(m.expected)}`);
      lines.push(`    got      ${JSON.stringify({ intent: m.got.intent, needs: m.got.needs, crisis: m.got.crisis })}`);
    }
  }
  return lines.join('\n');
}
