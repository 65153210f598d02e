/**
 * Signpost's own Direct Line: conversations, their ordered activity logs, and turns through the app's CloudAdapter
 * and bot like every other channel. A user's activity is first written to the log (the echo Web Chat waits for,
 * which gives it its id), then the turn runs; whatever the bot sends during the turn, or later through
 * continueConversation (a link worker's reply), is appended after it. Turns of one conversation run one at a time.
 * Listeners (open WebSockets) hear of every activity as it is appended. When the log cannot be written (the store is
 * down), the turn still runs and what the bot sends goes live to open streams, without a watermark (like typing), so
 * a crisis answer, and the error handler's apology, reach the person.
 */
import { randomUUID } from 'node:crypto';
import type { Activity, ChannelAccount, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { ActivityEx } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type AuthenticateRequestResult } from 'botframework-connector';
import type { Logger } from '../../logging';
import { activityId, botActivityForLog, delivered } from './activityLog';
import { DirectLineConnectorFactory } from './connector';
import { ConversationNotFoundError, type DirectLineConversation, type DirectLineStore } from '../../services/directline/DirectLineStore';
import { DIRECT_LINE_CHANNEL_ID, userActivityFrom } from './incomingActivity';
import { KeyedQueue } from './KeyedQueue';
import { channelShouldForget } from '../../dialogs/turn';

/**
 * The user id of a conversation whose person asked for their data to be deleted: what is left of it is a tombstone
 * (id and date, no activities), so its token can no longer post, refresh or start it again.
 */
export const ERASED_USER_ID = 'erased';
/** How long the confirmation of an erasure stays readable (in memory only) for a client that polls. */
export const ERASED_REPLIES_MS = 10 * 60_000;

export function isErased(conversation: DirectLineConversation): boolean {
  return conversation.userId === ERASED_USER_ID;
}

/** One activity as it reaches listeners; typing has no watermark (it is delivered live, never stored). */
export interface Delivery {
  watermark?: number;
  activity: Partial<Activity>;
}
export type DeliveryListener = (delivery: Delivery) => void;

export interface ActivityPage {
  activities: Partial<Activity>[];
  /** Each activity's own watermark, in the same order. */
  watermarks: number[];
  /** The watermark of the last activity returned, or the one asked for when there was nothing new. */
  watermark: number;
}

export interface DirectLineServiceOptions {
  store: DirectLineStore;
  /** The app's adapter: Direct Line turns run through it like any other channel's. */
  adapter: CloudAdapter;
  runTurn(context: TurnContext): Promise<void>;
  bot: ChannelAccount;
  /** Bot identity for the turn's claims; empty for local use. */
  appId: string;
  /** What activities carry as serviceUrl (this server's Direct Line base). */
  serviceUrl: string;
  logger: Logger;
  /** A conversation ends this long after its last activity (CONVERSATION_LIFETIME_MS unless a test shortens it). */
  lifetimeMs?: number;
  now?: () => number;
  /** Turns, one at a time per conversation: shared with proactive turns (app.ts); a queue of its own otherwise. */
  turns?: KeyedQueue;
}

/**
 * The absolute lifetime of a web chat: 24 hours after its last activity it has ended, whatever tokens its client
 * holds (they can no longer be refreshed, nor read or post). Retention removes it later.
 */
export const CONVERSATION_LIFETIME_MS = 24 * 60 * 60_000;

export class InvalidActivityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidActivityError';
  }
}

/** Thrown when one conversation already has this many messages waiting for their turn (a client flooding it). */
export class ConversationBusyError extends Error {
  constructor() {
    super('Too many messages at once in this conversation');
    this.name = 'ConversationBusyError';
  }
}

export const PAGE_LIMIT = 100;
/** Messages of one conversation that may wait for their turn at once; more are refused (429) rather than queued. */
export const MAX_WAITING_TURNS = 20;

export class DirectLineService {
  private readonly turns: KeyedQueue;
  /** Appends of one conversation, one at a time: a watermark is only announced once every lower one is stored. */
  private readonly appends = new KeyedQueue();
  private readonly listeners = new Map<string, Set<DeliveryListener>>();
  /** The replies of an erasing turn (the confirmation), by conversation, kept in memory for a while. */
  private readonly erasedReplies = new Map<string, ActivityPage>();
  private readonly connectorFactory = new DirectLineConnectorFactory({ deliverFromBot: (conversationId, activity) => this.deliverFromBot(conversationId, activity) });

  constructor(private readonly options: DirectLineServiceOptions) {
    this.turns = options.turns ?? new KeyedQueue();
  }

  getConversation(id: string): Promise<DirectLineConversation | undefined> {
    return this.options.store.getConversation(id);
  }

  /** True when the conversation has been idle past its lifetime (see CONVERSATION_LIFETIME_MS). */
  hasLapsed(conversation: DirectLineConversation): boolean {
    const last = conversation.lastActivityAt ?? conversation.createdAt;
    return (this.options.now ?? Date.now)() - last.getTime() > (this.options.lifetimeMs ?? CONVERSATION_LIFETIME_MS);
  }

  /**
   * Starts a conversation (idempotent): stores it and tells the bot the user joined, so the greeting is in the log
   * before the client first reads it. Returns the conversation, new or existing.
   */
  async startConversation(id: string, userId: string, locale?: string): Promise<DirectLineConversation> {
    return this.turns.run(id, async () => {
      const existing = await this.options.store.getConversation(id);
      if (existing) return existing;
      const conversation: DirectLineConversation = { id, userId, locale, createdAt: new Date() };
      if (!(await this.options.store.createConversation(conversation))) return (await this.options.store.getConversation(id)) ?? conversation;
      const joined: Partial<Activity> = {
        ...this.envelope(conversation),
        type: 'conversationUpdate',
        id: `${id}|joined`,
        membersAdded: [{ id: userId, role: 'user' } as ChannelAccount],
      };
      await this.turn(joined);
      this.options.logger.info({ channel: DIRECT_LINE_CHANNEL_ID, conversation: id }, 'direct line conversation started');
      return conversation;
    });
  }

  /**
   * A user's activity: checked, echoed into the log (which gives its id), then the turn runs. Resolves with the id
   * once the turn is over, so its replies are in the log by then. Typing is passed to listeners only.
   */
  async postActivity(conversation: DirectLineConversation, body: unknown): Promise<string> {
    const check = userActivityFrom(body, { conversationId: conversation.id, userId: conversation.userId, bot: this.options.bot, serviceUrl: this.options.serviceUrl, locale: conversation.locale });
    if (check.problem !== undefined) throw new InvalidActivityError(check.problem);
    const activity = check.activity;
    if (activity.type === 'typing') {
      this.notify(conversation.id, { activity });
      return '';
    }
    if (isErased(conversation) || this.hasLapsed(conversation)) throw new ConversationNotFoundError(conversation.id);
    if (this.turns.pending(conversation.id) >= MAX_WAITING_TURNS) throw new ConversationBusyError();
    return this.turns.run(conversation.id, async () => {
      // The conversation may have been erased meanwhile (a tombstone); when the store cannot say, the token's
      // conversation stands and the turn still runs: safety answers first, and its answer reaches the open page live.
      let current: DirectLineConversation | undefined = conversation;
      try {
        current = await this.options.store.getConversation(conversation.id);
      } catch (error) {
        this.options.logger.error({ err: error, channel: DIRECT_LINE_CHANNEL_ID, conversation: conversation.id }, 'direct line store unavailable: running the turn from the token');
      }
      if (!current || isErased(current)) throw new ConversationNotFoundError(conversation.id);
      const { id, watermark } = await this.appendOrDeliverLive(conversation.id, activity);
      if ((await this.turn({ ...activity, id })) && watermark !== undefined) await this.forget(conversation.id, watermark);
      return id;
    });
  }

  /**
   * After a turn in which the person asked for their data to be deleted: the conversation and every activity go; a
   * tombstone keeps the id (its token can do nothing more), and the turn's replies (the confirmation, already
   * delivered to open streams) stay readable in memory for ERASED_REPLIES_MS, for a client that polls.
   */
  private async forget(conversationId: string, watermark: number): Promise<void> {
    const replies = await this.activitiesAfter(conversationId, watermark);
    await this.options.store.deleteConversation(conversationId);
    await this.options.store.createConversation({ id: conversationId, userId: ERASED_USER_ID, createdAt: new Date() });
    this.erasedReplies.set(conversationId, replies);
    setTimeout(() => this.erasedReplies.delete(conversationId), ERASED_REPLIES_MS).unref();
    this.options.logger.info({ channel: DIRECT_LINE_CHANNEL_ID, conversation: conversationId }, 'direct line conversation erased');
  }

  async activitiesAfter(conversationId: string, watermark: number, limit = PAGE_LIMIT): Promise<ActivityPage> {
    const erased = this.erasedReplies.get(conversationId);
    if (erased) {
      const after = erased.watermarks.map((w, i) => [w, i] as const).filter(([w]) => w > watermark).slice(0, limit);
      return { activities: after.map(([, i]) => erased.activities[i]), watermarks: after.map(([w]) => w), watermark: after.length > 0 ? after[after.length - 1][0] : watermark };
    }
    const stored = await this.options.store.activitiesAfter(conversationId, watermark, limit);
    return {
      activities: stored.map((s) => delivered(conversationId, s)),
      watermarks: stored.map((s) => s.watermark),
      watermark: stored.length > 0 ? stored[stored.length - 1].watermark : watermark,
    };
  }

  /** Hears every activity appended to the conversation from now on; returns the way to stop. */
  subscribe(conversationId: string, listener: DeliveryListener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(conversationId) === set) this.listeners.delete(conversationId);
    };
  }

  /**
   * Proactive messages (a link worker's reply, a closing message): runs `logic` in a turn of the referenced
   * conversation; what it sends is appended to the log and reaches the patient's open page.
   */
  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId || !(await this.options.store.getConversation(conversationId))) throw new ConversationNotFoundError(conversationId ?? '(none)');
    const continuation = ActivityEx.getContinuationActivity({ ...reference, channelId: DIRECT_LINE_CHANNEL_ID, serviceUrl: this.options.serviceUrl });
    await this.options.adapter.processActivityDirect(this.authentication(), continuation as Activity, logic);
  }

  private async deliverFromBot(conversationId: string, activity: Partial<Activity>): Promise<string> {
    const logged = botActivityForLog(activity);
    // A proactive message (a link worker's reply) answers the continuation event, whose id is made up and never in
    // the log: Web Chat would hold a message replying to an activity it has not seen (about 5 s). Only ids of this
    // conversation's log are kept.
    if (logged.replyToId !== undefined && !logged.replyToId.startsWith(`${conversationId}|`)) delete logged.replyToId;
    if (logged.type === 'typing') {
      this.notify(conversationId, { activity: logged });
      return '';
    }
    return (await this.appendOrDeliverLive(conversationId, logged)).id;
  }

  /**
   * Appends to the log and returns the activity's id. When the store cannot be written, the activity still reaches
   * the open page live (without a watermark, as typing does: a page that reconnects later will not see it again), so
   * a crisis answer is never lost to a storage fault.
   */
  private async appendOrDeliverLive(conversationId: string, activity: Partial<Activity>): Promise<{ id: string; watermark?: number }> {
    try {
      const watermark = await this.append(conversationId, activity);
      return { id: activityId(conversationId, watermark), watermark };
    } catch (error) {
      const id = `${conversationId}|live-${randomUUID()}`;
      this.options.logger.error({ err: error, channel: DIRECT_LINE_CHANNEL_ID, conversation: conversationId }, 'direct line log unavailable: delivering live only');
      this.notify(conversationId, { activity: { ...(JSON.parse(JSON.stringify(activity)) as Partial<Activity>), id } });
      return { id };
    }
  }

  private async append(conversationId: string, activity: Partial<Activity>): Promise<number> {
    const toStore = JSON.parse(JSON.stringify(activity)) as Partial<Activity>;
    return this.appends.run(conversationId, async () => {
      const watermark = await this.options.store.appendActivity(conversationId, toStore);
      this.notify(conversationId, { watermark, activity: delivered(conversationId, { watermark, activity: toStore }) });
      return watermark;
    });
  }

  private notify(conversationId: string, delivery: Delivery): void {
    for (const listener of this.listeners.get(conversationId) ?? []) {
      try {
        listener(delivery);
      } catch (error) {
        this.options.logger.warn({ err: error, conversation: conversationId }, 'direct line listener failed');
      }
    }
  }

  /** Runs a turn; true when the person's data was erased in it. */
  private async turn(activity: Partial<Activity>): Promise<boolean> {
    let erased = false;
    await this.options.adapter.processActivityDirect(this.authentication(), activity as Activity, async (context) => {
      await this.options.runTurn(context);
      erased = channelShouldForget(context);
    });
    return erased;
  }

  /** This channel is the caller: trusted in process, so the turn's identity is the bot's own. */
  private authentication(): AuthenticateRequestResult {
    const { appId } = this.options;
    const claims = [
      { type: AuthenticationConstants.AudienceClaim, value: appId },
      { type: AuthenticationConstants.AppIdClaim, value: appId },
    ];
    return { claimsIdentity: new ClaimsIdentity(claims, true), audience: AuthenticationConstants.ToChannelFromBotOAuthScope, connectorFactory: this.connectorFactory };
  }

  private envelope(conversation: DirectLineConversation): Partial<Activity> {
    return {
      channelId: DIRECT_LINE_CHANNEL_ID,
      serviceUrl: this.options.serviceUrl,
      conversation: { id: conversation.id } as Activity['conversation'],
      from: { id: conversation.userId, role: 'user' } as ChannelAccount,
      recipient: this.options.bot,
      locale: conversation.locale,
      timestamp: new Date(),
    };
  }
}
