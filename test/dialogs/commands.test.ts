/**
 * What people can say at any time: help, start over, cancel or stop, talk to a person, delete my data; in exact words
 * (acted on at once) or in words only the recognizer understands (checked first).
 */
import { MESSAGES, say } from '../../src/services/content/messages';
import { DialogHarness, TEST_CONVERSATION, TEST_PERSON, QUEUED } from './harness';
import { driveTo, expectAsked, lastText } from './script';

const CONVERSATION_KEY = `test/conversations/${TEST_CONVERSATION}/`;

describe('commands at any time', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  it('help says what can be said, then asks the same question again', async () => {
    await driveTo(h, 'intake.postcode.ask');
    expect(await h.say('help')).toEqual([MESSAGES['help.text'], MESSAGES['intake.postcode.ask']]);
    expectAsked(await h.send('BS16 1QY'), 'intake.contact.ask');
  });

  it('stop ends at once and keeps none of the answers; the next message starts afresh', async () => {
    await driveTo(h, 'intake.contact.ask');
    expect(await h.say('stop')).toEqual([MESSAGES['command.stopped']]);
    const state = (await h.stores.botState.read([CONVERSATION_KEY]))[CONVERSATION_KEY] as Record<string, unknown>;
    expect(state.referralDraft).toEqual({});
    expect(lastText(await h.send('hello'))).toBe(MESSAGES['welcome.question']);
  });

  it('cancel after the referral is sent says it is still with us', async () => {
    const replies = await driveTo(h, 'offerPerson.ask');
    const reference = /SP-[0-9A-Z]{5}/.exec(replies.map((r) => r.text).join(' '))![0];
    expect(await h.say('cancel')).toEqual([say('command.stopped.saved', { reference })]);
    expect((await h.stores.referrals.list()).total).toBe(1);
  });

  // ("I really cannot be bothered with this anymore" used to be the guess here: "anymore" is now asked about directly.)
  it('a cancel the recognizer only guesses is checked first: no carries on, yes stops', async () => {
    await driveTo(h, 'intake.gp.ask');
    expect(await h.say('can we leave it there for now')).toEqual([MESSAGES['command.confirm.cancel']]);
    expect(await h.say('no')).toEqual([MESSAGES['command.carryOn'], MESSAGES['intake.gp.ask']]);
    await h.send('can we leave it there for now');
    expect(await h.say('yes')).toEqual([MESSAGES['command.stopped']]);
  });

  it('start over goes back to the welcome question with nothing kept', async () => {
    await driveTo(h, 'intake.mobile.ask');
    expect(await h.say('start over')).toEqual([MESSAGES['command.startOver'], MESSAGES['welcome.question']]);
    expectAsked(await h.send('refer myself'), 'consent.ask');
    await h.send('yes');
    expectAsked(await h.send('skip'), 'intake.dob.ask');
  });

  it('talk to a person hands over at once, then the same question is asked again', async () => {
    await driveTo(h, 'intake.whatMatters.ask');
    expect(await h.say('talk to a person')).toEqual([QUEUED, MESSAGES['handoff.carryOn'], MESSAGES['intake.whatMatters.ask']]);
    const [handoff] = await h.stores.handoffs.list('waiting');
    expect(handoff).toMatchObject({ personId: TEST_PERSON, channel: 'test', conversationId: TEST_CONVERSATION, priority: 'normal' });
    expect(handoff.summary).toBe(`${MESSAGES['handoff.summary.asked']} ${MESSAGES['handoff.summary.noNeeds']}`);
    expect(handoff.transcript.slice(-2).map((t) => t.from)).toEqual(['bot', 'patient']);
    expect(handoff.transcript.map((t) => t.text)).toContain('Fishponds Health Centre');
    // Asking again does not queue twice.
    expect(await h.say('talk to a person')).toEqual([MESSAGES['handoff.already'], MESSAGES['handoff.carryOn'], MESSAGES['intake.whatMatters.ask']]);
    expect(await h.stores.handoffs.list('waiting')).toHaveLength(1);
  });

  it('hands over with the needs known so far, and nothing personal, in the summary', async () => {
    await driveTo(h, 'ons4.lifeSatisfaction');
    await h.send('talk to a person');
    const [handoff] = await h.stores.handoffs.list('waiting');
    expect(handoff.summary).toBe('Asked to talk to a person. Needs: Loneliness and isolation, Money and debt, Housing.');
  });

  it('talk to a person from the welcome hands over', async () => {
    await h.send('hi');
    expect(await h.say('Talk to a person')).toEqual([QUEUED, MESSAGES['handoff.relay']]);
    expect(await h.stores.handoffs.list('waiting')).toHaveLength(1);
  });

  it('at the welcome, a person asked for in any words is the third choice: handed over at once', async () => {
    await h.send('hi');
    expect(await h.say('can I speak to a real person please')).toEqual([QUEUED, MESSAGES['handoff.relay']]);
  });

  it('a person asked for in other words is checked first', async () => {
    await driveTo(h, 'intake.name.ask');
    expect(await h.say('get me a real human being now')).toEqual([MESSAGES['command.confirm.person']]);
    expect(await h.say('yes')).toEqual([QUEUED, MESSAGES['handoff.carryOn'], MESSAGES['intake.name.ask']]);
  });

  it('answers win over commands when the question takes them: "phone call" is a way of contact', async () => {
    await driveTo(h, 'intake.contact.ask');
    expectAsked(await h.send('phone call'), 'intake.phone.ask');
    expect(await h.stores.handoffs.list('waiting')).toHaveLength(0);
  });

  it('delete my data erases the referral, the handoff and the conversation state, after confirming', async () => {
    await driveTo(h, 'offerPerson.ask');
    await h.send('talk to a person');
    expect((await h.stores.referrals.list()).total).toBe(1);
    expect(await h.say('delete my data')).toEqual([MESSAGES['privacy.confirm']]);
    expect(await h.say('Yes, delete it')).toEqual([MESSAGES['privacy.deleted']]);
    expect((await h.stores.referrals.list()).total).toBe(0);
    expect(await h.stores.handoffs.exportByPerson(TEST_PERSON)).toEqual([]);
    expect(await h.stores.botState.read([CONVERSATION_KEY])).toEqual({});
    const audit = await h.stores.audit.listByRecord('person', TEST_PERSON);
    expect(audit.map((a) => a.action)).toEqual(['erase-person']);
    // A new start, as if they had never been here.
    expect(lastText(await h.send('hi'))).toBe(MESSAGES['welcome.question']);
  });

  it('delete my data mid-referral erases the answers so far; no keeps everything and carries on', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send('delete my data');
    expect(await h.say('No, keep it')).toEqual([MESSAGES['privacy.kept'], MESSAGES['intake.gp.ask']]);
    await h.send('delete my data');
    await h.send('yes');
    expect(await h.stores.botState.read([CONVERSATION_KEY])).toEqual({});
  });

  it('a command in exact words replaces a question the bot asked over the running one', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send('delete my data');
    expect(await h.say('help')).toEqual([MESSAGES['help.text'], MESSAGES['intake.gp.ask']]);
  });
});
