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

  it('checks gently on words of hopelessness', async () => {
    await expect(assess('i feel hopeless')).resolves.toMatchObject({ level: 'check' });
  });

  it('lets ordinary messages and figures of speech through', async () => {
    for (const text of ['my back is killing me', 'dying for a cuppa', 'im skint and lonely', 'the bills are killing me', 'hello', 'I take tablets for my blood pressure', 'we live in a one bed flat with 3 kids', 'delete my data', 'stop']) {
      await expect(assess(text)).resolves.toEqual({ level: 'none', categories: [] });
    }
  });

  it('uses the NLU crisis signal for crisis said in words the rules do not list', async () => {
    const text = 'I have the rope ready for tonight';
    expect(cognitiveModels().crisis.rules.suicide.crisis.some((p) => text.toLowerCase().includes(p))).toBe(false);
    await expect(assess(text)).resolves.toMatchObject({ level: 'crisis', sources: ['classifier'] });
  });

  it('never throws on odd input', async () => {
    for (const text of ['', '   ', '\u{1F494}\u{1F494}', '\u0627\u0631\u064a\u062f \u0627\u0644\u0645\u0648\u062a', 'a'.repeat(10000), undefined as unknown as string, 42 as unknown as string]) {
      await expect(assess(text)).resolves.toMatchObject({ level: expect.stringMatching(/^(none|check|crisis)$/) });
    }
    await expect(assess('kill myself '.repeat(1000))).resolves.toMatchObject({ level: 'crisis' });
  });
});
