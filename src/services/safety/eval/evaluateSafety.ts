/**
 * Scores the safety service on a set of messages labelled by someone who has not seen the rules: JSON lines of
 * {text, expect: crisis | ask | none, kind}. "Caught" means crisis or ask (the gentle check is not caught); a false
 * alarm is crisis or ask on a message labelled none. Reported per kind, with what was missed.
 */
import { z } from 'zod';
import type { SafetyAssessor, SafetyLevel } from '../SafetyAssessor';

const example = z.object({ text: z.string(), expect: z.enum(['crisis', 'ask', 'none']), kind: z.string().default('unlabelled') });
export type SafetyExample = z.infer<typeof example>;

export function parseSafetyExamples(jsonl: string): SafetyExample[] {
  return jsonl
    .split('\n')
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line !== '')
    .map(({ line, index }) => {
      const parsed = example.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`line ${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}

export type LevelCounts = Record<SafetyLevel, number> & { n: number };

export interface SafetyReport {
  risk: LevelCounts;
  ordinary: LevelCounts;
  /** Per kind: risk kinds and (prefixed "none:") ordinary kinds. */
  kinds: Record<string, LevelCounts>;
  /** caught / risk lines. */
  recall: number;
  /** Risk lines labelled crisis that got crisis. */
  crisisAsCrisis: { n: number; crisis: number };
  /** Ordinary lines given crisis, and given ask. */
  falseCrisis: number;
  falseAsk: number;
  missed: { text: string; kind: string; got: SafetyLevel }[];
  falseAlarms: { text: string; kind: string; got: SafetyLevel }[];
}

const empty = (): LevelCounts => ({ n: 0, crisis: 0, ask: 0, check: 0, none: 0 });

export async function evaluateSafety(safety: SafetyAssessor, examples: SafetyExample[]): Promise<SafetyReport> {
  const risk = empty();
  const ordinary = empty();
  const kinds: Record<string, LevelCounts> = {};
  const missed: SafetyReport['missed'] = [];
  const falseAlarms: SafetyReport['falseAlarms'] = [];
  const crisisAsCrisis = { n: 0, crisis: 0 };
  for (const { text, expect, kind } of examples) {
    const got = (await safety.assess(text)).level;
    const isRisk = expect !== 'none';
    const key = isRisk ? kind : `none:${kind}`;
    for (const counts of [isRisk ? risk : ordinary, (kinds[key] ??= empty())]) {
      counts.n++;
      counts[got]++;
    }
    if (expect === 'crisis') {
      crisisAsCrisis.n++;
      if (got === 'crisis') crisisAsCrisis.crisis++;
    }
    const caught = got === 'crisis' || got === 'ask';
    if (isRisk && !caught) missed.push({ text, kind, got });
    if (!isRisk && caught) falseAlarms.push({ text, kind, got });
  }
  return {
    risk,
    ordinary,
    kinds,
    recall: risk.n === 0 ? 1 : (risk.crisis + risk.ask) / risk.n,
    crisisAsCrisis,
    falseCrisis: ordinary.n === 0 ? 0 : ordinary.crisis / ordinary.n,
    falseAsk: ordinary.n === 0 ? 0 : ordinary.ask / ordinary.n,
    missed,
    falseAlarms,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function renderSafetyReport(report: SafetyReport, mistakes = false): string {
  const lines = [
    `risk messages: ${report.risk.n}; caught (crisis or ask) ${report.risk.crisis + report.risk.ask} (${pct(report.recall)}): crisis ${report.risk.crisis}, ask ${report.risk.ask}, check ${report.risk.check}, none ${report.risk.none}`,
    `labelled crisis and answered crisis: ${report.crisisAsCrisis.crisis} of ${report.crisisAsCrisis.n}`,
    `ordinary messages: ${report.ordinary.n}; crisis ${report.ordinary.crisis} (${pct(report.falseCrisis)}), ask ${report.ordinary.ask} (${pct(report.falseAsk)}), check ${report.ordinary.check}`,
    '',
    'kind                          n  crisis  ask  check  none',
    ...Object.entries(report.kinds)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, c]) => `${kind.padEnd(28)} ${String(c.n).padStart(3)}  ${String(c.crisis).padStart(6)}  ${String(c.ask).padStart(3)}  ${String(c.check).padStart(5)}  ${String(c.none).padStart(4)}`),
  ];
  if (mistakes) {
    lines.push('', 'missed:', ...report.missed.map((m) => `  [${m.kind}] (${m.got}) ${m.text}`));
    lines.push('', 'false alarms:', ...report.falseAlarms.map((m) => `  [${m.kind}] (${m.got}) ${m.text}`));
  }
  return lines.join('\n');
}
