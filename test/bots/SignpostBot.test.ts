/**
 * The bot around the dialogs: safety before routing (even when state cannot be read), the welcome for new members,
 * the recent turns kept for a link worker (none for anonymous people), state deleted on erasure, and logs that hold
 * ids and timings but nothing anyone said. What happens while a conversation is handed off is in relay.test.ts.
 */
import type { Activity } from 'botbuilder';
import { MESSAGES } from '../../src/services/content/messages';
import { joinWithMessage } from '../../src/dialogs/turn';
import { renderActivityForSms } from '../../src/channels/sms/renderActivity';
import { REFERRAL_STEPS } from '../dialogs/script';
import { BotHarness } from './botHarness';

describe('SignpostBot', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await BotHarness.start();
  });
  afterEach(async () => h.close());

  const send = (activity: string | Partial<Activity>) => h.send(activity);
  const conversationKey = () => h.conversationKey();

  it('welcomes a new member with what Signpost is, the emergency numbers and the three choices', async () => {
    const replies = await send({ type: 'conversationUpdate', membersAdded: [{ id: 'user1', name: 'User1' }], recipient: { id: 'bot', name: 'Bot' } });
    expect(replies).toEqual([MESSAGES['welcome.hello'], MESSAGES['welcome.notForEmergencies'], MESSAGES['welcome.ask'], MESSAGES['welcome.question']]);
    expect(await send('refer myself')).toContain(MESSAGES['consent.ask']);
  });

  it('waits for the first message of a join that says one follows (a text), which may already choose', async () => {
    const sms = { channelId: 'sms', conversation: { id: 'sms-abc' }, from: { id: 'sms-abc', name: '' }, recipient: { id: 'bot', name: 'Bot' } } as Partial<Activity>;
    expect(await send(joinWithMessage({ ...sms, type: 'conversationUpdate', membersAdded: [{ id: 'sms-abc', name: '' }, { id: 'bot', name: 'Bot' }] }))).toEqual([]);
    const activities = await h.sendActivities({ ...sms, type: 'message', text: 'Hi, my GP said I should contact you' });
    const replies = activities.flatMap((a) => renderActivityForSms(a).parts.map((p) => p.text));
    // Rendered for SMS: the short forms (welcome.ask has none: its question says what the choices mean).
    expect(replies.slice(0, 2)).toEqual([MESSAGES['welcome.hello.sms'], MESSAGES['welcome.notForEmergencies.sms']]);
    expect(replies).not.toContain(MESSAGES['welcome.question.sms']);
    expect(replies[replies.length - 1].split('\n')[0]).toBe(MESSAGES['consent.ask.sms']);
  });

  it('answers crisis words before routing, even when conversation state cannot be read', async () => {
    await send('hi');
    h.storage.failing = true;
    const replies = await send('I want to end my life');
    expect(replies.slice(0, 4)).toEqual([MESSAGES['crisis.intro'], MESSAGES['crisis.999'], MESSAGES['crisis.111'], MESSAGES['crisis.talk']]);
    expect(h.turnError?.message).toBe('storage unavailable');
  });

  it('keeps the recent turns, both sides, for a link worker', async () => {
    await send('hi');
    await send('refer myself');
    await send('yes');
    await send('Sam');
    const lines = await h.recentTurns();
    expect(lines.filter((t) => t.from === 'patient').map((t) => t.text)).toEqual(['hi', 'refer myself', 'yes', 'Sam']);
    expect(lines.map((t) => t.text)).toContain(MESSAGES['intake.dob.ask']);
    // Kept beside conversation state, not in it (which every turn rewrites).
    expect((await h.stores.botState.read([conversationKey()]))[conversationKey()]).not.toHaveProperty('transcript');
  });

  it('keeps no transcript for someone who gives no details', async () => {
    await send('hi');
    await send('find local support');
    await send('I have no money for the gas, my name is Bob Jones');
    expect(await h.recentTurns()).toEqual([]);
    expect((await h.stores.botState.read([conversationKey()]))[conversationKey()]).not.toHaveProperty('transcript');
  });

  it('deletes the conversation state on erasure rather than writing it back', async () => {
    await send('hi');
    await send('refer myself');
    await send('yes');
    await send('Sam');
    await send('delete my data');
    expect(await send('yes')).toEqual([MESSAGES['privacy.deleted']]);
    expect(await h.stores.botState.read([conversationKey(), `test/users/user1/`])).toEqual({});
    expect(await h.recentTurns()).toEqual([]);
    expect(h.turnError).toBeUndefined();
  });

  it('moves the recent turns a conversation kept in its state (before they had a store of their own) to the store', async () => {
    await send('hi');
    const key = conversationKey();
    const saved = (await h.stores.botState.read([key]))[key] as Record<string, unknown>;
    const earlier = [{ from: 'patient', text: 'an earlier message', at: '2026-12-01T10:00:00.000Z' }, { from: 'bot', text: 'an earlier reply', at: '2026-12-01T10:00:00.000Z' }];
    // A conversation begun before: its lines are in its state, none in the store.
    await h.stores.recentTurns.clear({ channel: 'test', conversationId: h.adapter.conversation.conversation.id });
    await h.stores.botState.write({ [key]: { ...saved, eTag: '*', transcript: earlier } });
    await send('refer myself');
    expect((await h.recentTurns()).map((t) => t.text).slice(0, 3)).toEqual([...earlier.map((t) => t.text), 'refer myself']);
    expect((await h.stores.botState.read([key]))[key]).not.toHaveProperty('transcript');
  });

  it('logs turns and referrals by id, channel and timing, never what anyone said', async () => {
    await send('hi');
    for (const step of REFERRAL_STEPS) await send(step.answer === 'no' && step.question === 'offerPerson.ask' ? 'talk to a person' : step.answer);
    await send('I want to kill myself');
    expect((await h.stores.referrals.list()).total).toBe(1);
    const text = h.logs.text();
    expect(text).toContain('"msg":"referral saved"');
    expect(text).toContain('"msg":"handoff queued"');
    for (const personal of ['Sam', '07700', '900123', 'BS16', 'bs161qy', '1961', 'Fishponds', 'grandchildren', 'lonely', 'kill myself']) expect(text).not.toContain(personal);
  });

  it('starts again at the welcome when saved state names a dialog this version no longer has', async () => {
    await send('hi');
    const key = conversationKey();
    const saved = (await h.stores.botState.read([key]))[key] as Record<string, unknown>;
    const stale = { ...saved, eTag: '*', DialogState: { dialogStack: [{ id: 'main', state: { dialogs: { dialogStack: [{ id: 'a-dialog-long-gone', state: {} }] } } }] } };
    await h.stores.botState.write({ [key]: stale });
    expect(await send('hello again')).toEqual([MESSAGES['welcome.question']]);
    expect(h.turnError).toBeUndefined();
    expect(await send('refer myself')).toContain(MESSAGES['consent.ask']);
  });
});
