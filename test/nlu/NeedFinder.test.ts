import { cognitiveModels } from '../../src/services/nlu/cognitiveModels';
import { NeedFinder } from '../../src/services/nlu/NeedFinder';
import { normaliserFor } from '../../src/services/nlu/text/modelNormaliser';

const models = cognitiveModels();
const finder = new NeedFinder(models, normaliserFor(models));
const needs = (text: string) => [...finder.find(text).needs].sort();

describe('the needs entity', () => {
  it('finds several needs in one utterance', () => {
    expect(needs('lonely and behind on rent')).toEqual(['housing', 'loneliness', 'money']);
  });

  it('knows British terms and slang', () => {
    expect(needs('cant pay my council tax')).toEqual(['money']);
    expect(needs('my universal credit got stopped')).toEqual(['benefits']);
    expect(needs('help with my PIP')).toEqual(['benefits']);
    expect(needs('need a food bank')).toEqual(['food']);
    expect(needs('im skint')).toEqual(['money']);
  });

  it('is robust to typos, no punctuation and text-speak', () => {
    expect(needs('im so lonley n cant afford the gas bill')).toEqual(['loneliness', 'money']);
    expect(needs('need help wiv my benifits')).toEqual(['benefits']);
  });

  it('drops a need the person says they do not have, keeps the rest', () => {
    expect(needs("I'm not lonely, just skint")).toEqual(['money']);
    expect(needs('i do not have any money')).toEqual(['money']);
    expect(needs('i am not coping')).toEqual(['mental-wellbeing']);
  });

  it('does not mix up words that share a stem', () => {
    expect(needs('the house is too quiet')).toEqual([]);
    expect(needs('dying for a brew')).toEqual([]);
    expect(needs('bored to death')).not.toContain('bereavement');
  });

  it('reports entities with the words and span that matched', () => {
    const text = 'Behind on my RENT';
    const found = finder.find(text);
    const rent = found.entities.find((e) => e.value === 'housing')!;
    expect(rent).toMatchObject({ type: 'need', text: 'RENT' });
    expect(text.slice(rent.start, rent.end)).toBe('RENT');
  });
});
