/**
 * Each dialog on its own in DialogTestClient (the MainDialog tests drive them together): welcome, needs, intake,
 * summary and handoff, with the real recognizer and the real embedded store.
 */
import { rmSync } from 'node:fs';
import { ConversationState, MemoryStorage, type Activity } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { ConversationData } from '../../src/dialogs/conversationData';
import { HandoffDialog } from '../../src/dialogs/HandoffDialog';
import { IntakeDialog } from '../../src/dialogs/IntakeDialog';
import { NeedsDialog } from '../../src/dialogs/NeedsDialog';
import { SummaryDialog } from '../../src/dialogs/SummaryDialog';
import { WelcomeDialog } from '../../src/dialogs/WelcomeDialog';
import { MESSAGES, say } from '../../src/services/content/messages';
import { parseOpeningHours } from '../../src/services/handoff/openingHours';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { tempDataDir } from '../helpers/tempDir';
import { newHandoff } from '../storage/records';
import { PERSON_IDS, realUnderstanding, TEST_PERSON, QUEUED_URGENT, TEST_HANDOFF_CONFIG, reprompt } from './harness';
import { handoffServiceOver } from '../helpers/handoffService';

class Client {
  readonly client: DialogTestClient;
  /** Replies that are not messages (the handoff.initiate event), in order. */
  readonly events: Partial<Activity>[] = [];
  private readonly activities: Partial<Activity>[] = [];
  constructor(dialog: Dialog, options?: unknown, state = new ConversationState(new MemoryStorage())) {
    this.client = new DialogTestClient('test', dialog, options, [], state);
  }
  async say(text: string | Partial<Activity>): Promise<string[]> {
    const replies: string[] = [];
    const first = (await this.client.sendActivity(text)) as Partial<Activity> | undefined;
    if (first) this.activities.push(first);
    for (let next = this.client.getNextReply() as Partial<Activity> | undefined; next; next = this.client.getNextReply() as Partial<Activity> | undefined) this.activities.push(next);
    for (const a of this.activities.splice(0)) {
      if (a.type === 'message') replies.push(a.text ?? '');
      else this.events.push(a);
    }
    return replies;
  }
  get result(): unknown {
    return this.client.dialogTurnResult.result;
  }
  get status(): string {
    return this.client.dialogTurnResult.status;
  }
}

describe('WelcomeDialog', () => {
  it('ends with the choice, taken from buttons, numbers or the person\'s own words', async () => {
    const { recognizer } = await realUnderstanding();
    for (const [reply, choice] of [['Refer myself', 'refer'], ['2', 'anonymous'], ['can I speak to a real person', 'person'], ['I just want to see what is out there', 'anonymous'], ['my GP said I should contact you', 'refer']] as const) {
      const c = new Client(new WelcomeDialog(recognizer));
      await c.say('hello');
      await c.say(reply);
      expect(c.status).toBe('complete');
      expect(c.result).toBe(choice);
    }
  });

  it('does not ask again when the very first message already chooses', async () => {
    const { recognizer } = await realUnderstanding();
    const c = new Client(new WelcomeDialog(recognizer));
    expect(await c.say("I'd like to refer myself please")).toEqual([MESSAGES['welcome.hello'], MESSAGES['welcome.notForEmergencies'], MESSAGES['welcome.ask']]);
    expect(c.result).toBe('refer');
    const greeted = new Client(new WelcomeDialog(recognizer));
    expect((await greeted.say('hello')).slice(-1)).toEqual([MESSAGES['welcome.question']]);
    expect(greeted.status).toBe('waiting');
  });

  it('answers a greeting with the question again, without counting it as a failed try', async () => {
    const { recognizer } = await realUnderstanding();
    const c = new Client(new WelcomeDialog(recognizer), { brief: true });
    expect(await c.say('hi')).toEqual([MESSAGES['welcome.question']]);
    expect(await c.say('hiya')).toEqual([MESSAGES['welcome.question']]);
    expect(await c.say('hello')).toEqual([MESSAGES['welcome.question']]);
    expect(await c.say('purple')).toEqual([reprompt('welcome.invalid', 'welcome.question')]);
  });
});

describe('NeedsDialog', () => {
  it('recognises needs in the person\'s words and ends with their ids once confirmed', async () => {
    const { recognizer } = await realUnderstanding();
    const c = new Client(new NeedsDialog(recognizer));
    expect(await c.say('start')).toEqual([MESSAGES['needs.ask']]);
    const confirm = await c.say('I look after my mum and I am exhausted, and I am worried about money');
    expect(confirm[0]).toMatch(/^It sounds like you would like help with: .*Support for carers/);
    await c.say('yes');
    expect(c.result).toEqual({ kind: 'answer', value: expect.arrayContaining(['carers', 'money']) });
  });

  it('ends with "back" when the person goes back from the first question', async () => {
    const { recognizer } = await realUnderstanding();
    const c = new Client(new NeedsDialog(recognizer));
    await c.say('start');
    await c.say('back');
    expect(c.result).toEqual({ kind: 'back' });
  });
});

describe('IntakeDialog and SummaryDialog', () => {
  it('asks only the fields it is given, keeping answers in the draft, and the summary reads them back', async () => {
    const { recognizer } = await realUnderstanding();
    const state = new ConversationState(new MemoryStorage());
    const data = new ConversationData(state);
    const intake = new Client(new IntakeDialog({ data, recognizer }), { fields: ['postcode', 'contactMethod', 'contactDetail'] }, state);
    expect(await intake.say('go')).toEqual([MESSAGES['intake.postcode.ask']]);
    await intake.say('s6 2le');
    expect(await intake.say('email')).toEqual([MESSAGES['intake.email.ask']]);
    await intake.say('sam@example.com');
    expect(intake.result).toEqual({ done: true });

    const summary = new Client(new SummaryDialog({ data, recognizer }), undefined, state);
    const shown = await summary.say('go');
    expect(shown[0]).toContain('Postcode: S6 2LE');
    expect(shown[0]).toContain('Contact: email to sam@example.com');
    expect(shown[0]).toContain('Name: not given');
    await summary.say('Yes, send it');
    expect(summary.result).toEqual({ confirmed: true });
  });
});

describe('HandoffDialog', () => {
  let stores: Stores;
  let dir: string;
  beforeEach(async () => {
    dir = tempDataDir();
    stores = await openEmbeddedStores({ dataDir: dir, retentionDays: 730 });
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues the chat with its conversation reference, priority and a summary, and says what happens next', async () => {
    const state = new ConversationState(new MemoryStorage());
    const data = new ConversationData(state, stores.recentTurns);
    const c = new Client(new HandoffDialog({ handoffs: handoffServiceOver(stores), data, personIds: PERSON_IDS, openingHours: parseOpeningHours(TEST_HANDOFF_CONFIG.openingHours), clock: () => new Date('2025-06-02T10:00:00Z') }), { reason: 'crisis', urgent: true, referralReference: 'SP-7K3Q9' }, state);
    expect(await c.say('please help')).toEqual([QUEUED_URGENT, MESSAGES['handoff.relay']]);
    const [handoff] = await stores.handoffs.list('waiting');
    expect(handoff).toMatchObject({ personId: TEST_PERSON, referralReference: 'SP-7K3Q9', priority: 'urgent', channel: 'test', status: 'waiting' });
    expect(handoff.summary).toBe('URGENT. Needs not known yet. Referral SP-7K3Q9.');
    expect(handoff.conversationReference).toMatchObject({ channelId: 'test', conversation: { id: 'Convo1' }, user: { id: 'user1' } });
    expect(c.result).toEqual({ handoffId: handoff.id });
    // Bot Framework's handoff initiation event, for channels that understand it.
    expect(c.events).toHaveLength(1);
    expect(c.events[0]).toMatchObject({ type: 'event', name: 'handoff.initiate', value: { handoffId: handoff.id, priority: 'urgent', reason: 'crisis' } });
  });

  it('out of hours says when someone will reply and where to get help before then', async () => {
    const data = new ConversationData(new ConversationState(new MemoryStorage()), stores.recentTurns);
    // Saturday 2pm in London: the team is back on Monday at 9am.
    const c = new Client(new HandoffDialog({ handoffs: handoffServiceOver(stores), data, personIds: PERSON_IDS, openingHours: parseOpeningHours(TEST_HANDOFF_CONFIG.openingHours), clock: () => new Date('2025-06-07T13:00:00Z') }), { reason: 'asked', urgent: false });
    expect(await c.say('can I talk to someone')).toEqual([say('handoff.queued.later', { when: 'on Monday at 9am' }), MESSAGES['handoff.outOfHours.help'], MESSAGES['handoff.relay']]);
  });

  it('counts the people ahead in the queue and the wait they make', async () => {
    const hours = parseOpeningHours(TEST_HANDOFF_CONFIG.openingHours);
    for (let i = 0; i < 2; i += 1) await stores.handoffs.enqueue(newHandoff());
    const data = new ConversationData(new ConversationState(new MemoryStorage()), stores.recentTurns);
    const third = new Client(new HandoffDialog({ handoffs: handoffServiceOver(stores), data, personIds: PERSON_IDS, openingHours: hours, clock: () => new Date('2025-06-02T10:00:00Z') }), { reason: 'asked', urgent: false });
    expect((await third.say('a person please'))[0]).toBe(say('handoff.queued.soon', { position: 3, minutes: 30 }));
  });

  it('asked again with urgency while one is open: says so and escalates it through HandoffService, with the note for the worker', async () => {
    const open = await stores.handoffs.enqueue(newHandoff({ conversationId: 'Convo1' }));
    const data = new ConversationData(new ConversationState(new MemoryStorage()), stores.recentTurns);
    const c = new Client(new HandoffDialog({ handoffs: handoffServiceOver(stores), data, personIds: PERSON_IDS, openingHours: parseOpeningHours(TEST_HANDOFF_CONFIG.openingHours) }), { reason: 'crisis', urgent: true });
    expect(await c.say('please, someone')).toEqual([MESSAGES['handoff.already']]);
    expect(c.result).toEqual({ handoffId: open.id });
    const now = await stores.handoffs.get(open.id);
    expect(now?.priority).toBe('urgent');
    expect(now?.transcript.filter((t) => t.from === 'system').map((t) => t.text)).toEqual([MESSAGES['handoff.summary.escalated']]);
    expect(await stores.handoffs.list('waiting')).toHaveLength(1);
  });

  it('tells the person honestly when the queue cannot be reached', async () => {
    const data = new ConversationData(new ConversationState(new MemoryStorage()), stores.recentTurns);
    // The queue's store has gone away: every call fails.
    const down = new Proxy(stores.handoffs, { get: () => async () => Promise.reject(new Error('store unavailable')) });
    const c = new Client(new HandoffDialog({ handoffs: handoffServiceOver({ ...stores, handoffs: down }), data, personIds: PERSON_IDS, openingHours: parseOpeningHours(TEST_HANDOFF_CONFIG.openingHours) }), { reason: 'asked', urgent: false });
    expect(await c.say('talk to someone')).toEqual([MESSAGES['handoff.failed']]);
    expect(c.result).toEqual({ handoffId: undefined });
  });
});
