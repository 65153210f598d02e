/**
 * The second-generation safety flow through the real dialogs and the real safety service: a direct question when
 * risk is not certain, the help that fits the kind of risk, a conversation that stays heightened after a crisis, and
 * stop or delete after a crisis keeping only what a link worker needs to check the person is safe.
 */
import type { ConversationReference } from 'botbuilder';
import { MESSAGES, type MessageId } from '../../src/services/content/messages';
import { PROACTIVE_EVENTS } from '../../src/services/outcomes/proactiveTurns';
import type { CheckInScheduler } from '../../src/services/safety/SafetyCheckIns';
import { DialogHarness } from './harness';
import { driveTo, expectAsked } from './script';

const ASK = 'everyone would be better off if I was not here';
const SUICIDE_HELP: MessageId[] = ['crisis.intro', 'crisis.999', 'crisis.111', 'crisis.talk'];
const texts = (ids: MessageId[]) => ids.map((id) => MESSAGES[id]);

class RecordingCheckIns implements CheckInScheduler {
  scheduled: string[] = [];
  cancelled: string[] = [];
  schedule(reference: Partial<ConversationReference>): void {
    this.scheduled.push(reference.conversation?.id ?? '');
  }
  cancel(conversationId: string): void {
    this.cancelled.push(conversationId);
  }
}

describe('a sign of risk that is not certain', () => {
  let h: DialogHarness;
  let checkIns: RecordingCheckIns;
  beforeEach(async () => {
    checkIns = new RecordingCheckIns();
    h = await DialogHarness.start({ checkIns });
  });
  afterEach(async () => h.close());

  it('gets a direct, kind question with yes, no and "rather not say", and a check-in is asked for', async () => {
    await driveTo(h, 'intake.gp.ask');
    const replies = await h.send(ASK);
    expect(replies.map((r) => r.text)).toEqual([MESSAGES['safety.ask']]);
    expect(replies[0].suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes', 'No', "I'd rather not say"]);
    expect(checkIns.scheduled).toEqual(['Convo1']);
  });

  it('no: thanks and the numbers in one line, the check-in called off, and the referral carries on where it was', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send(ASK);
    const replies = await h.send("no i'm ok");
    expect(replies[0].text).toBe(MESSAGES['safety.ask.thanks']);
    expectAsked(replies.slice(1), 'intake.gp.ask');
    expect(checkIns.cancelled).toEqual(['Convo1']);
    expect(await h.stores.handoffs.list('waiting')).toHaveLength(0);
  });

  it('no, then the same words again as the answer: taken as the answer, not asked about twice; other words of risk are still asked about', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send(ASK);
    await h.send('no');
    // The person types the same words again: the question they just answered no to is not asked again.
    const again = await h.send(ASK);
    expect(again.map((r) => r.text)).not.toContain(MESSAGES['safety.ask']);
    expectAsked(again, 'intake.whatMatters.ask');
    // Only once, and only those words: a new sign of risk is asked about as before.
    expect((await h.send('i feel hopeless and trapped')).map((r) => r.text)).toContain(MESSAGES['safety.ask']);
  });

  it('no, when the words answered "what would you like help with?": they are taken as the answer, not asked for again', async () => {
    await driveTo(h, 'needs.ask');
    const asked = await h.send("i'm so lonely since my wife died, i can't see the point some days");
    expect(asked.map((r) => r.text)).toEqual([MESSAGES['safety.ask']]);
    const replies = (await h.send('no')).map((r) => r.text ?? '');
    expect(replies[0]).toBe(MESSAGES['safety.ask.thanks']);
    expect(replies).not.toContain(MESSAGES['needs.ask']);
    expect(replies[replies.length - 1]).toMatch(/^It sounds like you would like help with: .*Loneliness and isolation/);
    expect(replies[replies.length - 1]).toContain('Bereavement');
  });

  it('yes: the crisis path, with the help for the kind of risk and a person offered', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send(ASK);
    expect(await h.say('yes')).toEqual([...texts(SUICIDE_HELP), MESSAGES['crisis.offer']]);
  });

  it('"I\'d rather not say": no pressure, the help, and a person offered', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send(ASK);
    expect(await h.say("I'd rather not say")).toEqual([MESSAGES['safety.ask.unsaidThanks'], ...texts(SUICIDE_HELP), MESSAGES['crisis.offer']]);
  });

  it('not understood twice: an urgent handoff so a person checks in, showing the words that raised it', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send(ASK);
    expect(await h.say('purple')).toEqual([MESSAGES['safety.ask.invalid']]);
    await h.send('banana');
    const [handoff] = await h.stores.handoffs.list('waiting');
    expect(handoff.priority).toBe('urgent');
    expect(handoff.summary).toContain(ASK);
  });

  it('no reply at all: when the check-in comes, an urgent handoff and the person is told', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send(ASK);
    const said = await h.proactive({ name: PROACTIVE_EVENTS.safetyCheckIn, value: {} });
    expect(said[0]).toBe(MESSAGES['safety.ask.noReply']);
    const [handoff] = await h.stores.handoffs.list('waiting');
    expect(handoff).toMatchObject({ priority: 'urgent' });
    expect(handoff.summary).toContain('Risk: suicide');
  });

  it('a check-in after the question was answered changes nothing', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send(ASK);
    await h.send('no');
    expect(await h.proactive({ name: PROACTIVE_EVENTS.safetyCheckIn, value: {} })).toEqual([]);
    expect(await h.stores.handoffs.list('waiting')).toHaveLength(0);
  });
});

describe('the help fits the kind of risk', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  it('a medical emergency: 999 or A&E, first and alone', async () => {
    expect(await h.say('my husband has collapsed and he is not breathing')).toEqual([MESSAGES['crisis.medical'], MESSAGES['crisis.offer']]);
  });

  it('an overdose taken: 999 or A&E first, then someone to talk to', async () => {
    expect(await h.say('I took 40 paracetamol an hour ago')).toEqual([MESSAGES['crisis.medical'], MESSAGES['crisis.talk'], MESSAGES['crisis.offer']]);
  });

  it('a child at risk: 999, the NSPCC and Childline', async () => {
    expect(await h.say('the boy next door is covered in bruises and flinches when his dad shouts')).toEqual([MESSAGES['crisis.child.999'], MESSAGES['crisis.child.lines'], MESSAGES['crisis.offer']]);
  });

  it('an older person: 999 and Hourglass', async () => {
    expect(await h.say("my nan's carer has been taking money out of her purse")).toEqual([MESSAGES['crisis.elder.999'], MESSAGES['crisis.elder.help'], MESSAGES['crisis.offer']]);
  });

  it('domestic abuse with a Scottish postcode: the helpline for Scotland, not England\'s', async () => {
    await driveTo(h, 'intake.contact.ask', { 'intake.postcode.ask': 'EH1 1YZ' });
    expect(await h.say('my partner hit me last night and I am scared to go home')).toEqual([MESSAGES['crisis.abuse.999'], MESSAGES['crisis.abuse.scotland'], MESSAGES['crisis.offer']]);
  });
});

describe('naming as a need the harm whose help was just given', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  it('at the needs question after "carry on": the help again, and the words are the answer, not the same question round and round', async () => {
    await driveTo(h, 'needs.ask');
    expect((await h.say('my partner hits me and i feel really alone')).slice(-1)).toEqual([MESSAGES['crisis.offer']]);
    const carryOn = await h.say('no carry on');
    expect(carryOn).toContain(MESSAGES['needs.ask']);
    // Asking for help with it: the helpline again (never left out), then the needs read back, not the crisis offer.
    const named = await h.say('domestic abuse and lonelyness');
    expect(named).toContain(MESSAGES['crisis.abuse.999']);
    expect(named).not.toContain(MESSAGES['crisis.offer']);
    expect(named[named.length - 1]).toMatch(/^It sounds like you would like help with: .*Domestic abuse/);
    expect(named[named.length - 1]).toContain('Loneliness and isolation');
  });

  it('still a crisis at the needs question: harm to oneself, asked twice', async () => {
    await driveTo(h, 'needs.ask');
    await h.say('my partner hits me and i feel really alone');
    await h.say('no carry on');
    expect((await h.say('I want to end my life')).slice(-1)).toEqual([MESSAGES['crisis.offer']]);
    await h.say('no carry on');
    expect((await h.say('I want to end my life')).slice(-1)).toEqual([MESSAGES['crisis.offer']]);
  });

  it('still a crisis anywhere but the needs question', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.say('my partner hits me and i feel really alone');
    await h.say('no carry on');
    expect((await h.say('my partner hits me')).slice(-1)).toEqual([MESSAGES['crisis.offer']]);
  });
});

describe('after a crisis the conversation stays heightened', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  it('"I\'ve taken the tablets now" after "No, carry on" is an overdose, never a request to stop', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send('I want to end my life');
    await h.send('No, carry on');
    const replies = await h.say("I've taken the tablets now");
    expect(replies[0]).toBe(MESSAGES['crisis.medical']);
    expect(replies.join('\n')).not.toContain(MESSAGES['command.confirm.cancel']);
    expect(replies[replies.length - 1]).toBe(MESSAGES['crisis.offer']);
  });

  it('"I\'ve done it" while waiting in the urgent queue is a crisis', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send('I want to kill myself');
    await h.send('yes');
    const replies = await h.say("I've done it");
    expect(replies.slice(0, 4)).toEqual(texts(SUICIDE_HELP));
    expect(replies.join('\n')).not.toContain(MESSAGES['command.confirm.cancel']);
  });

  it('"stop" ends the chat politely but an urgent handoff stays, and the person is told', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send('I want to kill myself');
    await h.send('No, carry on');
    expect(await h.say('stop')).toEqual([MESSAGES['safety.stopAfterCrisis']]);
    const [handoff] = await h.stores.handoffs.list('waiting');
    expect(handoff.priority).toBe('urgent');
    expect(handoff.summary).toContain('I want to kill myself');
  });

  it('"delete my data" erases the referral and the chat, keeping only an urgent handoff with the kind of risk and the words', async () => {
    await driveTo(h, 'offerPerson.ask');
    await h.send('i am going to take all my tablets tonight');
    await h.send('No, carry on');
    await h.send('delete my data');
    const replies = await h.say('yes');
    expect(replies).toEqual([MESSAGES['privacy.deleted'], MESSAGES['safety.keptAfterCrisis']]);
    expect((await h.stores.referrals.list()).items).toHaveLength(0);
    const open = await h.stores.handoffs.list('waiting');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ priority: 'urgent', transcript: [] });
    expect(open[0].summary).toContain('i am going to take all my tablets tonight');
    for (const personal of ['Sam', '07700', '1961', 'BS16']) expect(JSON.stringify(open[0])).not.toContain(personal);
  });
});
