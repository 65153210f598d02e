/**
 * SignpostBot with the real MainDialog, recognizer, safety assessor, embedded store on disk and HandoffService, driven
 * by botbuilder's TestAdapter. Link workers reach the patient through the same adapter (continueConversation), so a
 * worker's words show up in `proactive`.
 */
import { rmSync } from 'node:fs';
import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, TurnContext, UserState, type Activity, type Storage, type StoreItems } from 'botbuilder';
import { SignpostBot } from '../../src/bots/SignpostBot';
import { ConversationData } from '../../src/dialogs/conversationData';
import { MainDialog } from '../../src/dialogs/MainDialog';
import { createLogger } from '../../src/logging';
import { HandoffService, type Worker } from '../../src/services/handoff/HandoffService';
import { parseOpeningHours } from '../../src/services/handoff/openingHours';
import { PatientChannels } from '../../src/services/handoff/PatientChannels';
import { OutcomeFollowUps } from '../../src/services/outcomes/OutcomeFollowUps';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { PERSON_IDS, realUnderstanding, TEST_HANDOFF_CONFIG, TestClock } from '../dialogs/harness';
import { LogCapture } from '../helpers/logCapture';
import { tempDataDir } from '../helpers/tempDir';

/** Bot state that fails while `failing` is set: a store that has gone away. */
export class FlakyStorage implements Storage {
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

export const SAM: Worker = { id: 'worker-sam', firstName: 'Sam', supervisor: false };

export class BotHarness {
  turnError: Error | undefined;
  /** Messages the patient received outside their own turns (a link worker's words, joined and closing messages). */
  readonly proactive: string[] = [];

  private constructor(
    readonly dir: string,
    readonly stores: Stores,
    readonly storage: FlakyStorage,
    readonly adapter: TestAdapter,
    readonly handoffs: HandoffService,
    readonly outcomes: OutcomeFollowUps,
    readonly logs: LogCapture,
    readonly clock: TestClock,
  ) {}

  static async start(): Promise<BotHarness> {
    const dir = tempDataDir('signpost-bot-');
    const stores = await openEmbeddedStores({ dataDir: dir, retentionDays: 730 });
    const storage = new FlakyStorage(stores.botState);
    const { recognizer, safety } = await realUnderstanding();
    const conversationState = new ConversationState(storage);
    const data = new ConversationData(conversationState, stores.recentTurns);
    const clock = new TestClock();
    const logs = new LogCapture();
    const logger = createLogger('debug', logs);
    const channels = new PatientChannels();
    const handoffs: HandoffService = new HandoffService({ queue: stores.handoffs, referrals: stores.referrals, channels, audit: stores.audit, logger, now: clock.now, afterClose: (handoff): Promise<void> => outcomes.handoffClosed(handoff) });
    const dialog = new MainDialog({
      recognizer, safety, data, logger, clock: clock.now, personIds: PERSON_IDS, handoffs,
      stores: { ...stores, botState: storage, erasePerson: (id) => stores.erasePerson(id), exportPerson: (id) => stores.exportPerson(id) },
      config: { storage: { dataDir: dir, retentionDays: 730 }, referrals: { contactWithinWorkingDays: 5 }, handoff: TEST_HANDOFF_CONFIG },
    });
    const bot: SignpostBot = new SignpostBot({ conversationState, userState: new UserState(storage), dialog, safety, data, relay: handoffs, logger, clock: clock.now });
    const outcomes: OutcomeFollowUps = new OutcomeFollowUps({
      referrals: stores.referrals,
      handoffs: stores.handoffs,
      turns: { start: (reference, event): Promise<void> => channels.continue(reference, (context) => bot.runProactive(context, event)) },
      // Texts that reach everyone and nobody opted out (no SMS channel here; the follow-up tests use the real one).
      texts: { enabled: true, optedOut: async () => false, conversationOf: async (phone) => ({ channelId: 'sms', conversation: { id: `sms-${phone}`, isGroup: false, conversationType: 'personal', name: '' } }) },
      openingHours: parseOpeningHours(TEST_HANDOFF_CONFIG.openingHours),
      logger,
      now: clock.now,
    });
    const ref: { harness?: BotHarness } = {};
    const adapter = new TestAdapter(async (context) => {
      try {
        await bot.run(context);
      } catch (error) {
        if (ref.harness) ref.harness.turnError = error as Error;
      }
    });
    // TestAdapter has no continueConversation of its own: a turn context from the reference, as the real ones make.
    channels.register(undefined, async (reference, logic) => {
      const context = new TurnContext(adapter, TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true));
      context.onSendActivities(async (_ctx, activities, next) => {
        for (const a of activities) if (a.type === ActivityTypes.Message) ref.harness?.proactive.push(a.text ?? '');
        return next();
      });
      await logic(context);
    });
    ref.harness = new BotHarness(dir, stores, storage, adapter, handoffs, outcomes, logs, clock);
    return ref.harness;
  }

  /** Sends a message (or any activity) and returns the text of the messages in reply. */
  async send(activity: string | Partial<Activity>): Promise<string[]> {
    return (await this.sendActivities(activity)).filter((a) => a.type === 'message').map((a) => a.text ?? '');
  }

  /** Sends a message (or any activity) and returns every activity in reply, events included. */
  async sendActivities(activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.receiveActivity(activity);
    return this.adapter.activeQueue.splice(0);
  }

  /** The recent turns kept for this conversation (the RecentTurns store). */
  recentTurns(): Promise<{ from: string; text: string }[]> {
    return this.stores.recentTurns.read({ channel: 'test', conversationId: this.adapter.conversation.conversation.id }, 400);
  }

  conversationKey(): string {
    return `test/conversations/${this.adapter.conversation.conversation.id}/`;
  }

  async close(): Promise<void> {
    await this.stores.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
