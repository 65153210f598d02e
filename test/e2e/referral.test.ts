/**
 * A patient refers themselves over HTTP, as a channel would deliver it (/api/messages with expectReplies), on the real
 * server and the embedded store; then the people who run Signpost find the referral with
 * `signpost referrals list --json` (contract: a JSON array of {reference, createdAt, channel, status, urgent,
 * postcode, needs}). The patient lives in Sheffield (S6) and needs food, which the bundled directory has (Sheffield food
 * support), so the services must be shown.
 */
import { rmSync } from 'node:fs';
import { MESSAGES } from '../../src/services/content/messages';
import { REFERENCE_PATTERN } from '../../src/services/referrals/referenceCode';
import { ExpectRepliesClient, type BotReply } from '../helpers/botClient';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { runCli } from '../nlu/runCli';

interface ListedReferral {
  reference: string;
  createdAt: string;
  channel: string;
  status: string;
  urgent: boolean;
  postcode: string | null;
  needs: string[];
}

const last = (replies: string[]): string => replies[replies.length - 1] ?? '';
const texts = (replies: BotReply[]): string[] => replies.filter((r) => r.type === 'message').map((r) => r.text ?? '');

interface HeroCard {
  contentType: string;
  content: { title: string; text: string };
}

describe('a self-referral over /api/messages', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    if (t) await t.close();
    t = undefined;
  });

  it('is completed as a patient would, and found with signpost referrals list --json', async () => {
    t = await startTestApp();
    const client = new ExpectRepliesClient(t.baseUrl);
    expect(last(await client.join())).toBe(MESSAGES['welcome.question']);
    expect(last(await client.say('I would like to refer myself'))).toBe(MESSAGES['consent.ask']);
    expect(last(await client.say('yes'))).toBe(MESSAGES['intake.name.ask']);
    expect(last(await client.say('Sam'))).toBe(MESSAGES['intake.dob.ask']);
    expect(last(await client.say('12 March 1961'))).toBe(MESSAGES['intake.postcode.ask']);
    expect(last(await client.say('s63bs'))).toBe(MESSAGES['intake.contact.ask']);
    expect(last(await client.say('1'))).toBe(MESSAGES['intake.mobile.ask']);
    expect(last(await client.say('07700 900123'))).toBe(MESSAGES['intake.gp.ask']);
    expect(last(await client.say('skip'))).toBe(MESSAGES['intake.whatMatters.ask']);
    expect(last(await client.say('seeing my grandchildren more'))).toBe(MESSAGES['needs.ask']);
    const readBack = last(await client.say("I'm lonely and I can't afford food"));
    expect(readBack).toMatch(/^It sounds like you would like help with: /);
    expect(readBack).toContain('Loneliness and isolation');
    expect(readBack).toContain('Food');
    expect(last(await client.say('yes'))).toBe(MESSAGES['ons4.lifeSatisfaction']);
    await client.say('7');
    await client.say('6');
    await client.say('skip');
    const summary = await client.say('4');
    expect(summary.join('\n')).toContain('Postcode: S6 3BS');
    expect(last(summary)).toBe(MESSAGES['summary.ask']);

    const saved = await client.send({ type: 'message', text: 'yes' });
    const sentence = texts(saved).find((text) => text.includes('reference'));
    const reference = /SP-[0-9A-Z]{5}/.exec(sentence ?? '')?.[0];
    expect(reference).toMatch(REFERENCE_PATTERN);

    // The services: after a referral, the best option for each need (loneliness, food), each saying why, then what to
    // do next (More shows others).
    const shown = saved.find((r) => r.text?.startsWith('Here are'));
    const cards = (shown?.attachments ?? []) as HeroCard[];
    expect(cards.length).toBeGreaterThanOrEqual(2);
    expect(cards.length).toBeLessThanOrEqual(3);
    const referral = await t.app.stores.referrals.get(reference as string);
    expect(referral?.servicesOffered).toHaveLength(cards.length);
    for (const [i, id] of (referral?.servicesOffered ?? []).entries()) {
      const service = await t.app.stores.directory.get(id);
      expect(cards[i]).toMatchObject({ contentType: 'application/vnd.microsoft.card.hero', content: { title: `${i + 1}. ${service?.name}` } });
      if (id.startsWith('national_remote:')) {
        // A need the local services do not meet gets its best option, one people use from home, saying so.
        expect(cards[i].content.text).toMatch(/(Online|By phone), so you can use it from home\./);
        continue;
      }
      expect(id).toMatch(/^sheffield_food:/);
      // Measured from the centre of the person's postcode sector (S6 3), named by its district; one in the same sector is "near you".
      expect(cards[i].content.text).toMatch(/Helps with (loneliness and isolation\. Helps with )?food\. (.*(miles?|less than 0\.1 miles) from S6|Near you)\./);
    }
    expect(last(texts(saved))).toBe(MESSAGES['signpost.choices']);

    expect(last(await client.say('Done'))).toBe(MESSAGES['offerPerson.ask']);
    expect(await client.say('no')).toEqual([MESSAGES.goodbye]);

    const { dataDir } = t;
    await t.close({ keepData: true }); // one process holds the embedded store at a time
    t = undefined;
    try {
      const result = await runCli(['referrals', 'list', '--json'], { env: { SIGNPOST_DATA_DIR: dataDir } });
      expect(result.stderr).not.toMatch(/Error/);
      expect(result.code).toBe(0);
      const listed = JSON.parse(result.stdout) as ListedReferral[];
      expect(listed).toHaveLength(1);
      expect(listed[0]).toEqual({
        reference,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        channel: 'emulator',
        status: 'new',
        urgent: false,
        postcode: 'S6 3BS',
        needs: expect.arrayContaining(['loneliness', 'food']),
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('marks the referral urgent when crisis words come mid-way, and still completes it', async () => {
    t = await startTestApp();
    const client = new ExpectRepliesClient(t.baseUrl);
    await client.say('hi');
    await client.say('refer myself');
    await client.say('yes');
    const crisis = await client.say('I have taken an overdose');
    // An overdose taken: 999 or A&E first and alone, then someone to talk to.
    expect(crisis).toEqual([MESSAGES['crisis.medical'], MESSAGES['crisis.talk'], MESSAGES['crisis.offer']]);
    expect(await client.say('no')).toEqual([MESSAGES['crisis.carryOn'], MESSAGES['intake.name.ask']]);
    for (const answer of ['skip', 'skip', 'skip', 'no contact', 'skip', 'skip', 'money worries', 'yes', 'skip', 'skip', 'skip', 'skip']) await client.say(answer);
    const saved = await client.say('yes');
    const reference = /SP-[0-9A-Z]{5}/.exec(saved.join(' '))![0];
    const referral = await t.app.stores.referrals.get(reference);
    expect(referral?.urgent).toBe(true);
    const [handoffs] = [await t.app.stores.handoffs.list('waiting')];
    expect(handoffs).toHaveLength(0);
    // No message text in the logs, crisis words above all.
    expect(t.logs.text()).not.toContain('overdose');
  });
});
