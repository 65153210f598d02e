/**
 * Outcome measures in the conversation: after a link worker closes a chat, how happy the person is with the help and
 * whether we may follow up (here, in a conversation that lasts; by text, from a chat that does not, and only to a
 * mobile the referral says to text); FOLLOW_UP_DAYS later, the wellbeing questions again. Through the MainDialog with
 * the real store, started as Signpost starts them (marked proactive turns), never by an activity from outside.
 */
import type { Handoff } from '../../src/services/handoff/Handoff';
import { MESSAGES, say } from '../../src/services/content/messages';
import { questionsAfterClose } from '../../src/services/outcomes/OutcomeFollowUps';
import { followUpRoute } from '../../src/services/outcomes/followUpReach';
import type { Referral } from '../../src/services/referrals/Referral';
import { PROACTIVE_EVENTS } from '../../src/services/outcomes/proactiveTurns';
import { DialogHarness, reprompt } from './harness';
import { driveTo } from './script';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What Signpost asks after the chat closed, with the follow-up offered however it could reach them. */
const questionsFor = (handoff: Handoff, referral: Referral | null) => questionsAfterClose(handoff, referral, followUpRoute(handoff, referral));

describe('after a link worker closes a chat', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  /** A self-referral, a person asked for at the end, a worker who closes it with `outcome`. */
  async function referredAndClosed(outcome: 'signposted' | 'referred' | 'no-contact' = 'signposted') {
    await driveTo(h, 'offerPerson.ask');
    await h.send('yes');
    const [queued] = await h.stores.handoffs.list('waiting');
    await h.stores.handoffs.claim(queued.id, 'worker-1');
    const handoff = await h.stores.handoffs.close(queued.id, { type: outcome });
    const referral = await h.stores.referrals.get(handoff.referralReference!);
    return { handoff, referral: referral! };
  }

  it('asks how happy they are, what they would like to say, and whether we may text them in 6 weeks on the mobile they gave', async () => {
    // This chat is not a text conversation (as web chat is not): the follow-up would go by text, to 07700 900123.
    const { handoff, referral } = await referredAndClosed();
    expect(referral.person).toMatchObject({ contactMethod: 'text', contactValue: '+447700900123' });
    const value = questionsFor(handoff, referral)!;
    expect(value).toEqual({ handoffId: handoff.id, askSatisfaction: true, followUpReferral: referral.reference, followUpByText: { ending: '123' } });
    expect(await h.proactive({ name: PROACTIVE_EVENTS.handoffClosed, value })).toEqual([MESSAGES['satisfaction.ask']]);
    expect(await h.say('4')).toEqual([MESSAGES['satisfaction.comment.ask']]);
    expect(await h.say('Sam was kind and called me back the same day')).toEqual([MESSAGES['satisfaction.thanks'], say('followUp.consent.askByText', { weeks: 6, ending: '123' })]);
    expect(await h.say('yes')).toEqual([say('followUp.agreedByText', { weeks: 6 }), MESSAGES['afterHandoff.goodbye']]);

    expect((await h.stores.handoffs.get(handoff.id))?.satisfaction).toEqual({ score: 4, comment: 'Sam was kind and called me back the same day', at: h.clock.now() });
    const followUp = (await h.stores.referrals.get(referral.reference))?.followUp;
    expect(followUp).toEqual({ consentAt: h.clock.now(), dueAt: new Date(h.clock.now().getTime() + 42 * DAY_MS), handoffId: handoff.id });
  });

  it('in a text conversation, asks whether we may message them there', async () => {
    const { handoff, referral } = await referredAndClosed();
    const bySms = { ...handoff, channel: 'sms' };
    const value = questionsFor(bySms, referral)!;
    expect(value).toEqual({ handoffId: handoff.id, askSatisfaction: true, followUpReferral: referral.reference });
    expect(await h.proactive({ name: PROACTIVE_EVENTS.handoffClosed, value })).toEqual([MESSAGES['satisfaction.ask']]);
    expect(await h.say('skip')).toEqual([say('followUp.consent.ask', { weeks: 6 })]);
    expect(await h.say('yes')).toEqual([say('followUp.agreed', { weeks: 6 }), MESSAGES['afterHandoff.goodbye']]);
    expect((await h.stores.referrals.get(referral.reference))?.followUp).toMatchObject({ handoffId: handoff.id });
  });

  it('outside a text conversation, never asks about a follow-up unless the referral says to text a UK mobile', async () => {
    const { handoff, referral } = await referredAndClosed();
    const unreachable: Referral['person'][] = [
      { ...referral.person, contactMethod: 'phone' },
      { ...referral.person, contactMethod: 'email', contactValue: 'sam@example.org' },
      { ...referral.person, contactMethod: 'none', contactValue: undefined },
      { ...referral.person, contactMethod: 'text', contactValue: '+441179000000' },
      { ...referral.person, contactMethod: 'text', contactValue: undefined },
    ];
    for (const person of unreachable) expect(questionsFor(handoff, { ...referral, person })).toEqual({ handoffId: handoff.id, askSatisfaction: true });

    // In the conversation: how it went, then goodbye; nothing recorded as due.
    await h.stores.referrals.update(referral.reference, { person: unreachable[0] });
    const value = questionsFor(handoff, (await h.stores.referrals.get(referral.reference))!)!;
    expect(await h.proactive({ name: PROACTIVE_EVENTS.handoffClosed, value })).toEqual([MESSAGES['satisfaction.ask']]);
    expect(await h.say('5')).toEqual([MESSAGES['satisfaction.comment.ask']]);
    expect(await h.say('no')).toEqual([MESSAGES['satisfaction.thanks'], MESSAGES['afterHandoff.goodbye']]);
    expect((await h.stores.referrals.get(referral.reference))?.followUp).toBeUndefined();
  });

  it('takes the words of a choice, lets every question be skipped, and keeps no follow-up on no', async () => {
    const { handoff, referral } = await referredAndClosed('referred');
    await h.proactive({ name: PROACTIVE_EVENTS.handoffClosed, value: questionsFor(handoff, referral)! });
    expect(await h.say('7')).toEqual([reprompt('satisfaction.invalid', 'satisfaction.ask')]);
    expect(await h.say('very happy')).toEqual([MESSAGES['satisfaction.comment.ask']]);
    expect(await h.say('skip')).toEqual([MESSAGES['satisfaction.thanks'], say('followUp.consent.askByText', { weeks: 6, ending: '123' })]);
    expect(await h.say('no thanks')).toEqual([MESSAGES['followUp.declined'], MESSAGES['afterHandoff.goodbye']]);
    expect((await h.stores.handoffs.get(handoff.id))?.satisfaction).toEqual({ score: 5, at: h.clock.now() });
    expect((await h.stores.referrals.get(referral.reference))?.followUp).toBeUndefined();
  });

  it('never reads "ok" or "thanks" as a score: only a number or the words of a choice are', async () => {
    const { handoff, referral } = await referredAndClosed('referred');
    await h.proactive({ name: PROACTIVE_EVENTS.handoffClosed, value: questionsFor(handoff, referral)! });
    expect(await h.say('ok')).toEqual([reprompt('satisfaction.invalid', 'satisfaction.ask')]);
    // A second miss offers the way out (choices or a person), as everywhere: still no score.
    expect(await h.say('thanks')).not.toContain(MESSAGES['satisfaction.comment.ask']);
    expect((await h.stores.handoffs.get(handoff.id))?.satisfaction).toBeUndefined();
  });

  it('takes the middle choice by its words', async () => {
    const { handoff, referral } = await referredAndClosed('referred');
    await h.proactive({ name: PROACTIVE_EVENTS.handoffClosed, value: questionsFor(handoff, referral)! });
    expect(await h.say('Ok thank you')).toEqual([reprompt('satisfaction.invalid', 'satisfaction.ask')]);
    expect(await h.say(MESSAGES['satisfaction.choice.3'])).toEqual([MESSAGES['satisfaction.comment.ask']]);
    await h.say('skip');
    expect((await h.stores.handoffs.get(handoff.id))?.satisfaction).toMatchObject({ score: 3 });
  });

  it('skipping the score skips the comment too', async () => {
    const { handoff, referral } = await referredAndClosed();
    await h.proactive({ name: PROACTIVE_EVENTS.handoffClosed, value: questionsFor(handoff, referral)! });
    expect(await h.say('skip')).toEqual([say('followUp.consent.askByText', { weeks: 6, ending: '123' })]);
    expect((await h.stores.handoffs.get(handoff.id))?.satisfaction).toBeUndefined();
  });

  it('asks nothing after a chat closed for no reply, and no follow-up without a referral', async () => {
    const { handoff, referral } = await referredAndClosed('no-contact');
    expect(questionsFor(handoff, referral)).toBeUndefined();
    const anonymous = { ...handoff, referralReference: undefined, outcome: { type: 'signposted' as const } };
    expect(questionsFor(anonymous, null)).toEqual({ handoffId: handoff.id, askSatisfaction: true });
    expect(questionsFor({ ...handoff, outcome: { type: 'referred' } }, { ...referral, followUp: { consentAt: new Date(), dueAt: new Date() } })).toEqual({ handoffId: handoff.id, askSatisfaction: true });
    // A route that could reach them (or none) never turns a closed-for-no-reply chat into questions.
    expect(questionsAfterClose(handoff, referral, { by: 'conversation', conversationId: handoff.conversationId })).toBeUndefined();
  });

  it('crisis words in an answer are answered first, as at any other question', async () => {
    const { handoff, referral } = await referredAndClosed();
    await h.proactive({ name: PROACTIVE_EVENTS.handoffClosed, value: questionsFor(handoff, referral)! });
    const replies = await h.say('honestly I want to end my life');
    expect(replies[0]).toBe(MESSAGES['crisis.intro']);
    expect(replies[replies.length - 1]).toBe(MESSAGES['crisis.offer']);
  });

  it('an event from outside cannot start these questions', async () => {
    const { handoff, referral } = await referredAndClosed();
    // (SignpostBot does not even pass such events to the dialogs: test/bots/relay.test.ts.)
    const replies = await h.send({ type: 'event', name: PROACTIVE_EVENTS.handoffClosed, value: questionsFor(handoff, referral) });
    expect(replies.map((r) => r.text)).not.toContain(MESSAGES['satisfaction.ask']);
    const followUp = await h.send({ type: 'event', name: PROACTIVE_EVENTS.followUp, value: { referralReference: referral.reference } });
    expect(followUp.map((r) => r.text)).not.toContain(MESSAGES['followUp.intro']);
    expect((await h.stores.referrals.get(referral.reference))?.followUp).toBeUndefined();
  });
});

describe('the wellbeing follow-up', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  it('asks the four questions again, each skippable, and keeps the answers beside those at intake', async () => {
    await driveTo(h);
    const [referral] = (await h.stores.referrals.list()).items;
    const consentAt = h.clock.now();
    await h.stores.referrals.update(referral.reference, { followUp: { consentAt, dueAt: consentAt, sentAt: consentAt, handoffId: 'h-1' } });
    h.clock.advance(42 * DAY_MS);
    // Whatever was running gives way: here, a new conversation at the welcome.
    await h.send('hello again');
    expect(await h.proactive({ name: PROACTIVE_EVENTS.followUp, value: { referralReference: referral.reference } })).toEqual([MESSAGES['followUp.intro'], MESSAGES['ons4.lifeSatisfaction']]);
    expect(await h.say('8')).toEqual([MESSAGES['ons4.worthwhile']]);
    expect(await h.say('eleven')).toEqual([reprompt('ons4.range', 'ons4.worthwhile')]);
    expect(await h.say('skip')).toEqual([MESSAGES['ons4.happiness']]);
    expect(await h.say('6')).toEqual([MESSAGES['ons4.anxiety']]);
    expect(await h.say('3')).toEqual([MESSAGES['followUp.thanks']]);
    const saved = (await h.stores.referrals.get(referral.reference))!;
    expect(saved.followUp).toEqual({ consentAt, dueAt: consentAt, sentAt: consentAt, handoffId: 'h-1', answeredAt: h.clock.now(), wellbeing: { lifeSatisfaction: 8, happiness: 6, anxiety: 3 } });
    expect(saved.wellbeingAtIntake).toEqual({ lifeSatisfaction: 7, worthwhile: 6, anxiety: 4 });
  });

  it('texted to someone who agreed in web chat, first says who we are and how to stop the texts', async () => {
    await driveTo(h);
    const [referral] = (await h.stores.referrals.list()).items;
    await h.stores.referrals.update(referral.reference, { followUp: { consentAt: h.clock.now(), dueAt: h.clock.now(), sentAt: h.clock.now(), handoffId: 'h-1' } });
    expect(await h.proactive({ name: PROACTIVE_EVENTS.followUp, value: { referralReference: referral.reference, viaText: true } })).toEqual([MESSAGES['followUp.introByText'], MESSAGES['ons4.lifeSatisfaction']]);
    expect(await h.say('9')).toEqual([MESSAGES['ons4.worthwhile']]);
  });
});
