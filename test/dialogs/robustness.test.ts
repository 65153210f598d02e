/**
 * Whatever arrives, a friendly answer and never a crash: pictures and files, empty messages, 10 000 characters,
 * emoji, other scripts, activities that are not messages.
 */
import fc from 'fast-check';
import { MESSAGES, say } from '../../src/services/content/messages';
import { DialogHarness, reprompt } from './harness';
import { driveTo, expectAsked, REFERRAL_STEPS } from './script';

describe('unusual input', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  it('a picture or file with no words gets a friendly word and the same question', async () => {
    await driveTo(h, 'intake.postcode.ask');
    const replies = await h.send({ type: 'message', text: '', attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://example.com/photo.jpg' }] });
    expect(replies.map((r) => r.text)).toEqual([MESSAGES['input.attachment'], MESSAGES['intake.postcode.ask']]);
    expectAsked(await h.send('BS16 1QY'), 'intake.contact.ask');
  });

  it('an empty message, spaces or only emoji get asked again without using up a try', async () => {
    await driveTo(h, 'intake.dob.ask');
    for (const nothing of ['', '   ', '\u{1F600}\u{1F44D}']) {
      expect(await h.say(nothing)).toEqual([MESSAGES['input.empty'], MESSAGES['intake.dob.ask']]);
    }
    expect(await h.say('not a date')).toEqual([reprompt('intake.dob.invalid', 'intake.dob.ask')]);
  });

  it('10 000 characters are refused kindly where an answer must be short, and the question stands', async () => {
    await driveTo(h, 'intake.whatMatters.ask');
    const long = 'I would like to tell you about my week. '.repeat(250).slice(0, 10_000);
    expect(await h.say(long)).toEqual([`${say('answer.tooLong', { max: 1000 })}\n${say('intake.whatMatters.ask')}`]);
    expectAsked(await h.send('my family'), 'needs.ask');
  });

  it('10 000 characters as a first message start the welcome', async () => {
    const replies = await h.say('x'.repeat(10_000));
    expect(replies[replies.length - 1]).toBe(MESSAGES['welcome.question']);
  });

  it('names, places and words in other scripts are kept as written', async () => {
    await driveTo(h, 'intake.name.ask');
    expectAsked(await h.send('محمد'), 'intake.dob.ask');
    await h.send('1 January 1980');
    await h.send('skip');
    await h.send('email');
    await h.send('mo@example.com');
    await h.send('skip');
    expectAsked(await h.send('我的家人 \u{1F49B}'), 'needs.ask');
    await h.send('lonely');
    await h.send('yes');
    for (let i = 0; i < 4; i++) await h.send('skip');
    await h.send('yes');
    const [referral] = (await h.stores.referrals.list()).items;
    expect(referral.person.preferredName).toBe('محمد');
    expect(referral.whatMatters).toBe('我的家人 \u{1F49B}');
  });

  it('activities that are not messages get no reply and change nothing', async () => {
    await driveTo(h, 'intake.gp.ask');
    expect(await h.send({ type: 'typing' })).toEqual([]);
    expect(await h.send({ type: 'conversationUpdate', membersAdded: [{ id: 'user1', name: 'user' }] })).toEqual([]);
    expectAsked(await h.send('skip'), 'intake.whatMatters.ask');
  });

  it('never crashes and always answers, whatever is typed at any question', async () => {
    const steps = REFERRAL_STEPS.slice(0, 6);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: steps.length - 1 }), fc.string({ unit: 'grapheme', maxLength: 300 }), async (index, text) => {
        const fresh = await DialogHarness.start();
        try {
          await driveTo(fresh, steps[index].question);
          const replies = await fresh.send(text);
          expect(replies.length).toBeGreaterThan(0);
          for (const reply of replies) expect(typeof reply.text).toBe('string');
        } finally {
          await fresh.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
