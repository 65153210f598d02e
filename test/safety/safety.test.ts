import { cognitiveModels } from '../../src/services/nlu/cognitiveModels';
import { createSafetyAssessor } from '../../src/services/safety/createSafetyAssessor';
import type { SafetyAssessor, SafetyVerdict } from '../../src/services/safety/SafetyAssessor';

describe('the safety assessor', () => {
  let safety: SafetyAssessor;
  beforeAll(async () => {
    safety = await createSafetyAssessor({ cacheDir: false });
  });
  const assess = (text: string): Promise<SafetyVerdict> => safety.assess(text);

  it.each([
    ['i want to kill myself', 'suicide'],
    ['I dont want to be alive anymore', 'suicide'],
    ['thinking of ending it all', 'suicide'],
    ['kms', 'suicide'],
    ['feeling sucidal tonight', 'suicide'],
    ['ive been cutting myself again', 'self-harm'],
    ['i burnt myself on purpose', 'self-harm'],
    ['took an overdose', 'overdose'],
    ['i took 30 paracetamol', 'overdose'],
    ['someone is threatening to kill me', 'harm-from-others'],
    ['i was raped', 'harm-from-others'],
    ['my husband beats me', 'domestic-abuse'],
    ['im scared of my partner', 'domestic-abuse'],
    ['my dad collapsed and isnt breathing', 'medical-emergency'],
    ['i think im having a heart attack', 'medical-emergency'],
  ])('%s -> crisis (%s)', async (text, category) => {
    const verdict = await assess(text);
    expect(verdict.level).toBe('crisis');
    expect(verdict.categories).toContain(category);
  });

  it('gives a gentle check, not silence and not a crisis, when the risk words are negated', async () => {
    for (const text of ["I'm not suicidal, just lonely", 'i would never hurt myself', 'no thoughts of self harm', 'im not going to kill myself']) {
      await expect(assess(text)).resolves.toMatchObject({ level: 'check' });
    }
    await expect(assess("I'm not suicidal, just lonely")).resolves.toMatchObject({ categories: ['suicide'], sources: ['negated-rules'] });
  });

  it('errs on the side of caution: negation only counts when it really governs the risk words', async () => {
    for (const text of ['no I want to die', "I'm not suicidal but sometimes I think about ending my life", "i'm not sure if i want to live anymore", "No, I'm going to kill myself"]) {
      await expect(assess(text)).resolves.toMatchObject({ level: 'crisis' });
    }
  });

  it('asks directly on signs of risk that are not certain', async () => {
    for (const text of ['i feel hopeless', 'everyone would be better off if i was not here', "I've sorted my affairs and I just wanted to say goodbye"]) {
      await expect(assess(text)).resolves.toMatchObject({ level: 'ask', categories: ['suicide'] });
    }
  });

  it('lets ordinary messages and figures of speech through', async () => {
    for (const text of ['my back is killing me', 'dying for a cuppa', 'im skint and lonely', 'the bills are killing me', 'hello', 'I take tablets for my blood pressure', 'we live in a one bed flat with 3 kids', 'delete my data', 'stop', "I'm ending things with my girlfriend and need a flat", 'I could murder a pint', 'my phone died so I missed your call']) {
      await expect(assess(text)).resolves.toEqual({ level: 'none', categories: [] });
    }
  });

  it('sets aside the past, other people\'s deaths, the media and jobs, unless the sentence says the risk is now', async () => {
    for (const text of ['I self harmed at uni but that is years behind me now', 'my uncle died by suicide in 2019 and I would like a bereavement group', 'we watched a documentary about overdoses in class', 'I work in a refuge for women fleeing domestic abuse']) {
      await expect(assess(text)).resolves.toEqual({ level: 'none', categories: [] });
    }
    await expect(assess('I cut myself years ago and I have started cutting again tonight')).resolves.toMatchObject({ level: 'crisis', categories: ['self-harm'] });
  });

  it('never sets aside what people say of themselves because someone else died: only the past does that', async () => {
    await expect(assess('my mum died last month and I want to die too')).resolves.toMatchObject({ level: 'crisis', categories: ['suicide'] });
  });

  it('finds risk from who is at risk and what is happening to them, in words no single phrase lists', async () => {
    await expect(assess("my granddad's carer has been taking money from his bank card")).resolves.toMatchObject({ level: 'crisis', categories: ['elder-abuse'] });
    await expect(assess('the little girl over the road has bruises on her arms every week')).resolves.toMatchObject({ level: 'crisis', categories: ['child-at-risk'] });
    await expect(assess('my husband tracks my location and checks my phone every night')).resolves.toMatchObject({ level: 'crisis', categories: ['domestic-abuse'] });
    await expect(assess('took a whole box of co-codamol with a bottle of wine')).resolves.toMatchObject({ level: 'crisis', categories: ['overdose'] });
  });

  it('stays heightened after a crisis: what would be a question is a crisis, and some words count only then', async () => {
    await expect(assess('i have done it')).resolves.toEqual({ level: 'none', categories: [] });
    await expect(safety.assess('i have done it', { heightened: true })).resolves.toMatchObject({ level: 'crisis', sources: ['heightened'] });
    await expect(safety.assess("I've taken the tablets now", { heightened: true })).resolves.toMatchObject({ level: 'crisis', categories: ['overdose'] });
    await expect(safety.assess('i feel hopeless', { heightened: true })).resolves.toMatchObject({ level: 'crisis' });
  });

  it('lets the classifier alone ask, never more, and only on a message with a word of risk', async () => {
    const eager = await createSafetyAssessor({ cacheDir: false, thresholds: { ask: 0 } });
    const text = 'the tablets are all in the drawer';
    expect(Object.values(cognitiveModels().crisis.rules).some((r) => r.crisis.concat(r.ask).some((p) => text.includes(p)))).toBe(false);
    await expect(eager.assess(text)).resolves.toMatchObject({ level: 'ask', sources: ['classifier'] });
    await expect(eager.assess('the biscuits are all in the drawer')).resolves.toEqual({ level: 'none', categories: [] });
  });

  it('never throws on odd input', async () => {
    for (const text of ['', '   ', '\u{1F494}\u{1F494}', '\u0627\u0631\u064a\u062f \u0627\u0644\u0645\u0648\u062a', 'a'.repeat(10000), undefined as unknown as string, 42 as unknown as string]) {
      await expect(assess(text)).resolves.toMatchObject({ level: expect.stringMatching(/^(none|check|ask|crisis)$/) });
    }
    await expect(assess('kill myself '.repeat(1000))).resolves.toMatchObject({ level: 'crisis' });
  });
});
