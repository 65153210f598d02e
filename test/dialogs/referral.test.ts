/**
 * The self-referral through DialogTestClient, on the real recognizer, safety assessor and embedded store: the happy
 * path, each validation, changing answers, going back, the two-tries rule, under 16, and what is stored.
 */
import { dataFilesText } from '../helpers/dataFiles';
import { MESSAGES, say } from '../../src/services/content/messages';
import { REFERENCE_PATTERN } from '../../src/services/referrals/referenceCode';
import { DialogHarness, TEST_CHANNEL, TEST_CONVERSATION, TEST_PERSON, QUEUED, reprompt } from './harness';

/** The values a question's words need when it is asked again (the needs found, for needs.confirm). */
function retryValues(question: string): Record<string, string> {
  return question === 'needs.confirm' ? { needs: 'Loneliness and isolation, Money and debt, Housing' } : {};
}
import { driveTo, expectAsked, lastText, REFERRAL_STEPS } from './script';

const CONVERSATION_KEY = `test/conversations/${TEST_CONVERSATION}/`;

describe('a self-referral', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  async function conversationState(): Promise<Record<string, unknown>> {
    return ((await h.stores.botState.read([CONVERSATION_KEY]))[CONVERSATION_KEY] ?? {}) as Record<string, unknown>;
  }

  it('welcomes, explains consent, asks one question at a time, reads back, saves with a reference and says what happens next', async () => {
    const welcome = await h.say('hi');
    expect(welcome).toEqual([MESSAGES['welcome.hello'], MESSAGES['welcome.notForEmergencies'], MESSAGES['welcome.ask'], MESSAGES['welcome.question']]);
    expect(welcome.join(' ')).toContain('999');

    const consent = await h.say('refer myself');
    expect(consent.join(' ')).toContain('2 years');
    expect(consent.join(' ')).toMatch(/see, correct or delete/);
    expect(consent[consent.length - 1]).toBe(MESSAGES['consent.ask']);

    let replies = await h.send('yes');
    for (const step of REFERRAL_STEPS.slice(2)) {
      expectAsked(replies, step.question);
      if (step.question === 'summary.ask') {
        const summary = replies[replies.length - 2].text ?? '';
        expect(summary).toContain('Name: Sam');
        expect(summary).toContain('Date of birth: 12/03/1961');
        expect(summary).toContain('Postcode: BS16 1QY');
        expect(summary).toContain('Contact: text to 07700 900123');
        expect(summary).toContain('GP practice: Fishponds Health Centre');
        expect(summary).toContain('Help with: Loneliness and isolation, Money and debt, Housing');
        expect(summary).toContain('satisfied 7, worthwhile 6, happy skipped, anxious 4');
      }
      if (step.question === 'offerPerson.ask') {
        const saved = replies.map((r) => r.text ?? '');
        const reference = /SP-[0-9A-Z]{5}/.exec(saved.join(' '))?.[0];
        expect(reference).toMatch(REFERENCE_PATTERN);
        expect(saved.find((t) => t.includes(reference!))).toMatch(/reference/);
        expect(saved).toContain(say('referral.next.text', { days: 5 }));
        expect(saved).toContain(MESSAGES['services.unavailable']);
      }
      replies = await h.send(step.answer);
    }
    expect(replies.map((r) => r.text)).toEqual([MESSAGES.goodbye]);

    const { items } = await h.stores.referrals.list();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      personId: TEST_PERSON,
      channel: 'test',
      conversationId: TEST_CONVERSATION,
      status: 'new',
      urgent: false,
      consent: { given: true },
      person: { preferredName: 'Sam', dateOfBirth: '1961-03-12', postcode: 'BS16 1QY', contactMethod: 'text', contactValue: '+447700900123', gpPractice: 'Fishponds Health Centre' },
      whatMatters: 'seeing my grandchildren',
      needs: ['loneliness', 'money', 'housing'],
      wellbeingAtIntake: { lifeSatisfaction: 7, worthwhile: 6, anxiety: 4 },
      servicesOffered: [],
    });
    expect(items[0].wellbeingAtIntake).not.toHaveProperty('happiness');
    expect(items[0].consent.at).toEqual(h.clock.now());

    // Once sent, the draft keeps only the needs (for a handoff summary): the personal details live in the referral.
    // The recent turns stay, for a link worker who picks the chat up.
    const state = await conversationState();
    expect(state.referralDraft).toEqual({ needs: ['loneliness', 'money', 'housing'] });
    expect(state).not.toHaveProperty('transcript');
    expect(JSON.stringify(await h.stores.recentTurns.read({ channel: TEST_CHANNEL, conversationId: TEST_CONVERSATION }, 400))).toContain('07700 900123');
  });

  it('offers choices as suggested actions (numbered lines by SMS) and takes a number for a choice', async () => {
    const replies = await driveTo(h, 'intake.contact.ask');
    expect(replies[replies.length - 1].suggestedActions?.actions.map((a) => a.title)).toEqual(['Text message', 'Phone call', 'Email', 'No contact']);
    expectAsked(await h.send('3'), 'intake.email.ask');
    expectAsked(await h.send('sam@example.com'), 'intake.gp.ask');
  });

  it.each([
    ['intake.name.ask', 'Sam \u{1F600}', 'intake.name.invalid'],
    ['intake.name.ask', '07700 900123', 'intake.name.invalid'],
    ['intake.dob.ask', '31/02/1961', 'intake.dob.invalid'],
    ['intake.dob.ask', '12 March', 'intake.dob.noYear'],
    ['intake.dob.ask', '12/03/2099', 'intake.dob.future'],
    ['intake.dob.ask', '12/03/1870', 'intake.dob.tooOld'],
    ['intake.postcode.ask', 'BS16', 'intake.postcode.partial'],
    ['intake.postcode.ask', 'near the park', 'intake.postcode.invalid'],
    ['intake.contact.ask', 'pigeon', 'intake.contact.invalid'],
    ['intake.mobile.ask', '0117 496 0123', 'intake.mobile.notMobile'],
    ['intake.mobile.ask', '0770090012', 'intake.mobile.tooShort'],
    ['intake.gp.ask', 'x', 'intake.gp.invalid'],
    ['ons4.lifeSatisfaction', '11', 'ons4.range'],
    ['ons4.anxiety', 'very', 'ons4.invalid'],
    ['needs.confirm', 'purple', 'needs.confirm.invalid'],
  ] as const)('at %s, %j gets a re-prompt saying what was wrong (%s), then the answer is taken', async (question, bad, error) => {
    await driveTo(h, question);
    const retry = await h.send(bad);
    expect(retry.map((r) => r.text)).toEqual([reprompt(error, question, retryValues(question))]);
    const step = REFERRAL_STEPS.findIndex((s) => s.question === question);
    expectAsked(await h.send(REFERRAL_STEPS[step].answer), REFERRAL_STEPS[step + 1].question);
  });

  it('asks for a phone number or an email address to match the way of contact chosen, and validates each', async () => {
    await driveTo(h, 'intake.contact.ask');
    expectAsked(await h.send('phone call'), 'intake.phone.ask');
    expect(lastText(await h.send('12345'))).toBe(reprompt('intake.phone.invalid', 'intake.phone.ask'));
    expectAsked(await h.send('0117 496 0123'), 'intake.gp.ask');
    expectAsked(await h.send('back'), 'intake.phone.ask');
    expectAsked(await h.send('back'), 'intake.contact.ask');
    expectAsked(await h.send('email'), 'intake.email.ask');
    expect(lastText(await h.send('sam at example'))).toBe(reprompt('intake.email.invalid', 'intake.email.ask'));
    expectAsked(await h.send('sam@example.com'), 'intake.gp.ask');
  });

  it('says when nobody will make contact, and stores no contact detail', async () => {
    let replies = await driveTo(h, 'intake.contact.ask');
    replies = await h.send('no contact');
    for (const step of REFERRAL_STEPS.slice(REFERRAL_STEPS.findIndex((s) => s.question === 'intake.gp.ask'))) {
      expectAsked(replies, step.question);
      if (step.question === 'offerPerson.ask') expect(replies.map((r) => r.text)).toContain(MESSAGES['referral.next.none']);
      replies = await h.send(step.answer);
    }
    const [referral] = (await h.stores.referrals.list()).items;
    expect(referral.person.contactMethod).toBe('none');
    expect(referral.person).not.toHaveProperty('contactValue');
  });

  it('takes skip for every optional question and saves what was given', async () => {
    await driveTo(h, 'intake.name.ask');
    expectAsked(await h.send('skip'), 'intake.dob.ask');
    expectAsked(await h.send("I'd rather not say"), 'intake.postcode.ask');
    expectAsked(await h.send('not sure'), 'intake.contact.ask');
    expect(lastText(await h.send('skip'))).toBe(reprompt('answer.cannotSkip', 'intake.contact.ask'));
    expectAsked(await h.send('none'), 'intake.gp.ask');
    expectAsked(await h.send('skip'), 'intake.whatMatters.ask');
    expectAsked(await h.send('skip'), 'needs.ask');
    expectAsked(await h.send('skip'), 'needs.list');
    expectAsked(await h.send('not sure'), 'ons4.lifeSatisfaction');
    for (const q of ['ons4.worthwhile', 'ons4.happiness', 'ons4.anxiety'] as const) expectAsked(await h.send('skip'), q);
    const summary = await h.say('skip');
    expect(summary.join('\n')).toContain('Name: not given');
    expect(summary.join('\n')).toContain('Help with: Something else');
    await h.send('yes');
    const [referral] = (await h.stores.referrals.list()).items;
    expect(referral.person).toEqual({ contactMethod: 'none' });
    expect(referral.needs).toEqual(['other']);
    expect(referral).not.toHaveProperty('wellbeingAtIntake');
    expect(referral).not.toHaveProperty('whatMatters');
  });

  it('shows a numbered list of needs when none are recognised or the person says they are wrong', async () => {
    await driveTo(h, 'needs.ask');
    const list = await h.say('asdfgh qwerty');
    expect(list[0]).toBe(MESSAGES['needs.notFound']);
    expect(list[1]).toContain(MESSAGES['needs.list']);
    expect(list[1]).toContain('1 Loneliness and isolation');
    expect(list[1]).toContain('16 Something else');
    expect(lastText(await h.send('42'))).toContain(reprompt('needs.list.range', 'needs.list', { max: 16 }));
    expectAsked(await h.send('4 and 5'), 'ons4.lifeSatisfaction');
    expectAsked(await h.send('back'), 'needs.ask');
    expectAsked(await h.send('I am so lonely'), 'needs.confirm');
    expectAsked(await h.send('no'), 'needs.list');
    expectAsked(await h.send('1, 3'), 'ons4.lifeSatisfaction');
    const summary = await driveToSummary(h);
    expect(summary).toContain('Help with: Loneliness and isolation, Benefits and entitlements');
  });

  it('goes back to the question before, and says so at the first question', async () => {
    await driveTo(h, 'intake.dob.ask');
    expectAsked(await h.send('go back'), 'intake.name.ask');
    expect((await h.send('back')).map((r) => r.text)).toEqual([MESSAGES['answer.back.first'], MESSAGES['intake.name.ask']]);
    expectAsked(await h.send('Alex'), 'intake.dob.ask');
  });

  it('after two failed tries offers numbered choices: try again, skip, or a person', async () => {
    await driveTo(h, 'intake.postcode.ask');
    expect(lastText(await h.send('somewhere'))).toBe(reprompt('intake.postcode.invalid', 'intake.postcode.ask'));
    const stuck = await h.send('somewhere else');
    expect(stuck.map((r) => r.text)).toEqual([MESSAGES['stuck.ask']]);
    expect(stuck[0].suggestedActions?.actions.map((a) => a.title)).toEqual(['Try again', 'Skip this question', 'Talk to a person']);
    expectAsked(await h.send('1'), 'intake.postcode.ask');
    await h.send('nowhere');
    await h.send('still nowhere');
    expectAsked(await h.send('Skip this question'), 'intake.contact.ask');
  });

  it('offers no skip for a question that needs an answer, and a person when even the choices are not understood', async () => {
    await driveTo(h, 'intake.mobile.ask');
    await h.send('no idea');
    const stuck = await h.send('dunno');
    expect(stuck[0].suggestedActions?.actions.map((a) => a.title)).toEqual(['Try again', 'Talk to a person']);
    expect(lastText(await h.send('banana'))).toBe(reprompt('answer.notUnderstood', 'stuck.ask'));
    const handedOver = await h.say('apple');
    expect(handedOver).toEqual([QUEUED, MESSAGES['handoff.carryOn'], MESSAGES['intake.mobile.ask']]);
    const [handoff] = await h.stores.handoffs.list('waiting');
    expect(handoff.summary).toContain(MESSAGES['handoff.summary.misunderstood']);
    expectAsked(await h.send('07700 900123'), 'intake.gp.ask');
  });

  describe('the two-tries rule beyond the intake questions', () => {
    const REQUIRED = ['Try again', 'Talk to a person'];

    it('at the welcome: two replies not understood bring the choices, never a loop; a person can be chosen', async () => {
      await h.send('hi');
      expect(await h.say('purple')).toEqual([reprompt('welcome.invalid', 'welcome.question')]);
      const stuck = await h.send('green');
      expect(stuck.map((r) => r.text)).toEqual([MESSAGES['stuck.ask']]);
      expect(stuck[0].suggestedActions?.actions.map((a) => a.title)).toEqual(REQUIRED);
      expectAsked(await h.send('Try again'), 'welcome.question');
      await h.send('purple');
      await h.send('green');
      expect(await h.say('2')).toEqual([QUEUED, MESSAGES['handoff.carryOn'], MESSAGES['welcome.question']]);
      const [handoff] = await h.stores.handoffs.list('waiting');
      expect(handoff.summary).toContain(MESSAGES['handoff.summary.misunderstood']);
      expectAsked(await h.send('refer myself'), 'consent.ask');
    });

    it('at consent: two replies not understood bring the choices (no skip: consent needs an answer), then the question again', async () => {
      await driveTo(h, 'consent.ask');
      expect(await h.say('purple')).toEqual([reprompt('consent.invalid', 'consent.ask')]);
      const stuck = await h.send('green');
      expect(stuck.map((r) => r.text)).toEqual([MESSAGES['stuck.ask']]);
      expect(stuck[0].suggestedActions?.actions.map((a) => a.title)).toEqual(REQUIRED);
      expect(lastText(await h.send('banana'))).toBe(reprompt('answer.notUnderstood', 'stuck.ask'));
      expectAsked(await h.send('1'), 'consent.ask');
      expectAsked(await h.send('yes'), 'intake.name.ask');
      expect(await h.stores.handoffs.list('waiting')).toEqual([]);
    });

    it('at the needs list: two replies not understood bring the choices, and skipping records "something else"', async () => {
      await driveTo(h, 'needs.ask');
      expectAsked(await h.send('asdfgh qwerty'), 'needs.list');
      expect(lastText(await h.send('42'))).toContain(reprompt('needs.list.range', 'needs.list', { max: 16 }));
      const stuck = await h.send('the blue one');
      expect(stuck.map((r) => r.text)).toEqual([MESSAGES['stuck.ask']]);
      expect(stuck[0].suggestedActions?.actions.map((a) => a.title)).toEqual(['Try again', 'Skip this question', 'Talk to a person']);
      expectAsked(await h.send('Skip this question'), 'ons4.lifeSatisfaction');
      const summary = await driveToSummary(h);
      expect(summary).toContain('Help with: Something else');
    });
  });

  it('explains why a contact detail cannot be skipped, and how to give none', async () => {
    await driveTo(h, 'intake.mobile.ask');
    expect(await h.say('skip')).toEqual([reprompt('intake.detail.cannotSkip', 'intake.mobile.ask')]);
    expectAsked(await h.send('back'), 'intake.contact.ask');
    expectAsked(await h.send('No contact'), 'intake.gp.ask');
  });

  it('changes any answer by name from the summary and comes back to the summary', async () => {
    await driveTo(h, 'summary.ask');
    let summary = await h.sayJoined('change postcode');
    expect(summary).toBe(MESSAGES['intake.postcode.ask']);
    summary = await h.sayJoined('BS5 6XX');
    expect(summary).toContain('Postcode: BS5 6XX');
    expect(summary).toContain(MESSAGES['summary.ask']);

    expectAsked(await h.send('my phone number is wrong'), 'intake.contact.ask');
    expectAsked(await h.send('email'), 'intake.email.ask');
    summary = await h.sayJoined('sam@example.com');
    expect(summary).toContain('Contact: email to sam@example.com');

    expectAsked(await h.send('change'), 'summary.which');
    expectAsked(await h.send('Help with'), 'needs.ask');
    expectAsked(await h.send('I need help with food'), 'needs.confirm');
    summary = await h.sayJoined('yes');
    expect(summary).toContain('Help with: Food');

    expectAsked(await h.send('change wellbeing scores'), 'ons4.lifeSatisfaction');
    for (const q of ['ons4.worthwhile', 'ons4.happiness', 'ons4.anxiety'] as const) expectAsked(await h.send('5'), q);
    summary = await h.sayJoined('5');
    expect(summary).toContain('satisfied 5, worthwhile 5, happy 5, anxious 5');

    await h.send('yes');
    const [referral] = (await h.stores.referrals.list()).items;
    expect(referral.person).toMatchObject({ postcode: 'BS5 6XX', contactMethod: 'email', contactValue: 'sam@example.com' });
    expect(referral.needs).toEqual(['food']);
  });

  it('tells someone under 16 kindly where to get help, and keeps nothing', async () => {
    await driveTo(h, 'intake.dob.ask');
    const replies = await h.say('01/09/2012');
    expect(replies).toEqual([MESSAGES['intake.under16'], MESSAGES['intake.under16.help']]);
    expect((await h.stores.referrals.list()).total).toBe(0);
    const state = JSON.stringify(await conversationState());
    expect(state).not.toContain('Sam');
    expect(state).not.toContain('2012');
    // The next message starts afresh.
    expect(lastText(await h.send('hello'))).toBe(MESSAGES['welcome.question']);
  });

  it('redirects someone under 16 who changes their date of birth at the summary', async () => {
    await driveTo(h, 'summary.ask');
    await h.send('change date of birth');
    expect(await h.say('01/09/2012')).toEqual([MESSAGES['intake.under16'], MESSAGES['intake.under16.help']]);
    expect((await h.stores.referrals.list()).total).toBe(0);
  });

  it('takes no personal details without consent: general signposting only, nothing stored', async () => {
    await driveTo(h, 'consent.ask');
    const declined = await h.say('no');
    expect(declined).toEqual([MESSAGES['consent.declined'], MESSAGES['needs.askAnonymous']]);
    expectAsked(await h.send('I feel lonely since my wife Margaret died'), 'needs.confirm');
    const after = await h.say('yes');
    expect(after).toEqual([MESSAGES['services.unavailable'], MESSAGES['offerPerson.ask']]);
    expect(await h.say('no')).toEqual([MESSAGES.goodbye]);
    expect((await h.stores.referrals.list()).total).toBe(0);
    // Not in conversation state nor the recent turns, and never written to the store's file at all.
    const state = await conversationState();
    expect(state).not.toHaveProperty('transcript');
    expect(await h.stores.recentTurns.read({ channel: TEST_CHANNEL, conversationId: TEST_CONVERSATION }, 400)).toEqual([]);
    expect(state.referralDraft).toEqual({ needs: ['loneliness'] });
    expect(dataFilesText(h.dataDir)).not.toContain('Margaret');
  });

  it('offers a person at the end, and hands over with the referral reference', async () => {
    const replies = await driveTo(h, 'offerPerson.ask');
    const reference = /SP-[0-9A-Z]{5}/.exec(replies.map((r) => r.text).join(' '))![0];
    expect(await h.say('Talk to a person')).toEqual([QUEUED, MESSAGES['handoff.relay']]);
    const [handoff] = await h.stores.handoffs.list('waiting');
    expect(handoff).toMatchObject({ referralReference: reference, priority: 'normal', personId: TEST_PERSON });
    expect(handoff.summary).toContain(`Referral ${reference}`);
  });
});

async function driveToSummary(h: DialogHarness): Promise<string> {
  for (const answer of ['7', '6', 'skip']) await h.send(answer);
  return h.sayJoined('4');
}
