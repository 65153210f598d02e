import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

  describe('the trained-model cache (training is most of what building the safety service costs)', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'risk-cache-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const probe = ['this is my last night', 'the walking club on tuesday', 'zebra quartz', 'not coming back to the club'].map(words);

    it('gives exactly the model training gives, from the cache on the second start', () => {
      const trained = RiskRegression.train(examples);
      const first = RiskRegression.trainOrLoad(examples, { cacheDir: dir });
      expect(first.fromCache).toBe(false);
      expect(readdirSync(dir)).toHaveLength(1);
      const second = RiskRegression.trainOrLoad(examples, { cacheDir: dir });
      expect(second.fromCache).toBe(true);
      for (const features of probe) {
        expect(second.model.classify(features)).toEqual(trained.classify(features));
        expect(first.model.classify(features)).toEqual(trained.classify(features));
      }
    });

    it('trains again for other examples or options, and for a damaged or foreign file', () => {
      RiskRegression.trainOrLoad(examples, { cacheDir: dir });
      expect(RiskRegression.trainOrLoad({ ...examples, risk: examples.risk.slice(1) }, { cacheDir: dir }).fromCache).toBe(false);
      expect(RiskRegression.trainOrLoad(examples, { cacheDir: dir, epochs: 5 }).fromCache).toBe(false);
      for (const file of readdirSync(dir)) writeFileSync(path.join(dir, file), 'not a model');
      const again = RiskRegression.trainOrLoad(examples, { cacheDir: dir });
      expect(again.fromCache).toBe(false);
      expect(again.model.classify(probe[0])).toEqual(RiskRegression.train(examples).classify(probe[0]));
    });

    it('keyed by inputsKey, makes the examples only when it trains', () => {
      let made = 0;
      const make = () => {
        made += 1;
        return examples;
      };
      expect(RiskRegression.trainOrLoad(make, { cacheDir: dir, inputsKey: 'inputs-1' }).fromCache).toBe(false);
      expect(made).toBe(1);
      const second = RiskRegression.trainOrLoad(make, { cacheDir: dir, inputsKey: 'inputs-1' });
      expect(second.fromCache).toBe(true);
      expect(made).toBe(1);
      expect(second.model.classify(probe[0])).toEqual(RiskRegression.train(examples).classify(probe[0]));
      // Another key (a change to the texts, the normaliser or the code) trains again.
      expect(RiskRegression.trainOrLoad(make, { cacheDir: dir, inputsKey: 'inputs-2' }).fromCache).toBe(false);
      expect(made).toBe(2);
    });

    it('never writes with cacheDir false', () => {
      expect(RiskRegression.trainOrLoad(examples, { cacheDir: false }).fromCache).toBe(false);
      expect(readdirSync(dir)).toHaveLength(0);
    });
  });
});
