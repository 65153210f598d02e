/**
 * Coming back: after hours, or after a server restart (the embedded store on disk), the conversation continues where
 * it was; after 7 days idle the person is asked whether to carry on or start again (an injected clock moves time).
 */
import { MESSAGES } from '../../src/services/content/messages';
import { RESUME_AFTER_MS } from '../../src/dialogs/MainDialog';
import { DialogHarness } from './harness';
import { driveTo, expectAsked, REFERRAL_STEPS } from './script';

const HOUR = 60 * 60 * 1000;

async function finishFrom(h: DialogHarness, question: (typeof REFERRAL_STEPS)[number]['question'], first: Awaited<ReturnType<DialogHarness['send']>>): Promise<void> {
  let replies = first;
  for (const step of REFERRAL_STEPS.slice(REFERRAL_STEPS.findIndex((s) => s.question === question))) {
    expectAsked(replies, step.question);
    replies = await h.send(step.answer);
  }
}

describe('coming back to a conversation', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  it('after a server restart continues at the same question, with the answers given before', async () => {
    await driveTo(h, 'intake.postcode.ask');
    await h.restart();
    h.clock.advance(3 * HOUR);
    const replies = await h.send('BS16 1QY');
    await finishFrom(h, 'intake.contact.ask', replies);
    const [referral] = (await h.stores.referrals.list()).items;
    expect(referral.person).toMatchObject({ preferredName: 'Sam', dateOfBirth: '1961-03-12', postcode: 'BS16 1QY' });
  });

  it('after a restart keeps the crisis offer waiting, and the urgency', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.send('I want to kill myself');
    await h.restart();
    expect(await h.say('no')).toEqual([MESSAGES['crisis.carryOn'], MESSAGES['intake.gp.ask']]);
    await finishFrom(h, 'intake.whatMatters.ask', await h.send('skip'));
    expect((await h.stores.referrals.list()).items[0].urgent).toBe(true);
  });

  it('hours or days later (under 7) carries straight on', async () => {
    await driveTo(h, 'intake.name.ask');
    h.clock.advance(RESUME_AFTER_MS - HOUR);
    expectAsked(await h.send('Sam'), 'intake.dob.ask');
  });

  it('after 7 days idle asks whether to carry on; carrying on asks the same question again', async () => {
    await driveTo(h, 'intake.contact.ask');
    h.clock.advance(RESUME_AFTER_MS + HOUR);
    const asked = await h.send('text');
    expect(asked.map((r) => r.text)).toEqual([MESSAGES['resume.ask']]);
    expect(asked[0].suggestedActions?.actions.map((a) => a.title)).toEqual(['Carry on', 'Start again']);
    expect(await h.say('Carry on')).toEqual([MESSAGES['intake.contact.ask']]);
    await finishFrom(h, 'intake.contact.ask', [{ text: MESSAGES['intake.contact.ask'] }]);
    expect((await h.stores.referrals.list()).items[0].person.preferredName).toBe('Sam');
  });

  it('after 7 days idle and a restart, starting again throws the old answers away', async () => {
    await driveTo(h, 'intake.gp.ask');
    await h.restart();
    h.clock.advance(8 * 24 * HOUR);
    expect(await h.say('Fishponds')).toEqual([MESSAGES['resume.ask']]);
    expect(await h.say('start again')).toEqual([MESSAGES['command.startOver'], MESSAGES['welcome.question']]);
    await h.send('refer myself');
    await h.send('yes');
    await h.send('skip');
    await h.send('skip');
    await h.send('skip');
    await h.send('no contact');
    await h.send('skip');
    await h.send('skip');
    await h.send('lonely');
    await h.send('yes');
    for (let i = 0; i < 4; i++) await h.send('skip');
    const summary = (await h.say('yes')).join('\n');
    expect(summary).toContain(MESSAGES['referral.next.none']);
    const [referral] = (await h.stores.referrals.list()).items;
    expect(referral.person).toEqual({ contactMethod: 'none' });
  });

  it('after 7 days with nothing running simply welcomes again', async () => {
    await driveTo(h);
    h.clock.advance(30 * 24 * HOUR);
    expect((await h.say('hi')).slice(-1)).toEqual([MESSAGES['welcome.question']]);
  });
});
