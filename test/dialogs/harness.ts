/**
 * The MainDialog with the real recognizer, the real safety assessor and the real embedded store on disk, driven by
 * botbuilder-testing's DialogTestClient. `restart()` closes the store and opens it again from the same folder, as a
 * server restart would.
 */
import type { CheckInScheduler } from '../../src/services/safety/SafetyCheckIns';
import { rmSync } from 'node:fs';
import { ConversationState, type Activity, type TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { TranscriptRecorder } from '../../src/bots/TranscriptRecorder';
import { ConversationData } from '../../src/dialogs/conversationData';
import { MainDialog } from '../../src/dialogs/MainDialog';
import { handoffServiceOver } from '../helpers/handoffService';
import { markProactive } from '../../src/dialogs/proactiveEvents';
import type { ProactiveEvent } from '../../src/services/outcomes/proactiveTurns';
import { say, type MessageId } from '../../src/services/content/messages';
import { createRecognizer } from '../../src/services/nlu/createRecognizer';
import type { Recognizer } from '../../src/services/nlu/Recognizer';
import { personIds } from '../../src/services/privacy/personId';
import { createSafetyAssessor } from '../../src/services/safety/createSafetyAssessor';
import type { SafetyAssessor } from '../../src/services/safety/SafetyAssessor';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { tempDataDir } from '../helpers/tempDir';

export const TEST_SECRET = 'dialog-tests-secret-0123456789abcdef';
export const PERSON_IDS = personIds(TEST_SECRET);
/** DialogTestClient's TestAdapter talks as this user on this channel. */
export const TEST_CHANNEL = 'test';
export const TEST_USER = 'user1';
export const TEST_CONVERSATION = 'Convo1';
export const TEST_PERSON = PERSON_IDS(TEST_CHANNEL, TEST_USER);

let understanding: Promise<{ recognizer: Recognizer; safety: SafetyAssessor }> | undefined;

/** The real recognizer and safety assessor, built once per test file. */
export function realUnderstanding(): Promise<{ recognizer: Recognizer; safety: SafetyAssessor }> {
  understanding ??= Promise.all([createRecognizer({ nlu: { kind: 'local', minScore: 0.6 } }), createSafetyAssessor()]).then(([recognizer, safety]) => ({ recognizer, safety }));
  return understanding;
}

/** Link workers' hours in dialog tests: the TestClock's start (a Monday at 11am in London) is within them. */
export const TEST_HANDOFF_CONFIG = { openingHours: 'Mon-Fri 09:00-17:00 Europe/London', followUpDays: 42, firstReplyTargetMinutes: 15 };
/** What the first in the queue is told within opening hours (about 10 minutes each ahead, rounded up to 5). */
export const QUEUED = say('handoff.queued.soon', { position: 1, minutes: 10 });
export const QUEUED_URGENT = say('handoff.queuedUrgent.soon', { minutes: 10 });

/** A clock tests move by hand. */
export class TestClock {
  constructor(public current = new Date('2025-06-02T10:00:00Z')) {}
  readonly now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface HarnessOptions {
  clock?: TestClock;
  /** Another dialog under the signpost id (default: none, so people are told services cannot be shown). */
  signpost?: (stores: Stores) => Dialog;
  dataDir?: string;
  retentionDays?: number;
  /** Another recognizer in place of the real one (given the real one, e.g. to wrap it). */
  recognizer?: (real: Recognizer) => Recognizer;
  /** Where check-ins after an unanswered safety question are asked for. */
  checkIns?: CheckInScheduler;
}

export class DialogHarness {
  client!: DialogTestClient;
  stores!: Stores;
  data!: ConversationData;
  readonly dataDir: string;
  readonly clock: TestClock;
  private proactiveNext: ProactiveEvent | undefined;

  private constructor(private readonly options: HarnessOptions) {
    this.dataDir = options.dataDir ?? tempDataDir('signpost-dialogs-');
    this.clock = options.clock ?? new TestClock();
  }

  static async start(options: HarnessOptions = {}): Promise<DialogHarness> {
    const harness = new DialogHarness(options);
    await harness.open();
    return harness;
  }

  private async open(): Promise<void> {
    const { recognizer: real, safety } = await realUnderstanding();
    const recognizer = this.options.recognizer?.(real) ?? real;
    this.stores = await openEmbeddedStores({ dataDir: this.dataDir, retentionDays: this.options.retentionDays ?? 730 });
    const conversationState = new ConversationState(this.stores.botState);
    this.data = new ConversationData(conversationState, this.stores.recentTurns);
    const dialog = new MainDialog({
      recognizer,
      safety,
      stores: this.stores,
      handoffs: handoffServiceOver(this.stores, { now: this.clock.now }),
      config: { storage: { dataDir: this.dataDir, retentionDays: this.options.retentionDays ?? 730 }, referrals: { contactWithinWorkingDays: 5 }, handoff: TEST_HANDOFF_CONFIG },
      data: this.data,
      personIds: PERSON_IDS,
      signpost: this.options.signpost?.(this.stores),
      clock: this.clock.now,
      checkIns: this.options.checkIns,
    });
    // Turns Signpost starts itself are marked in turn state, as SignpostBot.runProactive does.
    const proactive = { onTurn: async (context: TurnContext, next: () => Promise<void>) => {
      const event = this.proactiveNext;
      this.proactiveNext = undefined;
      if (event) markProactive(context, event);
      await next();
    } };
    this.client = new DialogTestClient(TEST_CHANNEL, dialog, undefined, [proactive, new TranscriptRecorder(this.data, this.clock.now)], conversationState);
  }

  /** Sends a message (or any activity) and returns every reply. */
  async send(activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    const replies: Partial<Activity>[] = [];
    const first = (await this.client.sendActivity(activity)) as Partial<Activity> | undefined;
    if (first) replies.push(first);
    for (let next = this.client.getNextReply() as Partial<Activity> | undefined; next; next = this.client.getNextReply() as Partial<Activity> | undefined) replies.push(next);
    return replies;
  }

  /** A turn Signpost starts itself (after a closed chat, a follow-up due); returns the text of the messages sent. */
  async proactive(event: ProactiveEvent): Promise<string[]> {
    this.proactiveNext = event;
    return (await this.send({ type: 'event', name: 'continueConversation' })).filter((r) => r.type === 'message').map((r) => r.text ?? '');
  }

  /** Sends text and returns the text of every message in reply (events, such as handoff.initiate, left out). */
  async say(text: string): Promise<string[]> {
    return (await this.send(text)).filter((r) => r.type === 'message').map((r) => r.text ?? '');
  }

  /** Sends text and returns the replies joined into one string (for toContain checks). */
  async sayJoined(text: string): Promise<string> {
    return (await this.say(text)).join('\n');
  }

  /** Closes the store and opens it again from the same folder: a server restart. */
  async restart(): Promise<void> {
    await this.stores.close();
    await this.open();
  }

  async close(): Promise<void> {
    await this.stores.close();
    if (!this.options.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A re-prompt as the person sees it: what was wrong, then the question again. */
export function reprompt(error: MessageId, question: MessageId, values: Record<string, string | number> = {}): string {
  return `${say(error, values)}\n${say(question, values)}`;
}
