import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshFolder, runCli } from './runCli';
import { INTENTS } from '../../src/services/nlu/Recognizer';
import { NEED_IDS } from '../../src/services/needs/taxonomy';

// Each test runs the real CLI as a separate process (build, start, train or load the model): slow on a busy machine.
jest.setTimeout(120_000);

describe('signpost nlu classify', () => {
  it('writes exactly one JSON object per input line, with the safety verdict, and nothing into the working directory', async () => {
    const lines = ['im skint and lonely and behind on my rent', '', "I'm not suicidal, just lonely", 'i want to end my life', 'hiya \u{1F600}', 'x'.repeat(10000)];
    const result = await runCli(['nlu', 'classify'], { stdin: lines.join('\n') + '\n' });
    expect(result.code).toBe(0);
    const out = result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(lines.length);
    out.forEach((o, i) => {
      expect(Object.keys(o).sort()).toEqual(['crisis', 'intent', 'needs', 'risk', 'safety', 'score', 'text']);
      expect(o.crisis).toBe(o.safety === 'crisis');
      expect(o.text).toBe(lines[i]);
      expect(INTENTS).toContain(o.intent);
      for (const need of o.needs as string[]) expect(NEED_IDS).toContain(need);
    });
    expect(out[0]).toMatchObject({ intent: 'selfReferral', crisis: false });
    expect([...(out[0].needs as string[])].sort()).toEqual(['housing', 'loneliness', 'money']);
    expect(out[0]).toMatchObject({ safety: 'none', risk: null });
    expect(out[2]).toMatchObject({ needs: ['loneliness'], crisis: false, safety: 'check', risk: 'suicide' });
    expect(out[3]).toMatchObject({ crisis: true, safety: 'crisis', risk: 'suicide' });
    expect(readdirSync(result.cwd)).toEqual([]);
  });
});

describe('signpost safety eval', () => {
  it('scores a labelled batch per kind, counting crisis or ask as caught, and lists what was missed', async () => {
    const file = path.join(freshFolder(), 'batch.jsonl');
    const lines = [
      { text: 'i want to end my life tonight', expect: 'crisis', kind: 'direct' },
      { text: 'everyone would be better off if i was not here', expect: 'ask', kind: 'indirect' },
      { text: 'hello there', expect: 'crisis', kind: 'direct' },
      { text: 'my feet are killing me', expect: 'none', kind: 'idiom' },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const text = await runCli(['safety', 'eval', file, '--mistakes']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/caught \(crisis or ask\) 2 \(66\.7%\)/);
    expect(text.stdout).toMatch(/\[direct\] \(none\) hello there/);
    const json = JSON.parse((await runCli(['safety', 'eval', file, '--json'])).stdout);
    expect(json).toMatchObject({ recall: 2 / 3, falseCrisis: 0, falseAsk: 0, kinds: { direct: { n: 2, crisis: 1, none: 1 }, indirect: { n: 1, ask: 1 }, 'none:idiom': { n: 1, none: 1 } } });
  });
});

describe('signpost nlu eval', () => {
  it('prints the figures for people, and JSON with --json', async () => {
    const file = path.join(freshFolder(), 'examples.jsonl');
    writeFileSync(file, ['{"text":"hello there","intent":"greeting","crisis":false}', '{"text":"i want to kill myself","crisis":true}', '{"text":"need a food bank","needs":["food"]}'].join('\n'));
    const text = await runCli(['nlu', 'eval', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/intent accuracy\s+100\.0%/);
    expect(text.stdout).toMatch(/needs micro-F1\s+100\.0%/);
    expect(text.stdout).toMatch(/crisis recall\s+100\.0%/);
    expect(text.stdout).toMatch(/crisis false alarms\s+0\.0%/);
    const json = await runCli(['nlu', 'eval', file, '--json']);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ examples: 3, recognizer: 'local', intent: { accuracy: 1 }, needs: { microF1: 1 }, crisis: { recall: 1, falseAlarmRate: 0 } });
    expect(report.intent.perIntent[0]).toEqual({ intent: 'greeting', precision: 1, recall: 1, f1: 1, support: 1 });
  });

  it('stops with a clear error on a bad file', async () => {
    const missing = await runCli(['nlu', 'eval', 'no-such-file.jsonl']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no-such-file\.jsonl/);
    const dir = freshFolder();
    writeFileSync(path.join(dir, 'bad.jsonl'), '{"text":"ok"}\n{oops\n');
    const bad = await runCli(['nlu', 'eval', 'bad.jsonl'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 2 is not JSON/);
  });
});

describe('signpost nlu export', () => {
  it('writes a LUIS app and a CLU project with every intent, utterance and need', async () => {
    const dir = freshFolder();
    const result = await runCli(['nlu', 'export', '--luis', 'luis.json', '--clu', 'clu.json'], { cwd: dir });
    expect(result.code).toBe(0);
    const luis = JSON.parse(readFileSync(path.join(dir, 'luis.json'), 'utf8'));
    expect(luis).toMatchObject({ luis_schema_version: '7.0.0', culture: 'en-gb', name: 'signpost' });
    expect(luis.intents.map((i: { name: string }) => i.name)).toEqual([...INTENTS]);
    expect(luis.closedLists[0].name).toBe('need');
    expect(luis.closedLists[0].subLists.map((s: { canonicalForm: string }) => s.canonicalForm)).toEqual([...NEED_IDS]);
    const money = luis.closedLists[0].subLists.find((s: { canonicalForm: string }) => s.canonicalForm === 'money');
    expect(money.list).toEqual(expect.arrayContaining(['council tax', 'skint']));
    expect(luis.utterances.length).toBeGreaterThan(300);
    for (const u of luis.utterances) {
      expect(INTENTS).toContain(u.intent);
      expect(u.text).not.toMatch(/[={}]/);
      expect(u.entities).toEqual([]);
    }

    const clu = JSON.parse(readFileSync(path.join(dir, 'clu.json'), 'utf8'));
    expect(clu).toMatchObject({ projectFileVersion: '2023-04-01', stringIndexType: 'Utf16CodeUnit', metadata: { projectKind: 'Conversation', projectName: 'signpost', language: 'en-gb', multilingual: false } });
    expect(clu.assets.projectKind).toBe('Conversation');
    expect(clu.assets.intents.map((i: { category: string }) => i.category)).toEqual([...INTENTS]);
    const need = clu.assets.entities[0];
    expect(need.category).toBe('need');
    expect(need.list.sublists.map((s: { listKey: string }) => s.listKey)).toEqual([...NEED_IDS]);
    expect(need.list.sublists[0].synonyms[0]).toMatchObject({ language: 'en-gb', values: expect.arrayContaining(['lonely']) });
    expect(clu.assets.utterances).toHaveLength(luis.utterances.length);
    expect(clu.assets.utterances[0]).toEqual({ text: expect.any(String), language: 'en-gb', intent: expect.any(String), entities: [], dataset: 'Train' });
  });

  it('says where to write when given nowhere', async () => {
    const result = await runCli(['nlu', 'export']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--luis <file> and\/or --clu <file>/);
  });
});
