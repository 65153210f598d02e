import { evaluate, parseExamples, renderReport } from '../../src/services/nlu/eval/evaluate';

describe('evaluate', () => {
  const examples = parseExamples([
    '{"text":"a","intent":"greeting","needs":[],"crisis":false}',
    '',
    '{"text":"b","intent":"greeting","needs":["money"],"crisis":true}',
    '{"text":"c","intent":"thanks","needs":["money","food"],"crisis":false}',
    '{"text":"d","crisis":true}',
  ].join('\n'));

  it('computes accuracy, per-intent precision/recall/F1, needs micro-F1, crisis recall and false alarms', () => {
    const report = evaluate(examples, [
      { intent: 'greeting', needs: [], crisis: false },
      { intent: 'thanks', needs: ['money'], crisis: true, lowConfidence: true },
      { intent: 'thanks', needs: ['money', 'housing'], crisis: true },
      { intent: 'None', needs: [], crisis: false },
    ]);
    expect(report.intent.accuracy).toBeCloseTo(2 / 3);
    expect(report.intent.lowConfidenceRate).toBeCloseTo(1 / 3);
    const greeting = report.intent.perIntent.find((s) => s.intent === 'greeting')!;
    expect(greeting).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(greeting.f1).toBeCloseTo(2 / 3);
    const thanks = report.intent.perIntent.find((s) => s.intent === 'thanks')!;
    expect(thanks).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    // needs: tp = money, money; fp = housing; fn = food -> P = R = 2/3
    expect(report.needs.microF1).toBeCloseTo(2 / 3);
    // crisis: b caught, d missed; c is a false alarm of two non-crisis examples
    expect(report.crisis).toMatchObject({ positives: 2, recall: 0.5, negatives: 2, falseAlarmRate: 0.5 });
    expect(report.mistakes.map((m) => m.line)).toEqual([2, 3, 4]);
    expect(renderReport(report, true)).toMatch(/intent accuracy\s+66\.7%[\s\S]*mistakes:/);
  });

  it('names the first bad line of the JSONL', () => {
    expect(() => parseExamples('{"text":"ok"}\nnot json')).toThrow('line 2 is not JSON');
    expect(() => parseExamples('{"text":1}')).toThrow(/line 1: text/);
  });
});
