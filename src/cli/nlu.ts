import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { loadConfig, loadDotEnvFile } from '../config';
import { cognitiveModels } from '../services/nlu/cognitiveModels';
import { evaluate, parseExamples, renderReport, type Prediction } from '../services/nlu/eval/evaluate';
import { toCluProject, toLuisApp } from '../services/nlu/export/exports';
import type { Recognizer } from '../services/nlu/Recognizer';
import { evaluateSafety, parseSafetyExamples, renderSafetyReport } from '../services/safety/eval/evaluateSafety';
import type { RiskKind, SafetyAssessor, SafetyLevel } from '../services/safety/SafetyAssessor';

async function understanding(): Promise<{ recognizer: Recognizer; safety: SafetyAssessor }> {
  loadDotEnvFile();
  const config = loadConfig();
  // Loaded when needed, so other commands start quickly.
  const { createRecognizer } = require('../services/nlu/createRecognizer') as typeof import('../services/nlu/createRecognizer');
  const { createSafetyAssessor } = require('../services/safety/createSafetyAssessor') as typeof import('../services/safety/createSafetyAssessor');
  const [recognizer, safety] = await Promise.all([createRecognizer(config), createSafetyAssessor()]);
  return { recognizer, safety };
}

async function predict(recognizer: Recognizer, safety: SafetyAssessor, text: string): Promise<Prediction & { score: number; safety: SafetyLevel; risk: RiskKind | null }> {
  const [recognition, verdict] = await Promise.all([recognizer.recognize(text), safety.assess(text)]);
  return {
    intent: recognition.intent,
    score: recognition.score,
    needs: recognition.needs,
    crisis: verdict.level === 'crisis',
    safety: verdict.level,
    risk: verdict.categories[0] ?? null,
    lowConfidence: recognition.lowConfidence,
  };
}

export function registerNlu(program: Command): void {
  const nlu = program.command('nlu').description('understanding people: classify text, measure the model, export it to Azure');

  nlu
    .command('classify')
    .description('read lines on stdin; write one JSON object per line: {"text","intent","score","needs","crisis","safety","risk"} (safety: crisis | ask | check | none; risk: the most urgent kind heard, or null; crisis is true exactly when safety is crisis)')
    .action(async () => {
      const { recognizer, safety } = await understanding();
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const text of lines) {
        const p = await predict(recognizer, safety, text);
        process.stdout.write(`${JSON.stringify({ text, intent: p.intent, score: Number(p.score.toFixed(4)), needs: p.needs, crisis: p.crisis, safety: p.safety, risk: p.risk })}\n`);
      }
    });

  nlu
    .command('eval <file>')
    .description('measure against JSONL of {"text","intent"?,"needs"?,"crisis"?}: accuracy, per-intent P/R/F1, needs micro-F1, crisis recall and false alarms')
    .option('--json', 'print the report as JSON (for programs)')
    .option('--mistakes', 'list the examples it got wrong')
    .action(async (file: string, options: { json?: boolean; mistakes?: boolean }) => {
      const examples = parseExamples(readFileSync(file, 'utf8'));
      if (examples.length === 0) throw new Error(`${file} holds no examples`);
      const { recognizer, safety } = await understanding();
      const predictions: Prediction[] = [];
      for (const example of examples) predictions.push(await predict(recognizer, safety, example.text));
      const report = evaluate(examples, predictions);
      if (options.json) {
        const { mistakes, ...figures } = report;
        process.stdout.write(`${JSON.stringify({ ...figures, recognizer: recognizer.kind, ...(options.mistakes ? { mistakes } : {}) }, null, 2)}\n`);
      } else {
        process.stdout.write(`recognizer: ${recognizer.kind}\n${renderReport(report, options.mistakes)}\n`);
      }
    });

  nlu
    .command('export')
    .description('write cognitiveModels/ as a LUIS app JSON and/or an Azure AI Language CLU project JSON')
    .option('--luis <file>', 'LUIS app (import into LUIS-compatible authoring)')
    .option('--clu <file>', 'CLU project (import into Language Studio or the authoring API)')
    .action((options: { luis?: string; clu?: string }) => {
      if (!options.luis && !options.clu) throw new Error('say where to write: --luis <file> and/or --clu <file>');
      const models = cognitiveModels();
      if (options.luis) {
        writeFileSync(options.luis, `${JSON.stringify(toLuisApp(models), null, 2)}\n`);
        process.stdout.write(`wrote the LUIS app to ${options.luis}\n`);
      }
      if (options.clu) {
        writeFileSync(options.clu, `${JSON.stringify(toCluProject(models), null, 2)}\n`);
        process.stdout.write(`wrote the CLU project to ${options.clu}\n`);
      }
    });
}

export function registerSafety(program: Command): void {
  const safety = program.command('safety').description('the safety net: measure it on messages labelled by someone who has not seen the rules');
  safety
    .command('eval <file>')
    .description('measure against JSONL of {"text","expect": "crisis"|"ask"|"none","kind"}: caught (crisis or ask) per kind, false alarms, what was missed')
    .option('--json', 'print the report as JSON (for programs)')
    .option('--mistakes', 'list what was missed and the false alarms')
    .action(async (file: string, options: { json?: boolean; mistakes?: boolean }) => {
      const examples = parseSafetyExamples(readFileSync(file, 'utf8'));
      if (examples.length === 0) throw new Error(`${file} holds no examples`);
      const { createSafetyAssessor } = require('../services/safety/createSafetyAssessor') as typeof import('../services/safety/createSafetyAssessor');
      const report = await evaluateSafety(await createSafetyAssessor(), examples);
      if (options.json) {
        const { missed, falseAlarms, ...figures } = report;
        process.stdout.write(`${JSON.stringify({ ...figures, ...(options.mistakes ? { missed, falseAlarms } : {}) }, null, 2)}\n`);
      } else {
        process.stdout.write(`${renderSafetyReport(report, options.mistakes)}\n`);
      }
    });
}
