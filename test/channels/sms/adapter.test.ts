/** SmsAdapter on its own: a small bot, the real embedded store, texts read back from the outbox. */
import { rmSync } from 'node:fs';
import { MessageFactory, type TurnContext } from 'botbuilder';
import { SmsAdapter } from '../../../src/channels/sms/SmsAdapter';
import { PatientOptedOutError } from '../../../src/services/handoff/PatientChannels';
import { defaultOnBehalfLimits, SmsDispatcher } from '../../../src/channels/sms/SmsDispatcher';
import { SMS_CHANNEL_ID, smsConversationId } from '../../../src/channels/sms/identity';
import { createLogger } from '../../../src/logging';
import { RateLimiter } from '../../../src/services/sms/RateLimiter';
import { openEmbeddedStores } from '../../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../../src/storage/Stores';
import { LogCapture } from '../../helpers/logCapture';
import { tempDataDir } from '../../helpers/tempDir';

const SECRET = 's'.repeat(40);
const PHONE = '+447700900801';
const CONVERSATION = smsConversationId(SECRET, PHONE);

describe('SmsAdapter', () => {
  let dataDir: string;
  let stores: Stores;
  let adapter: SmsAdapter;
  const heard: { text?: string; value?: unknown }[] = [];

  /** Offers options on "menu", says something plain on "plain", and records what it hears. */
  const bot = async (context: TurnContext): Promise<void> => {
    if (context.activity.type !== 'message') return;
    heard.push({ text: context.activity.text, value: context.activity.value });
    if (context.activity.text === 'menu') {
      await context.sendActivity(MessageFactory.suggestedActions([{ type: 'imBack', title: 'Apples', value: 'apples' }, { type: 'postBack', title: 'Pears', value: { fruit: 'pears' } }], 'Pick one'));
      await context.sendActivity('You can also say stop.');
    } else {
      await context.sendActivity(`You said ${context.activity.text}`);
    }
  };

  const text = (body: string, id = `SM${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`) =>
    adapter.processActivity({ type: 'message', id, channelId: SMS_CHANNEL_ID, conversation: { id: CONVERSATION, isGroup: false, conversationType: 'personal', name: '' }, from: { id: CONVERSATION, name: '' }, recipient: { id: 'bot', name: 'bot' }, text: body }, bot);

  const sentBodies = async (): Promise<string[]> => (await stores.smsOutbox.listByConversation(CONVERSATION)).map((m) => m.body);

  beforeEach(async () => {
    heard.length = 0;
    dataDir = tempDataDir('signpost-sms-adapter-');
    stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    const logger = createLogger('info', new LogCapture());
    const dispatcher = new SmsDispatcher({ outbox: stores.smsOutbox, contacts: stores.smsContacts, secret: SECRET, perNumber: new RateLimiter(1000, 3_600_000), logger, enabled: true, onBehalf: defaultOnBehalfLimits((limit, ms) => new RateLimiter(limit, ms)) });
    adapter = new SmsAdapter({ dispatcher, contacts: stores.smsContacts, logger });
    await stores.smsContacts.seen(PHONE, CONVERSATION, new Date());
  });

  afterEach(async () => {
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('queues a turn\'s texts in order, answering the incoming text, once the turn is over', async () => {
    await text('menu', 'SM11111111111111111111111111111111');
    // Consecutive short replies go as one text (issue 21), within one segment.
    expect(await sentBodies()).toEqual(['Pick one\n1 Apples\n2 Pears\nReply 1 or 2.\nYou can also say stop.']);
    expect((await stores.smsOutbox.repliesTo('SM11111111111111111111111111111111')).map((m) => m.status)).toEqual(['queued']);
  });

  it('takes a reply of a number as the option it names (text, and value for postBack)', async () => {
    await text('menu');
    await text('1');
    await text('menu');
    await text(' 2 ');
    expect(heard.slice(1)).toEqual([{ text: 'apples', value: undefined }, { text: 'menu', value: undefined }, { text: 'Pears', value: { fruit: 'pears' } }]);
  });

  it('forgets the options once a turn offers none, so a later "1" is just "1"', async () => {
    await text('menu');
    await text('hello');
    await text('1');
    expect(heard.at(-1)).toEqual({ text: '1', value: undefined });
    expect((await stores.smsContacts.byPhone(PHONE))?.choices).toEqual([]);
  });

  it('continues a conversation proactively from its reference, and once opted out sends nothing and says so', async () => {
    const reference = { channelId: SMS_CHANNEL_ID, conversation: { id: CONVERSATION, isGroup: false, conversationType: 'personal', name: '' } };
    await adapter.continueConversation(reference, async (context) => {
      expect(context.activity.channelId).toBe(SMS_CHANNEL_ID);
      await context.sendActivity('From your link worker');
    });
    await adapter.continueConversationAsync('', reference, async (context) => void (await context.sendActivity('Second')));
    expect(await sentBodies()).toEqual(['From your link worker', 'Second']);
    await stores.smsContacts.setOptedOut(PHONE, CONVERSATION, true, new Date(), 'STOP');
    await expect(adapter.continueConversation(reference, async (context) => void (await context.sendActivity('Not sent')))).rejects.toThrow(PatientOptedOutError);
    expect(await sentBodies()).toEqual(['From your link worker', 'Second']);
  });

  it('queues what was said before a turn failed, then lets the error through (onTurnError unset)', async () => {
    await expect(
      adapter.processActivity({ type: 'message', id: 'SM22222222222222222222222222222222', conversation: { id: CONVERSATION, isGroup: false, conversationType: 'personal', name: '' }, text: 'x' }, async (context) => {
        await context.sendActivity('Before the fault');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await sentBodies()).toEqual(['Before the fault']);
  });

  it('has no SMS form for typing, events or traces, and cannot change or delete a sent text', async () => {
    await adapter.continueConversation({ channelId: SMS_CHANNEL_ID, conversation: { id: CONVERSATION, isGroup: false, conversationType: 'personal', name: '' } }, async (context) => {
      await context.sendActivities([{ type: 'typing' }, { type: 'event', name: 'handoff.initiate' }, { type: 'trace' }]);
      await expect(context.updateActivity({ id: 'x', text: 'new' })).rejects.toThrow(/cannot be changed/);
      await expect(context.deleteActivity('x')).rejects.toThrow(/cannot be deleted/);
    });
    expect(await sentBodies()).toEqual([]);
  });
});
