/**
 * Fewer texts (issue 21): a whole self-referral by text message in at most 20 segments, with nothing a person needs
 * lost: short SMS forms of long messages, consecutive short replies joined into one text of up to 160 GSM-7
 * characters, never split mid-sentence, and crisis texts never shortened or joined with others.
 */
import { MESSAGES, type MessageId } from '../../../src/services/content/messages';
import { segmentCount, septets, toGsm7 } from '../../../src/services/sms/gsm7';
import { startSmsHarness, type SmsHarness } from './smsHarness';
import { SMS_REFERRAL_STEPS } from './smsScript';

export const MAX_SEGMENTS_PER_REFERRAL = 20;
/**
 * The whole conversation, the services Bristol gets included (before: 22, then 21). Its 16 turns each need a text, and
 * four take two: the welcome (what Signpost is, the emergency numbers, three choices), consent (what is collected,
 * who sees it, how long it is kept, how to delete it), the summary read back, and the reference with an option for
 * each need.
 */
export const MAX_SEGMENTS_WITH_SERVICES = MAX_SEGMENTS_PER_REFERRAL;

/** The fixed start of a message as texted (its SMS form where it has one), up to its first placeholder. */
const lead = (id: MessageId): string => toGsm7(((MESSAGES as Record<string, string>)[`${id}.sms`] ?? MESSAGES[id]).split('{')[0]);

describe('texts per SMS self-referral', () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness();
  }, 60_000);
  afterAll(async () => h.close());

  it(`a full scripted referral takes at most ${MAX_SEGMENTS_WITH_SERVICES} segments with its services, every question in them`, async () => {
    const from = '+447700900611';
    for (const [text, question] of SMS_REFERRAL_STEPS) {
      // Texts may join several messages, breaking between sentences: compare the words, not where lines break.
      const replies = (await h.converse(text, from)).join('\n').replace(/\s+/g, ' ');
      expect({ text, replies }).toEqual({ text, replies: expect.stringContaining(lead(question).replace(/\s+/g, ' ')) });
    }
    const saved = (await h.converse('1', from)).join('\n');
    expect(saved).toMatch(/SP-[0-9A-Z]{5}/);
    expect(saved).toMatch(/text you within \d+ working days/);
    const bodies = h.twilio.to(from).map((m) => m.body);
    const segmentsOf = (texts: string[]) => texts.reduce((sum, body) => sum + segmentCount(body).segments, 0);
    const segments = segmentsOf(bodies);
    // The referral itself: every text up to the one with the reference. Then the services list for Bristol (national
    // services by phone and online since the directory work), counted apart.
    const referralTexts = bodies.slice(0, bodies.findIndex((b) => /SP-[0-9A-Z]{5}/.test(b)) + 1);
    const referralSegments = segmentsOf(referralTexts);
    // Before issue 21: 32 texts, 32 segments (no services found for Bristol then); before the short forms of issue 22: 22.
    process.stdout.write(`SMS referral: ${bodies.length} texts, ${segments} segments (${referralSegments} up to the reference, ${segments - referralSegments} for the services)\n`);
    if (process.env.SHOW_TEXTS) process.stdout.write(bodies.map((b, i) => `${i + 1}: ${b}`).join('\n---\n') + '\n');
    for (const body of bodies) {
      expect(septets(body)).toBeLessThanOrEqual(160);
      // Never split mid-sentence: no text starts part-way through one.
      expect(body).not.toMatch(/^[a-z,;]/);
    }
    expect(referralSegments).toBeLessThanOrEqual(MAX_SEGMENTS_PER_REFERRAL);
    expect(segments).toBeLessThanOrEqual(MAX_SEGMENTS_WITH_SERVICES);
    // Nothing a person needs is lost on the way: the reference, when they will hear, an option for each need
    // (loneliness, money, housing: national ones, since nothing near Bristol fits) and how to get more.
    const all = bodies.join('\n');
    expect(all).toMatch(/\n1\. .+[\s\S]*\n2\. .+[\s\S]*\n3\. .+/);
    expect(all).toContain('Call companions');
    expect(all).toContain('debt advice');
    expect(all).toContain('Housing advice');
    expect(all).toContain('MORE');
  }, 120_000);

  it('sends crisis texts whole and alone, never joined with other words', async () => {
    const from = '+447700900612';
    await h.converse('hi', from);
    const replies = await h.converse('I want to end my life', from);
    for (const id of ['crisis.intro', 'crisis.999', 'crisis.111', 'crisis.talk'] as const) {
      expect(replies).toContain(toGsm7(MESSAGES[id]));
    }
  }, 60_000);
});
