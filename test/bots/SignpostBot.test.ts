/**
 * The bot around the dialogs: safety before routing (even when state cannot be read), the welcome for new members,
 * the recent turns kept for a link worker (none for anonymous people), state deleted on erasure, and logs that hold
 * ids and timings but nothing anyone said.
 */
import { rmSync } from 'node:fs';
import { ConversationState, MemoryStorage, TestAdapter, UserState, type Activity, type Storage, type StoreItems } from 'botbuilder';
import { SignpostBot } from '../../src/bots/SignpostBot';
import { ConversationData } from '../../src/dialogs/conversationData';
import { MainDialog } from '../../src/dialogs/MainDialog';
import { createLogger } from '../../src/logging';
import { MESSAGES } from '../../src/services/content/messages';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { PERSON_IDS, realUnderstanding, TestClock } from '../dialogs/harness';
import { REFERRAL_STEPS } from '../dialogs/script';
import { LogCapture } from '../helpers/logCapture';
import { tempDataDir } from '../helpers/testApp';

/** Bot state that fails while `failing` is set: a store that has gone away. */
class FlakyStorage implements Storage {
  failing = false;
  constructor(private readonly inner: Storage = new MemoryStorage()) {}
  async read(keys: string[]): Promise<StoreItems> {
    if (this.failing) throw new Error('storage unavailable');
    return this.inner.read(keys);
  }
  async write(changes: StoreItems): Promise<void> {
    if (this.failing) throw new Error('storage unavailable');
    return this.inner.write(changes);
  }
  async delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

describe('SignpostBot', () => {
  let stores: Stores;
  let dir: string;
  let storage: FlakyStorage;
  let adapter: TestAdapter;
  let logs: LogCapture;
  let turnError: Error | undefined;

  beforeEach(async () => {
    dir = tempDataDir('signpost-bot-');
    stores = await openEmbeddedStores({ dataDir: dir, retentionDays: 730 });
    storage = new FlakyStorage(stores.botState);
    const { recognizer, safety } = await realUnderstanding();
    const conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    const data = new ConversationData(conversationState);
    const clock = new TestClock();
    logs = new LogCapture();
    const logger = createLogger('debug', logs);
    const dialog = new MainDialog({
      recognizer, safety, data, logger, clock: clock.now, personIds: PERSON_IDS,
      stores: { ...stores, referrals: stores.referrals, handoffs: stores.handoffs, botState: storage, erasePerson: (id) => stores.erasePerson(id), exportPerson: (id) => stores.exportPerson(id) },
      config: { storage: { dataDir: dir, retentionDays: 730 }, referrals: { contactWithinWorkingDays: 5 } },
    });
    const bot = new SignpostBot({ conversationState, userState, dialog, safety, data, logger, clock: clock.now });
    turnError = undefined;
    adapter = new TestAdapter(async (context) => {
      try {
        await bot.run(context);
      } catch (error) {
        turnError = error as Error;
      }
    });
  });

  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function send(activity: string | Partial<Activity>): Promise<string[]> {
    adapter.activeQueue.splice(0);
    await adapter.receiveActivity(activity);
    return adapter.activeQueue.splice(0).map((a) => a.text ?? '');
  }

  const conversationKey = () => `test/conversations/${adapter.conversation.conversation.id}/`;

  it('welcomes a new member with what Signpost is, the emergency numbers and the three choices', async () => {
    const replies = await send({ type: 'conversationUpdate', membersAdded: [{ id: 'user1', name: 'User1' }], recipient: { id: 'bot', name: 'Bot' } });
    expect(replies).toEqual([MESSAGES['welcome.hello'], MESSAGES['welcome.notForEmergencies'], MESSAGES['welcome.ask'], MESSAGES['welcome.question']]);
    expect(await send('refer myself')).toContain(MESSAGES['consent.ask']);
  });

  it('by SMS waits for the first text (it arrives with the join), which may already choose', async () => {
    const sms = { channelId: 'sms', conversation: { id: 'sms-abc' }, from: { id: 'sms-abc', name: '' }, recipient: { id: 'bot', name: 'Bot' } } as Partial<Activity>;
    expect(await send({ ...sms, type: 'conversationUpdate', membersAdded: [{ id: 'sms-abc', name: '' }, { id: 'bot', name: 'Bot' }] })).toEqual([]);
    const replies = await send({ ...sms, type: 'message', text: 'Hi, my GP said I should contact you' });
    expect(replies.slice(0, 3)).toEqual([MESSAGES['welcome.hello'], MESSAGES['welcome.notForEmergencies'], MESSAGES['welcome.ask']]);
    expect(replies).not.toContain(MESSAGES['welcome.question']);
    expect(replies[replies.length - 1]).toBe(MESSAGES['consent.ask']);
  });

  it('answers crisis words before routing, even when conversation state cannot be read', async () => {
    await send('hi');
    storage.failing = true;
    const replies = await send('I want to end my life');
    expect(replies.slice(0, 4)).toEqual([MESSAGES['crisis.intro'], MESSAGES['crisis.999'], MESSAGES['crisis.111'], MESSAGES['crisis.talk']]);
    expect(turnError?.message).toBe('storage unavailable');
  });

  it('keeps the recent turns, both sides, for a link worker', async () => {
    await send('hi');
    await send('refer myself');
    await send('yes');
    await send('Sam');
    const state = (await stores.botState.read([conversationKey()]))[conversationKey()] as { transcript: { from: string; text: string }[] };
    expect(state.transcript.filter((t) => t.from === 'patient').map((t) => t.text)).toEqual(['hi', 'refer myself', 'yes', 'Sam']);
    expect(state.transcript.map((t) => t.text)).toContain(MESSAGES['intake.dob.ask']);
  });

  it('keeps no transcript for someone who gives no details', async () => {
    await send('hi');
    await send('find local support');
    await send('I have no money for the gas, my name is Bob Jones');
    const state = (await stores.botState.read([conversationKey()]))[conversationKey()] as { transcript: unknown[] };
    expect(state.transcript).toEqual([]);
  });

  it('deletes the conversation state on erasure rather than writing it back', async () => {
    await send('hi');
    await send('refer myself');
    await send('yes');
    await send('Sam');
    await send('delete my data');
    expect(await send('yes')).toEqual([MESSAGES['privacy.deleted']]);
    expect(await stores.botState.read([conversationKey(), `test/users/user1/`])).toEqual({});
    expect(turnError).toBeUndefined();
  });

  it('logs turns and referrals by id, channel and timing, never what anyone said', async () => {
    await send('hi');
    for (const step of REFERRAL_STEPS) await send(step.answer === 'no' && step.question === 'offerPerson.ask' ? 'talk to a person' : step.answer);
    await send('I want to kill myself');
    expect((await stores.referrals.list()).total).toBe(1);
    const text = logs.text();
    expect(text).toContain('"msg":"referral saved"');
    expect(text).toContain('"msg":"handoff queued"');
    for (const personal of ['Sam', '07700', '900123', 'BS16', 'bs161qy', '1961', 'Fishponds', 'grandchildren', 'lonely', 'kill myself']) expect(text).not.toContain(personal);
  });

  it('starts again at the welcome when saved state names a dialog this version no longer has', async () => {
    await send('hi');
    const key = conversationKey();
    const saved = (await stores.botState.read([key]))[key] as Record<string, unknown>;
    const stale = { ...saved, eTag: '*', DialogState: { dialogStack: [{ id: 'main', state: { dialogs: { dialogStack: [{ id: 'a-dialog-long-gone', state: {} }] } } }] } };
    await stores.botState.write({ [key]: stale });
    expect(await send('hello again')).toEqual([MESSAGES['welcome.question']]);
    expect(turnError).toBeUndefined();
    expect(await send('refer myself')).toContain(MESSAGES['consent.ask']);
  });
});
