import { cognitiveModels } from '../../src/services/nlu/cognitiveModels';
import { createSafetyAssessor } from '../../src/services/safety/createSafetyAssessor';
import type { SafetyAssessor, SafetyVerdict } from '../../src/services/safety/SafetyAssessor';

describe('the safety assessor', () => {
  let safety: SafetyAssessor;
  beforeAll(async () => {
    safety = await createSafetyAssessor();
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

  it('lets the classifier alone ask about suicide, never more: at its own threshold with a word of risk, at a stricter one without', async () => {
    const text = 'the tablets are all in the drawer';
    expect(Object.values(cognitiveModels().crisis.rules).some((r) => r.crisis.concat(r.ask).some((p) => text.includes(p)))).toBe(false);
    const eager = await createSafetyAssessor({ thresholds: { ask: 0, askWithoutRiskWord: 2 } });
    await expect(eager.assess(text)).resolves.toMatchObject({ level: 'ask', sources: ['classifier'] });
    await expect(eager.assess('the biscuits are all in the drawer')).resolves.toEqual({ level: 'none', categories: [] });
    const everywhere = await createSafetyAssessor({ thresholds: { ask: 2, askWithoutRiskWord: 0 } });
    await expect(everywhere.assess('the biscuits are all in the drawer')).resolves.toMatchObject({ level: 'ask', sources: ['classifier'] });
    await expect(everywhere.assess(text)).resolves.toEqual({ level: 'none', categories: [] });
    // Even sure of itself, on its own the classifier never gives the crisis answer for suicide: that is asked about.
    for (const assessor of [eager, everywhere, safety]) expect((await assessor.assess('everything is sorted now, the dog has gone to my sister')).level).not.toBe('crisis');
  });

  it('reads the end of one\'s tether with an act set for now as a crisis, and not a day\'s work put off', async () => {
    // Written for this test (concepts @doneNow + @actNow in crisis.json).
    for (const text of ["honestly i'm done. doing it tonight", 'cant go on like this, going to do it tonight']) expect([text, (await assess(text)).level]).toEqual([text, 'crisis']);
    for (const text of ["I'm done for today, doing it tomorrow instead", 'no point doing it now the shop is shut', 'im done with this form, doing it later']) {
      expect([text, (await assess(text)).level]).not.toEqual([text, 'crisis']);
    }
  });

  it('reads a decision made now past a death in the past, medicines counted as tablets, a blade used again and "ova 4 me"', async () => {
    // Written for this test, after batch O's misses were described (not copied).
    await expect(assess('my dad died in May and I have made up my mind to end my own life')).resolves.toMatchObject({ level: 'crisis', categories: ['suicide'] });
    await expect(assess("I took my fortnight's worth of sertraline, 14 tablets. I don't want an ambulance")).resolves.toMatchObject({ level: 'crisis', categories: ['overdose'] });
    await expect(assess('used a blade again last night after 6 months clean')).resolves.toMatchObject({ level: 'crisis', categories: ['self-harm'] });
    await expect(assess('my legs are covered in cuts and I hide them')).resolves.toMatchObject({ level: 'crisis', categories: ['self-harm'] });
    expect(['ask', 'crisis']).toContain((await assess('its ova 4 me now')).level);
    // and not: a razor for shaving is no crisis (the classifier may still ask), a decision about a flat is nothing, and
    // a negation still speaks for its own kind
    expect((await assess('bought a new razor again, the old one was blunt')).level).not.toBe('crisis');
    await expect(assess("I've made up my mind to move to a smaller flat")).resolves.toEqual({ level: 'none', categories: [] });
    expect((await assess("I'm not suicidal, just lonely")).level).toBe('check');
  });

  it('gives the crisis answer on the classifier alone only for a kind other than suicide it is sure of (abuse, an emergency), where a question would delay the right help', async () => {
    // Written for this test; no rule matches it (the rules-only assessor gives nothing).
    const text = 'my uncle keeps taking my grans pension and she has no food in the house';
    const rulesOnly = await createSafetyAssessor({ thresholds: { ask: 2, askWithoutRiskWord: 2 } });
    await expect(rulesOnly.assess(text)).resolves.toEqual({ level: 'none', categories: [] });
    await expect(safety.assess(text)).resolves.toEqual({ level: 'crisis', categories: ['elder-abuse'], sources: ['classifier'] });
    const neverSure = await createSafetyAssessor({ thresholds: { crisisOtherKinds: 2 } });
    await expect(neverSure.assess(text)).resolves.toEqual({ level: 'ask', categories: ['elder-abuse'], sources: ['classifier'] });
  });

  it('asks when risk is implied in words no rule lists (the classifier, trained on labelled messages)', async () => {
    // Written for this test; none is a rule phrase or an evaluation line. The rules alone miss each one.
    const rulesOnly = await createSafetyAssessor({ thresholds: { ask: 2, askWithoutRiskWord: 2 } });
    for (const text of ['ive left letters for the kids and the dog is going to my sister, i feel calm now', 'been stood up here on the multi storey roof for a while now, its quiet', 'sat in the car at the top of the car park looking over the edge']) {
      expect(await rulesOnly.assess(text)).toEqual({ level: 'none', categories: [] });
      const verdict = await assess(text);
      expect([text, verdict.level === 'ask' || verdict.level === 'crisis']).toEqual([text, true]);
    }
    for (const text of ['the post office card is in the biscuit tin, can someone help me sort my pension', 'I like to sit on the roof terrace at the library on a sunny day']) {
      expect([text, (await assess(text)).level]).toEqual([text, 'none']);
    }
  });

  it('asks, rather than giving the crisis answer, when the words of suicide or threats come in a sentence that laughs; an overdose stays a crisis', async () => {
    await expect(assess("if the bus is late one more time I'll kill myself 😂")).resolves.toMatchObject({ level: 'ask', categories: ['suicide'] });
    await expect(assess("if the bus is late one more time I'll kill myself")).resolves.toMatchObject({ level: 'crisis', categories: ['suicide'] });
    await expect(assess('took all my tablets lol feel weird')).resolves.toMatchObject({ level: 'crisis', categories: ['overdose'] });
    await expect(assess('I want to die. lol anyway what groups are on')).resolves.toMatchObject({ level: 'crisis' });
  });

  it('does not read giving up on the form as giving up on life, and still reads the words alone as crisis', async () => {
    await expect(assess('I do not want to carry on with this form')).resolves.toEqual({ level: 'none', categories: [] });
    await expect(assess('I do not want to carry on')).resolves.toMatchObject({ level: 'crisis', categories: ['suicide'] });
  });

  it('never throws on odd input', async () => {
    for (const text of ['', '   ', '\u{1F494}\u{1F494}', '\u0627\u0631\u064a\u062f \u0627\u0644\u0645\u0648\u062a', 'a'.repeat(10000), undefined as unknown as string, 42 as unknown as string]) {
      await expect(assess(text)).resolves.toMatchObject({ level: expect.stringMatching(/^(none|check|ask|crisis)$/) });
    }
    await expect(assess('kill myself '.repeat(1000))).resolves.toMatchObject({ level: 'crisis' });
  });
});
