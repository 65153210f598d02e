/**
 * Safety first, at every step: crisis words interrupt whatever is asked, give the crisis message in order, mark the
 * referral urgent and offer a person; the conversation then carries on at the same question. A "check" gives the
 * numbers and takes the reply as the answer it was.
 */
import type { Activity } from 'botbuilder';
import type { Session } from '../../src/dialogs/conversationData';
import { RESUME_AFTER_MS } from '../../src/dialogs/MainDialog';
import { SignpostDialog } from '../../src/dialogs/SignpostDialog';
import { MESSAGES, type MessageId } from '../../src/services/content/messages';
import { ensureDefaultDirectory } from '../../src/services/directory/defaultDirectory';
import { DistrictGeography } from '../../src/services/geography/Geography';
import type { TextMessageSender } from '../../src/services/sms/TextMessageSender';
import type { Stores } from '../../src/storage/Stores';
import { DialogHarness, QUEUED_URGENT, TEST_CONVERSATION } from './harness';
import { driveTo, expectAsked, REFERRAL_STEPS, stepIndex } from './script';

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

  it('about domestic abuse give 999 with the silent solution, then England\'s helpline and a line naming the others when the nation is not known', async () => {
    await driveTo(h, 'intake.name.ask');
    const replies = await h.say('my husband beats me');
    expect(replies).toEqual([MESSAGES['crisis.abuse.999'], MESSAGES['crisis.abuse.england'], MESSAGES['crisis.abuse.otherNations'], MESSAGES['crisis.offer']]);
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

/** What the conversation keeps between turns (the store's copy), as a server restart would find it. */
async function conversationState(h: DialogHarness): Promise<{ session?: Session; transcript?: unknown[] }> {
  const key = `test/conversations/${TEST_CONVERSATION}/`;
  return ((await h.stores.botState.read([key]))[key] ?? {}) as { session?: Session; transcript?: unknown[] };
}

/** Crisis words at the question waiting: the crisis message and the offer; "No, carry on" asks the same question again. */
async function interruptThenCarryOn(h: DialogHarness, question: MessageId): Promise<void> {
  expect((await h.send(CRISIS)).map((r) => r.text)).toEqual([...CRISIS_MESSAGES, MESSAGES['crisis.offer']]);
  const carriedOn = await h.send('No, carry on');
  expect(carriedOn[0].text).toBe(MESSAGES['crisis.carryOn']);
  expectAsked(carriedOn, question);
}

interface FollowOn {
  /** The question crisis words interrupt. */
  question: MessageId;
  /** Gets there; resolves with the replies that asked it. */
  reach(h: DialogHarness): Promise<Partial<Activity>[]>;
  /** An answer to it, and the question it leads to. */
  answer: string;
  next: MessageId;
}

/** Sends each reply in turn; resolves with the replies to the last. */
async function sendAll(h: DialogHarness, texts: string[]): Promise<Partial<Activity>[]> {
  let replies: Partial<Activity>[] = [];
  for (const text of texts) replies = await h.send(text);
  return replies;
}

describe('crisis words at the follow-on questions of a self-referral', () => {
  const FOLLOW_ONS: FollowOn[] = [
    { question: 'intake.email.ask', reach: async (h) => (await driveTo(h, 'intake.contact.ask'), h.send('email')), answer: 'sam@example.com', next: 'intake.gp.ask' },
    { question: 'intake.phone.ask', reach: async (h) => (await driveTo(h, 'intake.contact.ask'), h.send('phone call')), answer: '0117 496 0123', next: 'intake.gp.ask' },
    { question: 'needs.list', reach: async (h) => (await driveTo(h, 'needs.ask'), h.send('asdfgh qwerty')), answer: '1 and 3', next: 'ons4.lifeSatisfaction' },
    { question: 'summary.which', reach: async (h) => (await driveTo(h, 'summary.ask'), h.send('change')), answer: 'Postcode', next: 'intake.postcode.ask' },
  ];

  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  it.each(FOLLOW_ONS.map((f) => [f.question, f] as const))('interrupt at %s, and the referral carries on at the same question, urgent', async (question, followOn) => {
    expectAsked(await followOn.reach(h), question);
    await interruptThenCarryOn(h, question);
    expectAsked(await h.send(followOn.answer), followOn.next);
    expect((await conversationState(h)).session?.urgent).toBe(true);
    expect(await h.stores.handoffs.list('waiting')).toEqual([]);
  });

  it('interrupt the "carry on or start again?" question after 7 days away; carrying on goes back to the question that was waiting', async () => {
    await driveTo(h, 'intake.contact.ask');
    h.clock.advance(RESUME_AFTER_MS + 60 * 60 * 1000);
    expect(await h.say('text')).toEqual([MESSAGES['resume.ask']]);
    // "No, carry on" answers the crisis offer and, in the same words, the question it interrupted.
    await interruptThenCarryOn(h, 'intake.contact.ask');
    expectAsked(await h.send('text'), 'intake.mobile.ask');
    for (const step of REFERRAL_STEPS.slice(stepIndex('intake.mobile.ask'))) await h.send(step.answer);
    const [referral] = (await h.stores.referrals.list()).items;
    expect(referral).toMatchObject({ urgent: true, person: { preferredName: 'Sam', contactMethod: 'text' } });
  });
});

describe('crisis words at each step of finding support without giving details', () => {
  const noTexts: TextMessageSender = { send: async () => 'sent' };
  const geography = DistrictGeography.fromFile();
  const NO_DETAILS = ['hi', 'Find support, no details'];
  const STEPS: FollowOn[] = [
    { question: 'needs.askAnonymous', reach: (h) => sendAll(h, NO_DETAILS), answer: 'food bank', next: 'needs.confirm' },
    { question: 'needs.askAnonymous', reach: async (h) => (await driveTo(h, 'consent.ask'), h.send('no')), answer: 'food bank', next: 'needs.confirm' },
    { question: 'needs.confirm', reach: (h) => sendAll(h, [...NO_DETAILS, 'food bank']), answer: 'yes', next: 'signpost.choices' },
    { question: 'needs.list', reach: (h) => sendAll(h, [...NO_DETAILS, 'asdfgh qwerty']), answer: '5', next: 'signpost.choices' },
    { question: 'signpost.choices', reach: (h) => sendAll(h, [...NO_DETAILS, 'food bank', 'yes']), answer: 'Done', next: 'offerPerson.ask' },
    { question: 'signpost.askDistrict', reach: (h) => sendAll(h, [...NO_DETAILS, 'food bank', 'yes', 'Near me']), answer: 'S6', next: 'signpost.choices' },
    { question: 'signpost.askMobile', reach: (h) => sendAll(h, [...NO_DETAILS, 'food bank', 'yes', 'Text me these']), answer: '07911 123456', next: 'signpost.choices' },
    { question: 'offerPerson.ask', reach: (h) => sendAll(h, [...NO_DETAILS, 'food bank', 'yes', 'Done']), answer: 'no', next: 'goodbye' },
  ];

  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start({ signpost: (stores: Stores) => new SignpostDialog({ directory: stores.directory, geography, textMessages: noTexts, referrals: stores.referrals }) });
    await ensureDefaultDirectory(h.stores.directory);
  });
  afterEach(async () => h.close());

  it.each(STEPS.map((s, i) => [s.question, i, s] as const))('interrupt at %s (step %i), carry on at the same question, and keep nothing personal', async (question, _index, step) => {
    expectAsked(await step.reach(h), question);
    await interruptThenCarryOn(h, question);
    expectAsked(await h.send(step.answer), step.next);
    const state = await conversationState(h);
    expect(state.session).toMatchObject({ urgent: true, mode: 'anonymous' });
    expect(state.transcript ?? []).toEqual([]);
    expect((await h.stores.referrals.list()).total).toBe(0);
    expect(await h.stores.handoffs.list('waiting')).toEqual([]);
  });
});
