/**
 * The signpost dialog through botbuilder-testing's DialogTestClient, on the real embedded store (bot state,
 * directory with the bundled real data, referrals). The only stand-in is the SMS boundary: a TextMessageSender that
 * records what it was asked to send.
 */
import { randomUUID } from 'node:crypto';
import { ConversationState, type Activity, type TurnContext, type Attachment, type CardAction, type HeroCard } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { SignpostDialog, type SignpostDialogResult } from '../../src/dialogs/SignpostDialog';
import type { SignpostOptions } from '../../src/dialogs/dialogIds';
import { MESSAGES, say } from '../../src/services/content/messages';
import { sayShort } from '../../src/services/content/shortForm';
import { setTurnMobile } from '../../src/dialogs/turnMobile';
import { renderActivityForSms } from '../../src/channels/sms/renderActivity';
import { ensureDefaultDirectory } from '../../src/services/directory/defaultDirectory';
import { isGsm7, septets as gsm7Length } from '../../src/services/sms/gsm7';
import { bundledGeography } from '../../src/services/geography/Geography';
import type { TextMessageSender, TextOutcome } from '../../src/services/sms/TextMessageSender';
import { openTempStores, type TempStores } from '../directory/directoryKit';
import { newReferral } from '../storage/records';

class RecordingTextSender implements TextMessageSender {
  readonly sent: { to: string; body: string; conversationId?: string }[] = [];
  constructor(private readonly optedOut = new Set<string>()) {}
  async send(to: string, bodies: string[], context: { conversationId?: string }): Promise<TextOutcome> {
    if (this.optedOut.has(to)) return 'opted-out';
    for (const body of bodies) this.sent.push({ to, body, conversationId: context.conversationId });
    return 'sent';
  }
}

// Sunday 7 July 2024, 3am in the UK: nothing is open, so "open now" does not move the order.
const SUNDAY_NIGHT = new Date('2024-07-07T02:00:00Z');

let temp: TempStores;
let texts: RecordingTextSender;

beforeAll(async () => {
  temp = await openTempStores();
  await ensureDefaultDirectory(temp.stores.directory);
});
afterAll(async () => {
  await temp.close();
});
beforeEach(() => {
  texts = new RecordingTextSender();
});

/** A conversation of its own (the state store is shared by every test). */
interface Chat {
  client: DialogTestClient;
  conversationId: string;
  dialogTurnResult: DialogTestClient['dialogTurnResult'];
}

function client(options: SignpostOptions, channelId = 'directline', sender: TextMessageSender = texts): Chat {
  const dialog = new SignpostDialog({ directory: temp.stores.directory, geography: bundledGeography(), textMessages: sender, referrals: temp.stores.referrals, clock: () => SUNDAY_NIGHT });
  // By text the channel knows the number the person texts from (as the SMS adapter tells the turn).
  const fromMobile = { onTurn: async (context: TurnContext, next: () => Promise<void>) => { setTurnMobile(context, '+447700900123'); await next(); } };
  const c = new DialogTestClient(channelId, dialog, options, channelId === 'sms' ? [fromMobile] : [], new ConversationState(temp.stores.botState));
  return { client: c, conversationId: `conv-${randomUUID()}`, get dialogTurnResult() { return c.dialogTurnResult; } };
}

/** Sends a message and collects every reply of that turn. */
async function turn(chat: Chat, text: string): Promise<Partial<Activity>[]> {
  const c = chat.client;
  const replies: Partial<Activity>[] = [];
  let reply: Partial<Activity> | undefined = await c.sendActivity({ type: 'message', text, conversation: { id: chat.conversationId, isGroup: false, conversationType: 'personal', name: 'chat' } });
  while (reply) {
    replies.push(reply);
    reply = c.getNextReply();
  }
  return replies;
}

const cards = (activity: Partial<Activity>): HeroCard[] => (activity.attachments ?? []).map((a: Attachment) => a.content as HeroCard);
const actionTitles = (activity: Partial<Activity>): string[] => (activity.suggestedActions?.actions ?? []).map((a: CardAction) => a.title ?? '');
const texts_ = (replies: Partial<Activity>[]): string[] => replies.map((r) => r.text ?? '');
/** The texts the SMS channel makes of the dialog's replies (its own renderer: the short form where there is one). */
const smsTexts = (replies: Partial<Activity>[]): string[] => replies.flatMap((r) => renderActivityForSms(r).parts.map((p) => p.text));

describe('web chat', () => {
  it('shows the top three as cards with call and website buttons, readable as text, then offers what next', async () => {
    const c = client({ needs: ['food'], postcode: 'S6' });
    const [carousel, choices, ...rest] = await turn(c, 'hi');
    expect(rest).toEqual([]);
    expect(carousel.text).toBe(say('signpost.intro', { count: 3 }));
    expect(carousel.attachmentLayout).toBe('carousel');
    expect(carousel.attachments?.every((a) => a.contentType === 'application/vnd.microsoft.card.hero')).toBe(true);
    const [first, second, third] = cards(carousel);
    expect([first.title, second.title, third.title]).toEqual(['1. Stannington', '2. Winn Gardens', '3. Food Works Upperthorpe']);
    expect(first.text).toContain('Helps with food. 0.9 miles from S6. Open Monday, midday to 1pm.');
    expect(first.text).toContain('Phone 07706 285280.');
    expect(first.buttons).toEqual([
      { type: 'call', title: 'Call 07706 285280', value: 'tel:+447706285280' },
      { type: 'openUrl', title: 'Website', value: 'https://www.facebook.com/Stannington-Foodbank-112968863665554/' },
      { type: 'openUrl', title: 'Email', value: 'mailto:jane_wall@hotmail.co.uk' },
    ]);
    // Everything a button does is in the words too.
    for (const card of [first, second, third]) {
      for (const button of card.buttons ?? []) {
        const shown = String(button.value).replace(/^tel:\+44/, '0').replace(/^mailto:/, '').replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '');
        if (button.type === 'call') expect(card.text?.replace(/\s/g, '')).toContain(shown);
        else expect(card.text).toContain(shown);
      }
    }
    expect(choices.text).toBe(say('signpost.choices'));
    expect(actionTitles(choices)).toEqual(['More', 'Online or phone only', 'Near me', 'Free only', 'Text me these', 'Done']);
  });

  it('"More" shows the next three, numbered on; "Done" ends with every service offered', async () => {
    const c = client({ needs: ['food'], postcode: 'S6' });
    await turn(c, 'hi');
    const [more] = await turn(c, 'More');
    expect(more.text).toBe(say('signpost.intro.more', { count: 3 }));
    expect(cards(more).map((card) => card.title)).toEqual(['4. Hillsborough', '5. Crookes', '6. Shirecliffe']);
    const [bye] = await turn(c, 'Done');
    expect(bye.text).toBe(say('signpost.done'));
    const result = c.dialogTurnResult.result as SignpostDialogResult;
    expect(result.offered).toHaveLength(6);
    expect(result.offered[0]).toBe('sheffield_food:19');
  });

  it('the last page says it is the last; done says how to look again', async () => {
    const c = client({ needs: ['loneliness'], postcode: 'G15 8AA' });
    await turn(c, 'hi');
    let last: Partial<Activity> | undefined;
    for (let i = 0; i < 30; i++) {
      const replies = await turn(c, 'More');
      last = replies[0];
      if (!replies.flatMap(actionTitles).includes(say('signpost.action.more'))) break;
    }
    expect(last?.text).toMatch(/^Here (are \d+|is one) more\./);
    expect(last?.text).toMatch(new RegExp(`${say('signpost.none.more').replace(/[.]/g, '\\.')}$`));
    const [bye] = await turn(c, 'Done');
    expect(bye.text).toBe(say('signpost.done'));
    expect(bye.text).not.toMatch(/come back to this list/);
  });

  it('"Near me" with a known place keeps services within 3 miles; "Show all" lifts the filter', async () => {
    const c = client({ needs: ['food', 'loneliness'], postcode: 'S10 2FD' });
    await turn(c, 'hi');
    const [near, choices] = await turn(c, 'Near me');
    // Measured from the centre of the person's sector (S10 2), named by its district; one in the same sector is "near you".
    for (const card of cards(near)) expect(Number(/(\d+(?:\.\d)?) miles? from S10\./.exec(card.text ?? '')?.[1] ?? (/Near you\./.test(card.text ?? '') ? 0 : 99))).toBeLessThanOrEqual(3);
    expect(cards(near).some((card) => /Near you\./.test(card.text ?? ''))).toBe(true);
    expect(actionTitles(choices)).toContain('Show all');
    expect(actionTitles(choices)).not.toContain('Near me');
    const [all, again] = await turn(c, 'show all');
    expect(cards(all)).toHaveLength(3);
    expect(actionTitles(again)).toContain('Near me');
  });

  it('"Near me" without a place asks for the first half of the postcode, and takes no for an answer', async () => {
    const c = client({ needs: ['loneliness'] });
    const [firstPage] = await turn(c, 'hi');
    expect(firstPage.text).toBe(`${say('signpost.intro', { count: 3 })} ${say('signpost.intro.noPlace')}`);
    // Where each local one is, without distances (services people use from home come first without a place).
    expect(cards(firstPage).some((card) => /\bIn [A-Z]{1,2}\d+, /.test(card.text ?? ''))).toBe(true);
    const [ask] = await turn(c, 'near me');
    expect(ask.text).toBe(say('signpost.askDistrict'));
    const [askAgain, ...nothingMore] = await turn(c, 'somewhere');
    expect(askAgain.text).toBe(say('signpost.askDistrict.retry'));
    expect(nothingMore).toEqual([]);
    const [near] = await turn(c, 'G15 8AA');
    expect(near.text).toBe(say('signpost.intro', { count: 3 }));
    expect(cards(near)[0].title).toBe('1. Growchapel Community Growing Space');
    expect(cards(near)[0].text).toContain('0.4 miles from G15');

    const d = client({ needs: ['loneliness'] });
    await turn(d, 'hi');
    await turn(d, 'near me');
    const [onlyChoices, ...nothingElse] = await turn(d, 'skip');
    expect(onlyChoices.text).toBe(say('signpost.choices'));
    expect(nothingElse).toEqual([]);

    // A district the bundled list does not hold: said so, and back to the choices (asked by the answer prompt).
    const e = client({ needs: ['loneliness'] });
    await turn(e, 'hi');
    await turn(e, 'near me');
    const [unknown, choices] = await turn(e, 'ZZ9');
    expect(unknown.text).toBe(say('signpost.postcode.unknown', { district: 'ZZ9' }));
    expect(choices.text).toBe(say('signpost.choices'));
  });

  it('"Online or phone only" keeps services used from home; "Free only" says when nothing fits and shows everything again', async () => {
    const c = client({ needs: ['food'], postcode: 'S6' });
    await turn(c, 'hi');
    const [online] = await turn(c, 'Online or phone only');
    expect(online.text).toBe(say('signpost.introOne'));
    expect(cards(online).map((card) => card.title)).toEqual(['1. Food banks in the Trussell community']);
    expect(cards(online)[0].text).toContain('May only be for some people: "You must have a food voucher."');
    const [noneFree, all] = await turn(c, 'Free only');
    expect(noneFree.text).toBe(say('signpost.none.filtered'));
    expect(cards(all).map((card) => card.title)).toEqual(['1. Stannington', '2. Winn Gardens', '3. Food Works Upperthorpe']);
  });

  it('"Near me" and "Online or phone only" replace each other: near in person and from home at once is never asked for', async () => {
    const c = client({ needs: ['food'], postcode: 'S6' });
    await turn(c, 'hi');
    await turn(c, 'Near me');
    const [online] = await turn(c, 'Online or phone only');
    expect(online.text).toBe(say('signpost.introOne'));
    expect(cards(online).map((card) => card.title)).toEqual(['1. Food banks in the Trussell community']);
    const [near] = await turn(c, 'Near me');
    expect(cards(near).length).toBeGreaterThan(0);
    for (const card of cards(near)) expect(card.text).toMatch(/miles? from S6|Near you|less than 0\.1 miles/);
  });

  it('one choice that finds nothing: says which, shows everything again, and does not offer it again', async () => {
    const c = client({ needs: ['loneliness'], postcode: 'BS16 1QY' });
    await turn(c, 'hi');
    const replies = await turn(c, 'Free only');
    expect(replies[0].text).toBe(say('signpost.none.free'));
    expect(replies.flatMap(cards).length).toBeGreaterThan(0);
    expect(replies.flatMap(actionTitles)).not.toContain(say('signpost.action.free'));
  });

  it('a choice that leaves some needs without a service says so for that choice, not that nothing fits at all', async () => {
    const c = client({ needs: ['loneliness', 'money', 'housing'], postcode: 'BS16 1QY' }, 'sms');
    await turn(c, 'hi');
    const free = smsTexts(await turn(c, 'FREE')).join('\n');
    expect(free).not.toMatch(/Nothing fits for/);
    expect(free).toContain(sayShort('signpost.none.need.filtered', { need: 'loneliness and isolation and housing' }));
  });

  it('nothing near a place typed at the list: says so with the place, then everything again', async () => {
    const c = client({ needs: ['loneliness'], postcode: 'BS16 1QY' });
    await turn(c, 'hi');
    const [none] = await turn(c, 'BS16 1QY');
    expect(none.text).toBe(say('signpost.none.near', { district: 'BS16' }));
  });

  it('says when a postcode cannot be used, and still helps', async () => {
    const c = client({ needs: ['food'], postcode: 'ZZ9 9ZZ' });
    const [problem, carousel] = await turn(c, 'hi');
    expect(problem.text).toBe(say('signpost.postcode.unknown', { district: 'ZZ9' }));
    expect(cards(carousel)[0].text).toMatch(/In S\d+, Sheffield\./);
    const m = client({ needs: ['food'], postcode: 'not a postcode' });
    const [malformed] = await turn(m, 'hi');
    expect(malformed.text).toBe(say('signpost.postcode.malformed'));
  });

  it('says plainly when nothing matches, and what a link worker will do, and ends', async () => {
    // (Every need has a national service in the bundled data since December 2026 but one: domestic abuse in Scotland,
    // whose helpline's own page was not found, and no Scottish service in the bundled data meets it.)
    const c = client({ needs: ['domestic-abuse'], postcode: 'G15 8AA' });
    const replies = await turn(c, 'hi');
    expect(texts_(replies)).toEqual([say('signpost.none.need', { need: 'domestic abuse' })]);
    expect(c.dialogTurnResult.result).toEqual({ offered: [] });
    const referred = client({ needs: ['domestic-abuse'], postcode: 'G15 8AA', referralReference: 'SP-NONE' });
    expect(texts_(await turn(referred, 'hi'))).toEqual([say('signpost.none.need.referral', { need: 'domestic abuse' })]);
  });
});

describe('every need the person named gets an answer (issue 17)', () => {
  const needsOf = (card: HeroCard): string[] => [...(card.text ?? '').matchAll(/Helps with ([^.]+)\./g)].map((m) => m[1]);

  it('a need with nothing on the list gets a plain sentence beside the services for the others, never "I could not find" after "here are"', async () => {
    const c = client({ needs: ['loneliness', 'domestic-abuse'], postcode: 'G15 8AA' });
    const [carousel] = await turn(c, 'hi');
    expect(carousel.text).toBe(`${say('signpost.intro', { count: 3 })} ${say('signpost.none.need', { need: 'domestic abuse' })}`);
    expect(cards(carousel).every((card) => needsOf(card).includes('loneliness and isolation'))).toBe(true);
    expect(carousel.text).not.toMatch(/could not find/i);
  });

  it('each need gets its best option on the first page, even when another need fills the top three', async () => {
    const c = client({ needs: ['food', 'money'], postcode: 'S6' });
    const [carousel] = await turn(c, 'hi');
    const shown = cards(carousel);
    expect(shown.length).toBe(4);
    expect(shown.some((card) => needsOf(card).includes('food'))).toBe(true);
    expect(shown.some((card) => needsOf(card).includes('money and debt'))).toBe(true);
    expect(shown.map((card) => card.title?.replace(/^\d+\. /, '')).slice(0, 3)).toEqual(['Stannington', 'Winn Gardens', 'Food Works Upperthorpe']);
  });

  it('S10 2GB, lonely, 67: the "alcohol/drug issues only" service is not above the ones that fit, on the web or by SMS', async () => {
    for (const channel of ['directline', 'sms']) {
      const c = client({ needs: ['loneliness'], postcode: 'S10 2GB', age: 67 }, channel);
      const replies = await turn(c, 'hi');
      const shown = channel === 'sms' ? smsTexts(replies).join('\n') : replies.flatMap((r) => cards(r).map((card) => `${card.title}\n${card.text}`)).join('\n');
      expect(shown).toMatch(/1\. .+/);
      expect(shown).not.toContain("Ben's Centre");
      for (const text of smsTexts(replies)) if (channel === 'sms') expect(gsm7Length(text)).toBeLessThanOrEqual(160);
    }
  });

  it('by SMS, BS16 1QY loneliness and money: the "from home" words come first, every text one GSM-7 segment', async () => {
    const c = client({ needs: ['loneliness', 'money'], postcode: 'BS16 1QY' }, 'sms');
    const bodies = smsTexts(await turn(c, 'hi'));
    expect(bodies[0].split('\n')[0]).toBe(sayShort('signpost.fromHome.all', { need: 'loneliness and isolation and money and debt' }));
    expect(bodies.join('\n')).toMatch(/1\. .+\n2\. /);
    for (const body of bodies) {
      expect(isGsm7(body)).toBe(true);
      expect(gsm7Length(body)).toBeLessThanOrEqual(160);
    }
  });

  it('BS16 1QY, loneliness and money: an option for each, saying they work from home because nothing is near', async () => {
    const c = client({ needs: ['loneliness', 'money'], postcode: 'BS16 1QY' });
    const [carousel] = await turn(c, 'hi');
    const shown = cards(carousel);
    expect(shown.some((card) => needsOf(card).includes('loneliness and isolation'))).toBe(true);
    expect(shown.some((card) => needsOf(card).includes('money and debt'))).toBe(true);
    expect(carousel.text).toContain(say('signpost.fromHome.all', { need: 'loneliness and isolation and money and debt' }));
    for (const card of shown) expect(card.text).toMatch(/(Online|By phone), so you can use it from home\./);
  });

  it('after a referral, the first page is one option for each need (so a text has room for all), and More shows the rest', async () => {
    const referral = await temp.stores.referrals.create(newReferral({ needs: ['loneliness', 'money', 'housing'] }));
    for (const channel of ['directline', 'sms']) {
      const c = client({ needs: ['loneliness', 'money', 'housing'], postcode: 'BS16 1QY', referralReference: referral.reference }, channel);
      const replies = await turn(c, 'hi');
      const shown = replies.flatMap(cards);
      expect(shown).toHaveLength(3);
      for (const need of ['loneliness and isolation', 'money and debt', 'housing']) expect(shown.filter((card) => needsOf(card).includes(need))).toHaveLength(1);
      if (channel === 'directline') expect(replies.flatMap(actionTitles)).toContain(say('signpost.action.more'));
      const next = (await turn(c, 'more')).flatMap(cards);
      expect(next.length).toBeGreaterThan(0);
      expect(next.map((card) => card.title).filter((t) => shown.some((s) => s.title?.replace(/^\d+\. /, '') === t?.replace(/^\d+\. /, '')))).toEqual([]);
    }
    // A need nothing fits still gets its sentence, beside one option for each of the others.
    const glasgow = client({ needs: ['loneliness', 'domestic-abuse'], postcode: 'G15 8AA', referralReference: referral.reference });
    const [carousel] = await turn(glasgow, 'hi');
    expect(cards(carousel).length).toBeGreaterThanOrEqual(2);
    expect(carousel.text).toContain(say('signpost.none.need.referral', { need: 'domestic abuse' }));
  });

  it('offers only the choices that would change something: no "near me" when nothing is near, no "online" when all are', async () => {
    for (const channel of ['directline', 'sms']) {
      const c = client({ needs: ['loneliness', 'money'], postcode: 'BS16 1QY' }, channel);
      const replies = await turn(c, 'hi');
      if (channel === 'sms') {
        const keywords = smsTexts(replies).at(-1) ?? '';
        expect(keywords).toMatch(/^Reply MORE for more, /);
        expect(keywords).not.toMatch(/NEAR|ONLINE/);
        expect(keywords).toMatch(/FREE or DONE\.$/);
      } else {
        const titles = replies.flatMap(actionTitles);
        expect(titles).toEqual(expect.arrayContaining([say('signpost.action.more'), say('signpost.action.free'), say('signpost.action.done')]));
        expect(titles).not.toContain(say('signpost.action.near'));
        expect(titles).not.toContain(say('signpost.action.online'));
      }
    }
    // Where services near the person exist, both stay.
    const near = smsTexts(await turn(client({ needs: ['food'], postcode: 'S6' }, 'sms'), 'hi')).at(-1);
    expect(near).toMatch(/ONLINE, NEAR, FREE or DONE\.$/);
  });

  it('after two replies it cannot understand, it stops asking and says so to its caller', async () => {
    const c = client({ needs: ['food'], postcode: 'S6' });
    await turn(c, 'hi');
    const [retry] = await turn(c, 'banana');
    // Re-asked as every question is: what was wrong, then the question again.
    expect(retry.text).toBe(`${say('signpost.notUnderstood')}\n${say('signpost.choices')}`);
    expect(actionTitles(retry)).toContain('More');
    await turn(c, 'purple');
    expect(c.dialogTurnResult.result).toMatchObject({ gaveUp: true, offered: expect.arrayContaining(['sheffield_food:19']) });
  });
});

describe('text me these', () => {
  it('asks for a UK mobile, checks it, and sends the services as one-segment GSM-7 texts', async () => {
    const c = client({ needs: ['food'], postcode: 'S6' });
    await turn(c, 'hi');
    const [ask] = await turn(c, 'Text me these');
    expect(ask.text).toBe(say('signpost.askMobile'));
    expect(ask.inputHint).toBe('expectingInput');
    // Asked as the intake asks (the answer prompt): the re-prompt says what is wrong, then asks again.
    const [landline] = await turn(c, '0114 321 0733');
    expect(landline.text).toBe(`${say('texts.mobile.notMobile')}\n${say('signpost.askMobile')}`);
    const [sent, choices] = await turn(c, '07911 123456');
    expect(sent.text).toBe(say('signpost.mobile.sent', { ending: '456' }));
    expect(choices.text).toBe(say('signpost.choices'));
    expect(texts.sent.length).toBeGreaterThanOrEqual(1);
    expect(texts.sent.every((m) => m.to === '+447911123456' && gsm7Length(m.body) <= 160 && isGsm7(m.body))).toBe(true);
    const all = texts.sent.map((m) => m.body).join('\n');
    expect(all.startsWith(say('signpost.textMe.header'))).toBe(true);
    expect(all).toContain('1. Stannington: 07706 285280. 0.9 miles from S6');
    expect(all).toContain('2. Winn Gardens: 0114 321 0733');
    expect(all).toContain('3. Food Works Upperthorpe: 0114 270 2040');
  });

  it('uses the mobile from the referral without asking again', async () => {
    const referral = await temp.stores.referrals.create(newReferral({ person: { contactMethod: 'text', contactValue: '+447911123456' } }));
    const c = client({ needs: ['food'], postcode: 'S6', referralReference: referral.reference });
    await turn(c, 'hi');
    const [sent] = await turn(c, 'text me');
    expect(sent.text).toBe(say('signpost.mobile.sent', { ending: '456' }));
    expect(texts.sent[0].to).toBe('+447911123456');
  });

  it('tells the person when their number has opted out, offers a way on after two wrong numbers, and accepts skip', async () => {
    const optedOut = new RecordingTextSender(new Set(['+447911123456']));
    const c = client({ needs: ['food'], postcode: 'S6' }, 'directline', optedOut);
    await turn(c, 'hi');
    await turn(c, 'text me these');
    const [refused] = await turn(c, '+44 7911 123456');
    expect(refused.text).toBe(say('signpost.mobile.optedOut'));

    await turn(c, 'text me these');
    const [wrong] = await turn(c, '12345');
    expect(wrong.text).toBe(`${say('texts.mobile.invalid')}\n${say('signpost.askMobile')}`);
    // Two wrong numbers: never a loop, the same way on as every question (try again, skip or a person).
    const [stuck] = await turn(c, 'hello');
    expect(stuck.text).toBe(say('stuck.ask'));
    const [skippedAfterStuck, choices] = await turn(c, 'skip this question');
    expect(skippedAfterStuck.text).toBe(say('signpost.mobile.skipped'));
    expect(choices.text).toBe(say('signpost.choices'));

    await turn(c, 'text me these');
    const [skipped] = await turn(c, 'skip');
    expect(skipped.text).toBe(say('signpost.mobile.skipped'));
    expect(optedOut.sent).toEqual([]);
  });
});

describe('SMS', () => {
  it('sends compact numbered texts, each one GSM-7 segment, and keyword choices', async () => {
    const c = client({ needs: ['food', 'loneliness'], postcode: 'S6' }, 'sms');
    const replies = await turn(c, 'hi');
    const bodies = smsTexts(replies);
    // The cards travel with their short form; the texts are the compact lines, not the cards.
    expect(replies.some((r) => (r.attachments ?? []).length > 0)).toBe(true);
    expect(bodies.join('\n')).not.toContain('so you can use it from home');
    for (const body of bodies) {
      expect(gsm7Length(body)).toBeLessThanOrEqual(160);
      expect(isGsm7(body)).toBe(true);
    }
    expect(bodies.join('\n')).toMatch(/^3 that may help:\n1\. /);
    expect(bodies.join('\n')).toMatch(/\n2\. .+\n3\. /);
    expect(bodies[bodies.length - 1]).toBe('Reply MORE for more, ONLINE, NEAR, FREE or DONE.');
    expect(bodies.length).toBeLessThanOrEqual(4);

    const more = smsTexts(await turn(c, 'MORE'));
    expect(more.join('\n')).toMatch(/^Here are 3 more\.\n4\. /);
  });

  it('without a place, says some may be far away and how to narrow them, within the segment budget', async () => {
    const c = client({ needs: ['food'] }, 'sms');
    const bodies = smsTexts(await turn(c, 'hi'));
    expect(bodies[0]).toMatch(/^3 that may help: Some may be far away\. Reply NEAR to tell me your area\./);
    expect(bodies.every((b) => gsm7Length(b) <= 160)).toBe(true);
  });

  it('takes a postcode typed at the list as "near" that place, without NEAR first (issue 21)', async () => {
    const c = client({ needs: ['food'] }, 'sms');
    await turn(c, 'hi');
    const near = smsTexts(await turn(c, 'S6 3BS'));
    expect(near.join('\n')).not.toContain(say('signpost.notUnderstood'));
    expect(near.join('\n')).toMatch(/from S6/);
  });

  it('a postcode typed at the list is where distances are measured from, not the place given before', async () => {
    const c = client({ needs: ['loneliness'], postcode: 'S10 2FD' });
    await turn(c, 'hi');
    const [near] = await turn(c, 'G15 8AA');
    expect(cards(near)[0].title).toBe('1. Growchapel Community Growing Space');
    expect(cards(near)[0].text).toContain('0.4 miles from G15');
  });

  it('does not offer "text me these" by text, and re-asks with the keywords', async () => {
    const c = client({ needs: ['food'], postcode: 'S6' }, 'sms');
    await turn(c, 'hi');
    const [retry] = smsTexts(await turn(c, 'text me these'));
    expect(retry).toBe(`${say('signpost.notUnderstood')}
Reply MORE for more, ONLINE, NEAR, FREE or DONE.`);
    expect(gsm7Length(retry)).toBeLessThanOrEqual(160);
  });
});

describe('the referral', () => {
  it('records every service offered, once', async () => {
    const referral = await temp.stores.referrals.create(newReferral({ needs: ['food'] }));
    const c = client({ needs: ['food'], postcode: 'S6', referralReference: referral.reference });
    await turn(c, 'hi');
    expect((await temp.stores.referrals.get(referral.reference))?.servicesOffered).toEqual(['sheffield_food:19', 'sheffield_food:5', 'sheffield_food:27']);
    await turn(c, 'more');
    await turn(c, 'show all');
    const after = await temp.stores.referrals.get(referral.reference);
    expect(after?.servicesOffered).toHaveLength(6);
    expect(new Set(after?.servicesOffered).size).toBe(6);
    // By id and name too (issue 23: support offered recorded as the services, not a count).
    expect(after?.servicesOfferedNamed?.map((s) => s.id)).toEqual(after?.servicesOffered);
    for (const service of after?.servicesOfferedNamed ?? []) expect(service.name).toBe((await temp.stores.directory.get(service.id))?.name);
  });
});

describe('the words', () => {
  it('every signpost message is plain GSM-7 text, and the SMS ones fit one segment', () => {
    const ids = Object.keys(MESSAGES).filter((id) => id.startsWith('signpost.')) as (keyof typeof MESSAGES)[];
    expect(ids.length).toBeGreaterThan(40);
    for (const id of ids) {
      expect(isGsm7(MESSAGES[id])).toBe(true);
      expect(MESSAGES[id].length).toBeLessThanOrEqual(160);
    }
  });
});
