/**
 * The services menu (the list of services and what next: MORE, NEAR, ONLINE, FREE, DONE, or a postcode), pinned on
 * the whole bot as people reach it: the real app over HTTP, on the web through /api/messages (expectReplies) and by
 * text through the real twilio client and the fake Twilio API. The same script on both channels: find support with no
 * details, food, then MORE, NEAR with a postcode, a postcode typed at the menu, a need typed at the menu, nonsense
 * twice (the menu gives up and a person is offered), and DONE.
 */
import { MESSAGES, say, type MessageId } from '../../src/services/content/messages';
import { keywordList } from '../../src/services/directory/replies';
import { septets, toGsm7 } from '../../src/services/sms/gsm7';
import { ExpectRepliesClient, type BotReply } from '../helpers/botClient';
import { startSmsHarness, type SmsHarness } from '../channels/sms/smsHarness';

interface HeroCard {
  contentType: string;
  content: { title: string; text: string };
}

const messages = (replies: BotReply[]): BotReply[] => replies.filter((r) => r.type === 'message');
const textsOf = (replies: BotReply[]): string[] => messages(replies).map((r) => r.text ?? '');
const titles = (replies: BotReply[]): string[] => messages(replies).flatMap((r) => ((r.attachments ?? []) as HeroCard[]).map((a) => a.content.title));
const cardTexts = (replies: BotReply[]): string => messages(replies).flatMap((r) => ((r.attachments ?? []) as HeroCard[]).map((a) => a.content.text)).join('\n');
const buttons = (reply: BotReply | undefined): string[] => (reply?.suggestedActions?.actions ?? []).map((a) => a.title ?? '');
const last = (replies: BotReply[]): BotReply | undefined => messages(replies)[messages(replies).length - 1];
/** The fixed start of a message as texted (its SMS form where it has one), up to its first placeholder. */
const lead = (id: MessageId): string => toGsm7(((MESSAGES as Record<string, string>)[`${id}.sms`] ?? MESSAGES[id]).split('{')[0]);
/** The re-prompt, as every question's: what was wrong, then the question again (by text, its keywords). */
const RETRY_WEB = `${say('signpost.notUnderstood')}\n${say('signpost.choices')}`;
/** By text, the keywords of the choices offered: every one but "text me these" while nothing is filtered. */
const KEYWORDS = say('signpost.choices.sms', { keywords: keywordList(['more', 'online', 'near', 'free', 'done']) });
const RETRY_SMS = `${say('signpost.notUnderstood')}\n${KEYWORDS}`;
const CHOICES_WEB = ['More', 'Online or phone only', 'Near me', 'Free only', 'Text me these', 'Done'];

let h: SmsHarness;
beforeAll(async () => {
  h = await startSmsHarness();
}, 60_000);
afterAll(async () => h.close());

describe('the services menu on the web', () => {
  /** A new conversation that has asked for food support with no details: the first page and the menu are showing. */
  async function atTheMenu(): Promise<{ client: ExpectRepliesClient; first: BotReply[] }> {
    const client = new ExpectRepliesClient(h.t.baseUrl);
    await client.join();
    expect(textsOf(await client.send({ type: 'message', text: 'Find support, no details' }))).toContain(MESSAGES['needs.askAnonymous']);
    expect(textsOf(await client.send({ type: 'message', text: 'food bank' }))[0]).toMatch(/^It sounds like you would like help with: Food/);
    const first = await client.send({ type: 'message', text: 'yes' });
    return { client, first };
  }
  const send = (client: ExpectRepliesClient, text: string) => client.send({ type: 'message', text });

  it('shows the first page and its choices; MORE pages on; DONE ends the list and a person is offered', async () => {
    const { client, first } = await atTheMenu();
    expect(textsOf(first)[0]).toBe(`${say('signpost.intro', { count: 3 })} ${say('signpost.intro.noPlace')}`);
    expect(titles(first)).toHaveLength(3);
    expect(last(first)?.text).toBe(say('signpost.choices'));
    expect(buttons(last(first))).toEqual(CHOICES_WEB);
    const more = await send(client, 'More');
    expect(textsOf(more)[0]).toBe(say('signpost.intro.more', { count: 3 }));
    expect(titles(more).map((t) => t.split('.')[0])).toEqual(['4', '5', '6']);
    expect(last(more)?.text).toBe(say('signpost.choices'));
    const done = await send(client, 'Done');
    expect(textsOf(done)).toEqual([say('signpost.done'), say('offerPerson.ask')]);
  });

  it('NEAR asks for a postcode and shows what is near it; the filter changes the choices', async () => {
    const { client } = await atTheMenu();
    expect(textsOf(await send(client, 'Near me'))).toEqual([say('signpost.askDistrict')]);
    const near = await send(client, 'S6');
    expect(textsOf(near)[0]).toBe(say('signpost.intro', { count: 3 }));
    expect(cardTexts(near)).toMatch(/miles from S6\./);
    expect(buttons(last(near))).toEqual(['More', 'Online or phone only', 'Free only', 'Show all', 'Text me these', 'Done']);
  });

  it('a postcode typed at the menu shows what is near it, without NEAR first', async () => {
    const { client } = await atTheMenu();
    const near = await send(client, 'S6 3BS');
    expect(textsOf(near)[0]).toBe(say('signpost.intro', { count: 3 }));
    expect(cardTexts(near)).toMatch(/miles from S6\./);
    expect(buttons(last(near))).toContain('Show all');
  });

  it('a need typed at the menu is not one of its choices: the menu says so and asks again, and a second miss gives up and offers a person', async () => {
    const { client } = await atTheMenu();
    const need = await send(client, 'money worries');
    expect(textsOf(need)).toHaveLength(1);
    // The re-prompt says what was wrong and asks the question again, with the same choices.
    expect(textsOf(need)[0]).toBe(RETRY_WEB);
    expect(buttons(last(need))).toEqual(CHOICES_WEB);
    const nonsense = await send(client, 'purple');
    expect(textsOf(nonsense)).toEqual([say('offerPerson.ask')]);
  });

  it('nonsense twice: asked again once, then the menu gives up and a person is offered', async () => {
    const { client } = await atTheMenu();
    expect(textsOf(await send(client, 'banana'))).toEqual([RETRY_WEB]);
    expect(textsOf(await send(client, 'purple'))).toEqual([say('offerPerson.ask')]);
  });

  it('"back" at the menu: there is nowhere to go back to, so it says so and asks again, without counting a try', async () => {
    const { client } = await atTheMenu();
    const back = await send(client, 'back');
    expect(textsOf(back)).toEqual([`${say('answer.back.none')}\n${say('signpost.choices')}`]);
    expect(buttons(last(back))).toEqual(CHOICES_WEB);
    expect(textsOf(await send(client, 'banana'))).toEqual([RETRY_WEB]);
    expect(textsOf(await send(client, 'More'))[0]).toBe(say('signpost.intro.more', { count: 3 }));
  });

  it('a command in its exact words is still the command at the menu, before the menu words ("bye" is stop)', async () => {
    const { client } = await atTheMenu();
    expect(textsOf(await send(client, 'bye'))).toEqual([say('command.stopped')]);
  });
});

describe('the services menu by text', () => {
  let n = 0;
  /** A new number that has asked for food support with no details: the first page and the keywords are showing. */
  async function atTheMenu(): Promise<{ from: string; first: string[] }> {
    n += 1;
    const from = `+4477009007${String(n).padStart(2, '0')}`;
    expect((await h.converse('Hi', from)).join('\n')).toContain(lead('welcome.question'));
    expect((await h.converse('2', from)).join('\n').replace(/\s+/g, ' ')).toContain(lead('needs.askAnonymous').replace(/\s+/g, ' '));
    expect((await h.converse('food bank', from)).join('\n')).toContain(lead('needs.confirm'));
    const first = await h.converse('1', from);
    return { from, first };
  }
  const endsWithKeywords = (texts: string[], keywords = KEYWORDS) => expect(texts.join('\n')).toMatch(new RegExp(`\\n${keywords.replace(/[.]/g, '\\.')}$`));
  /** Near a place: no NEAR, and ALL to lift the filter. */
  const NEAR_KEYWORDS = say('signpost.choices.sms', { keywords: keywordList(['more', 'online', 'free', 'all', 'done']) });

  it('shows the first page and the keywords; MORE pages on; DONE ends the list and a person is offered', async () => {
    const { from, first } = await atTheMenu();
    expect(first.join('\n')).toMatch(/^3 that may help: Some may be far away\. Reply NEAR to tell me your area\.\n1\. /);
    endsWithKeywords(first);
    const more = await h.converse('MORE', from);
    expect(more.join('\n')).toMatch(/^Here are 3 more\.\n4\. .+[\s\S]*\n5\. .+[\s\S]*\n6\. /);
    endsWithKeywords(more);
    const done = (await h.converse('DONE', from)).join('\n');
    expect(done).toContain(say('signpost.done'));
    expect(done).toContain(lead('offerPerson.ask'));
    for (const body of h.twilio.to(from).map((m) => m.body)) expect(septets(body)).toBeLessThanOrEqual(160);
  });

  it('NEAR asks for a postcode and shows what is near it', async () => {
    const { from } = await atTheMenu();
    expect((await h.converse('NEAR', from)).join('\n')).toBe(say('signpost.askDistrict'));
    const near = await h.converse('S6', from);
    expect(near.join('\n')).toMatch(/^3 that may help:\n1\. .+from S6/);
    endsWithKeywords(near, NEAR_KEYWORDS);
  });

  it('a postcode typed at the menu shows what is near it, without NEAR first', async () => {
    const { from } = await atTheMenu();
    const near = await h.converse('S6 3BS', from);
    expect(near.join('\n')).toMatch(/^3 that may help:\n1\. .+from S6/);
    endsWithKeywords(near, NEAR_KEYWORDS);
  });

  it('a need typed at the menu, then nonsense: asked again once with the keywords, then a person is offered', async () => {
    const { from } = await atTheMenu();
    const retry = await h.converse('money worries', from);
    expect(retry).toEqual([RETRY_SMS]);
    expect(septets(retry[0])).toBeLessThanOrEqual(160);
    expect((await h.converse('purple', from)).join('\n')).toBe(lead('offerPerson.ask') + '\n1 Talk to a person\n2 No, thanks\n' + say('sms.choose', { numbers: '1 or 2' }));
  });

  it('"text me these" is not offered by text: asked again with the keywords', async () => {
    const { from } = await atTheMenu();
    expect(await h.converse('text me these', from)).toEqual([RETRY_SMS]);
  });
});
