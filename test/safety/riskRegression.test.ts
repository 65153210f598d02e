import { RiskRegression, stemFeatures } from '../../src/services/safety/RiskRegression';

describe('RiskRegression', () => {
  const words = (text: string) => stemFeatures(text.split(' '));
  const examples = {
    risk: ['gone for good', 'my last night', 'not coming back from the bridge', 'no one will find me'].map(words),
    ordinary: ['a walking group please', 'help with my gas bill', 'the bridge club on tuesday', 'find me a food bank'].map(words),
  };

  it('learns which words and pairs of words go with which label', () => {
    const model = RiskRegression.train(examples);
    expect(model.classify(words('this is my last night'))[0].label).toBe('risk');
    expect(model.classify(words('the walking club on tuesday'))[0].label).toBe('ordinary');
  });

  it('gives probabilities that add up to one, and an even answer on words it has never seen', () => {
    const model = RiskRegression.train(examples);
    const ranked = model.classify(words('zebra quartz'));
    expect(ranked.reduce((sum, c) => sum + c.score, 0)).toBeCloseTo(1, 9);
    expect(Math.abs(ranked[0].score - ranked[1].score)).toBeLessThan(0.2);
  });

  it('trains the same model every time (no random start, a fixed order)', () => {
    const a = RiskRegression.train(examples).classify(words('not coming back to the club'));
    const b = RiskRegression.train(examples).classify(words('not coming back to the club'));
    expect(a).toEqual(b);
  });

  it('uses pairs of neighbouring words as features', () => {
    expect(stemFeatures(['not', 'come', 'back'])).toEqual(['u:not', 'u:come', 'u:back', 'b:not come', 'b:come back']);
  });
});
