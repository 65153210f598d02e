/**
 * Safety first, at every step: crisis words interrupt whatever is asked, give the crisis message in order, mark the
 * referral urgent and offer a person; the conversation then carries on at the same question. A "check" gives the
 * numbers and takes the reply as the answer it was.
 */
import { MESSAGES } from '../../src/services/content/messages';
import { DialogHarness, QUEUED_URGENT } from './harness';
import { driveTo, expectAsked, REFERRAL_STEPS } from './script';

const CRISIS = 'I want to kill myself';
const CRISIS_MESSAGES = [MESSAGES['crisis.intro'], MESSAGES['crisis.999'], MESSAGES['crisis.111'], MESSAGES['crisis.talk']];

describe('crisis words', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  it.each(REFERRAL_STEPS.map((step, index) => [step.question, index] as const))('interrupt at %s, mark the referral urgent, and the referral carries on at the same question', async (question, index) => {
    await driveTo(h, question);
    const interrupted = await h.send(CRISIS);
    expect(interrupted.map((r) => r.text)).toEqual([...CRISIS_MESSAGES, MESSAGES['crisis.offer']]);
    expect(interrupted[interrupted.length - 1].suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes, talk to a person', 'No, carry on']);

    let replies = await h.send('No, carry on');
    expect(replies[0].text).toBe(MESSAGES['crisis.carryOn']);
    for (const step of REFERRAL_STEPS.slice(index)) {
      expectAsked(replies, step.question);
      replies = await h.send(step.answer);
    }
    const { items } = await h.stores.referrals.list();
    expect(items).toHaveLength(1);
    expect(items[0].urgent).toBe(true);
    expect(await h.stores.handoffs.list('waiting')).toHaveLength(0);
  });

  it('come first even in the very first message, before the welcome', async () => {
    expect(await h.say(CRISIS)).toEqual([...CRISIS_MESSAGES, MESSAGES['crisis.offer']]);
    expect(await h.say('no')).toEqual([MESSAGES['crisis.carryOn'], MESSAGES['welcome.question']]);
  });

  it('offer a person now: an urgent handoff whose summary says why but holds no personal details', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send('my partner hits me and I am scared');
    const replies = await h.say('yes');
    expect(replies).toEqual([QUEUED_URGENT, MESSAGES['handoff.carryOn'], MESSAGES['intake.gp.ask']]);
    const [handoff] = await h.stores.handoffs.list('waiting');
    expect(handoff.priority).toBe('urgent');
    expect(handoff.summary).toContain('URGENT');
    expect(handoff.summary).toMatch(/domestic abuse/);
    for (const personal of ['Sam', '07700', '1961', 'BS16']) expect(handoff.summary).not.toContain(personal);
    expect(handoff.transcript.map((t) => t.text)).toContain('my partner hits me and I am scared');
    expect(handoff.conversationReference).toMatchObject({ channelId: 'test', conversation: { id: 'Convo1' } });
  });

  it('about domestic abuse add the national helpline', async () => {
    await driveTo(h, 'intake.name.ask');
    const replies = await h.say('my husband beats me');
    expect(replies).toEqual([...CRISIS_MESSAGES, MESSAGES['crisis.domesticAbuse'], MESSAGES['crisis.offer']]);
  });

  it('after the referral is sent mark it urgent', async () => {
    await driveTo(h, 'offerPerson.ask');
    expect((await h.stores.referrals.list()).items[0].urgent).toBe(false);
    await h.send('I took an overdose');
    expect((await h.stores.referrals.list()).items[0].urgent).toBe(true);
  });

  it('with no reply understood twice to the offer, ask someone to check in (urgent) rather than ask a third time', async () => {
    await driveTo(h, 'intake.postcode.ask');
    await h.send(CRISIS);
    expect(await h.say('purple')).toEqual([MESSAGES['crisis.offer.invalid']]);
    expect(await h.stores.handoffs.list('waiting')).toHaveLength(0);
    expect(await h.say('green')).toEqual([QUEUED_URGENT, MESSAGES['handoff.carryOn'], MESSAGES['intake.postcode.ask']]);
    const [handoff] = await h.stores.handoffs.list('waiting');
    expect(handoff.priority).toBe('urgent');
  });

  it('when someone chose not to give details still interrupt and offer a person, with no transcript kept', async () => {
    await h.send('hi');
    await h.send('find local support');
    await h.send('I feel so alone and I want to die');
    expect(await h.say('talk to a person')).toEqual([QUEUED_URGENT, MESSAGES['handoff.carryOn'], MESSAGES['needs.askAnonymous']]);
    const [handoff] = await h.stores.handoffs.list('waiting');
    expect(handoff.transcript).toEqual([]);
    expect(handoff.priority).toBe('urgent');
  });
});

describe('risk words that are negated', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  it('get a gentle check and the numbers, and the reply still answers the question', async () => {
    await driveTo(h, 'intake.whatMatters.ask');
    const replies = await h.say("I'm not suicidal, just lonely");
    expect(replies).toEqual([MESSAGES['safety.check'], MESSAGES['safety.checkNumbers'], MESSAGES['needs.ask']]);
    let next = await h.send('lonely');
    for (const step of REFERRAL_STEPS.slice(REFERRAL_STEPS.findIndex((s) => s.question === 'needs.confirm'))) {
      expectAsked(next, step.question);
      next = await h.send(step.answer);
    }
    const [referral] = (await h.stores.referrals.list()).items;
    expect(referral.whatMatters).toBe("I'm not suicidal, just lonely");
    expect(referral.urgent).toBe(false);
  });
});
