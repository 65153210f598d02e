/**
 * After the referral is saved, and for people who give no details: matching services from the real SignpostDialog
 * and the bundled directory in the embedded store, then the offer of a person.
 */
import { DialogHarness } from './harness';
import { SignpostDialog } from '../../src/dialogs/SignpostDialog';
import { MESSAGES } from '../../src/services/content/messages';
import { ensureDefaultDirectory } from '../../src/services/directory/defaultDirectory';
import { DistrictGeography } from '../../src/services/geography/Geography';
import type { TextMessageSender } from '../../src/services/sms/TextMessageSender';
import type { Stores } from '../../src/storage/Stores';
import { driveTo, expectAsked } from './script';

/** Texts go nowhere here: "text me these" is not used in these tests. */
const noTexts: TextMessageSender = { send: async () => 'sent' };
const geography = DistrictGeography.fromFile();

describe('matching services', () => {
  let h: DialogHarness;
  beforeAll(async () => {
    h = await DialogHarness.start({ signpost: (stores: Stores) => new SignpostDialog({ directory: stores.directory, geography, textMessages: noTexts, referrals: stores.referrals }) });
    await ensureDefaultDirectory(h.stores.directory);
  });
  afterAll(async () => h.close());

  it('are shown after the referral is saved, recorded on it, and then a person is offered', async () => {
    const replies = await driveTo(h, 'summary.ask', {
      'intake.postcode.ask': 'S6 2LE',
      'needs.ask': 'I need help getting food, I have nothing to eat',
    });
    expect(replies.map((r) => r.text).join('\n')).toContain('Help with: Food');
    const saved = await h.send('yes');
    const texts = saved.map((r) => r.text ?? '');
    expect(texts).toContain(MESSAGES['referral.services']);
    expect(texts.some((t) => t.startsWith('Here') && t.includes('may help'))).toBe(true);
    const cards = saved.flatMap((r) => r.attachments ?? []);
    expect(cards.length).toBeGreaterThan(0);

    const [referral] = (await h.stores.referrals.list()).items;
    expect(referral.servicesOffered.length).toBeGreaterThan(0);

    expectAsked(await h.send('Done'), 'offerPerson.ask');
  });

  it('are shown without any details for people who choose that, and nothing is stored about them', async () => {
    const fresh = await DialogHarness.start({ signpost: (stores: Stores) => new SignpostDialog({ directory: stores.directory, geography, textMessages: noTexts, referrals: stores.referrals }) });
    try {
      await ensureDefaultDirectory(fresh.stores.directory);
      await fresh.send('hi');
      expect(await fresh.say('Find support, no details')).toEqual([MESSAGES['anonymous.start'], MESSAGES['needs.askAnonymous']]);
      expectAsked(await fresh.send('food bank'), 'needs.confirm');
      const services = await fresh.send('yes');
      expect(services.flatMap((r) => r.attachments ?? []).length).toBeGreaterThan(0);
      expectAsked(await fresh.send('Done'), 'offerPerson.ask');
      expect(await fresh.say('no')).toEqual([MESSAGES.goodbye]);
      expect((await fresh.stores.referrals.list()).total).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('without details, a place said with the needs ("food, im in S6") is where distances are measured from', async () => {
    const fresh = await DialogHarness.start({ signpost: (stores: Stores) => new SignpostDialog({ directory: stores.directory, geography, textMessages: noTexts, referrals: stores.referrals }) });
    try {
      await ensureDefaultDirectory(fresh.stores.directory);
      await fresh.send('hi');
      await fresh.say('Find support, no details');
      expectAsked(await fresh.send('food, im in S6'), 'needs.confirm');
      const services = await fresh.send('yes');
      const said = services.map((r) => r.text ?? '').join('\n');
      expect(said).not.toContain(MESSAGES['signpost.intro.noPlace']);
      const cards = services.flatMap((r) => r.attachments ?? []).map((a) => (a.content as { text?: string }).text ?? '');
      expect(cards.length).toBeGreaterThan(0);
      expect(cards[0]).toMatch(/miles? from S6|Near you|less than 0\.1 miles|In S6/);
    } finally {
      await fresh.close();
    }
  });
});
