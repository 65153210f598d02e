import { ActivityHandler, ActivityTypes, TurnContext, type Activity, type ConversationState, type StatePropertyAccessor, type UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { ConversationData } from '../dialogs/conversationData';
import type { MainDialog } from '../dialogs/MainDialog';
import { markProactive, proactiveEventOf } from '../dialogs/proactiveEvents';
import type { ProactiveEvent } from '../services/outcomes/proactiveTurns';
import { answerSafety, safetyMessages } from '../dialogs/safetyMessages';
import { assessTurn, firstMessageFollows, turnText, wasErased } from '../dialogs/turn';
import { exactCommand } from '../dialogs/prompts/commands';
import type { Logger } from '../logging';
import { say } from '../services/content/messages';
import type { Handoff } from '../services/handoff/Handoff';
import type { UrgentHandoffRetry } from '../services/handoff/UrgentHandoffRetry';
import type { RiskKind, SafetyAssessor, SafetyVerdict } from '../services/safety/SafetyAssessor';
import { isHeightened } from '../dialogs/MainDialog';
import { StateProperty } from '../dialogs/stateProperty';
import { nationOfPostcode, type Nation } from '../services/geography/nation';
import { TranscriptRecorder } from './TranscriptRecorder';


/** Where a handed-off patient's words go (HandoffService). */
export interface PatientRelay {
  openHandoffFor(conversationId: string): Promise<Handoff | null>;
  /** The handoff, `limited` when the message was over the conversation's hourly limit and not passed on. */
  recordPatientMessage(conversationId: string, text: string, options?: { crisis?: boolean; risk?: RiskKind[] }): Promise<(Handoff & { limited?: boolean }) | null>;
  recordBotMessages(handoffId: string, texts: string[]): Promise<void>;
}

export interface SignpostBotDependencies {
  conversationState: ConversationState;
  userState: UserState;
  dialog: MainDialog;
  safety: SafetyAssessor;
  data: ConversationData;
  relay: PatientRelay;
  logger: Logger;
  clock?: () => Date;
  /** Crisis words in a turn that failed on storage: an urgent handoff is queued once it returns. */
  urgentRetry?: Pick<UrgentHandoffRetry, 'add'>;
}

/**
 * Routes turns. Safety first: every message is assessed before anything else, and crisis or check words are answered
 * before routing, in every state. Then, while the conversation is handed off, the person's words go to the link
 * worker (crisis words make the handoff urgent): once a worker has picked it up, only to them; while it waits, a
 * self-referral in progress carries on beside it (the worker sees both sides). Otherwise new members are welcomed and
 * messages go to the MainDialog. Keeps the recent turns for a link worker, and saves state after every turn (or
 * deletes it, when the person asked for erasure).
 */
export class SignpostBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly transcript: TranscriptRecorder;

  constructor(private readonly deps: SignpostBotDependencies) {
    super();
    this.dialogState = new StateProperty<DialogState>(deps.conversationState, 'dialogState');
    this.transcript = new TranscriptRecorder(deps.data, deps.clock);

    this.onMembersAdded(async (context, next) => {
      const joined = context.activity.membersAdded ?? [];
      // A join whose first message follows at once (a text): the message begins the conversation, not the join.
      const welcomeOnJoin = !firstMessageFollows(context.activity);
      if (welcomeOnJoin && joined.some((m) => m.id !== context.activity.recipient?.id)) await this.deps.dialog.run(context, this.dialogState);
      await next();
    });

    this.onEvent(async (context, next) => {
      if (proactiveEventOf(context)) await this.deps.dialog.run(context, this.dialogState);
      await next();
    });
  }

  /**
   * A turn Signpost starts itself in a conversation continued from its reference (the context a channel's
   * continueConversation gives): after a link worker closed the chat, or when a follow-up is due.
   */
  async runProactive(context: TurnContext, event: ProactiveEvent): Promise<void> {
    markProactive(context, event);
    await this.run(context);
  }

  /** One turn: route, then save state. Logs ids, channel and timing only, never what was said. */
  override async run(context: TurnContext): Promise<void> {
    const started = performance.now();
    await this.transcript.attach(context);
    // Safety first: before any routing, so crisis words are answered even when the store is down (then without what
    // the conversation knows: whether it is heightened, the person's nation).
    let routed = false;
    let verdict: SafetyVerdict | undefined;
    try {
      if (context.activity.type === ActivityTypes.Message) {
        const known = await this.safetyContext(context);
        verdict = await assessTurn(context, this.deps.safety, { heightened: known.heightened });
        await answerSafety(context, verdict, known.nation);
        routed = await this.routeToHandoff(context, verdict);
      }
      // Messages go straight to the dialogs: ActivityHandler's dispatch of a message (its Turn, Message and Dialog
      // handlers, none of which Signpost registers) is thirteen of botbuilder-core's generator-based async calls a turn.
      // Other activities (members added, events) go through its handlers, registered above.
      if (!routed) await (context.activity.type === ActivityTypes.Message ? this.deps.dialog.run(context, this.dialogState) : super.run(context));
    } catch (error) {
      // The crisis answer went out; if the rest of the turn failed (storage down), a person must still check in.
      if (verdict?.level === 'crisis') this.deps.urgentRetry?.add(TurnContext.getConversationReference(context.activity), verdict.categories, turnText(context).trim());
      throw error;
    }
    try {
      await this.transcript.flush(context);
    } catch (error) {
      // The recent turns are a convenience for link workers: the turn's state is still saved.
      this.deps.logger.warn({ err: error, channel: context.activity.channelId }, 'could not keep the recent turns');
    }
    if (wasErased(context)) {
      await this.deps.conversationState.delete(context);
      await this.deps.userState.delete(context);
    } else {
      await this.deps.conversationState.saveChanges(context, false);
      await this.deps.userState.saveChanges(context, false);
    }
    const { channelId, type, conversation } = context.activity;
    this.deps.logger.info({ channel: channelId, activityType: type, conversation: conversation?.id, ...(routed ? { relayed: true } : {}), ms: Math.round(performance.now() - started) }, 'turn');
  }

  /** What safety may know of the conversation (heightened after crisis words; the nation, for abuse helplines). */
  private async safetyContext(context: TurnContext): Promise<{ heightened: boolean; nation?: Nation }> {
    try {
      const [session, draft] = await Promise.all([this.deps.data.getSession(context), this.deps.data.getDraft(context)]);
      return { heightened: isHeightened(session), nation: nationOfPostcode(draft.postcode) };
    } catch (error) {
      this.deps.logger.warn({ err: error, channel: context.activity.channelId }, 'conversation state unavailable: safety answers without it');
      return { heightened: false };
    }
  }

  /**
   * While the conversation is handed off: records the message for the link worker and returns true when the turn is
   * theirs alone. Returns false (the dialogs answer) when not handed off, or when it still waits and a dialog is
   * running; then what the bot says this turn is recorded for the worker too.
   */
  private async routeToHandoff(context: TurnContext, verdict: SafetyVerdict): Promise<boolean> {
    const session = await this.deps.data.getSession(context);
    const text = turnText(context).trim();
    // "Delete my data" and the answer to its question are the bot's to handle, whoever holds the conversation: the
    // erasure closes the handoff (telling the worker) instead of the words going to them.
    if (session.pending?.question === 'confirmDelete' || exactCommand(text) === 'deleteMyData') return false;
    // A sign of risk while handed off is the worker's to ask about: the handoff becomes urgent, the person gets the numbers.
    // Whether the conversation is handed off is the queue's to say (HandoffService owns it): no copy in bot state.
    const risk = verdict.level === 'crisis' || verdict.level === 'ask';
    let handoff: (Handoff & { limited?: boolean }) | null;
    try {
      handoff = text === '' ? await this.deps.relay.openHandoffFor(context.activity.conversation.id) : await this.deps.relay.recordPatientMessage(context.activity.conversation.id, text, { crisis: risk, risk: verdict.categories });
    } catch (error) {
      // The queue cannot be read (storage down): the dialogs answer as they can (and say so), safety has answered.
      this.deps.logger.warn({ err: error, channel: context.activity.channelId }, 'handoff queue unavailable: the dialogs answer this turn');
      return false;
    }
    if (!handoff) {
      if (session.relayAckedFor !== undefined) session.relayAckedFor = undefined;
      return false;
    }
    if ('limited' in handoff && handoff.limited) {
      await context.sendActivity(say('handoff.slowDown'));
      return true;
    }
    if (handoff.status === 'waiting' && (await this.dialogRunning(context))) {
      this.recordBotReplies(context, handoff.id);
      return false;
    }
    if (verdict.level === 'ask') await context.sendActivity(say('safety.checkNumbers'));
    // The worker sees what the bot told the person this turn (the crisis numbers), not only what the person wrote.
    const safetyWords = [...safetyMessages(verdict), ...(verdict.level === 'ask' ? (['safety.checkNumbers'] as const) : [])].map((id) => say(id));
    if (safetyWords.length > 0) await this.deps.relay.recordBotMessages(handoff.id, safetyWords);
    if (text === '') await context.sendActivity(say('input.attachment'));
    else if (handoff.status === 'waiting' && session.relayAckedFor !== handoff.id) {
      session.relayAckedFor = handoff.id;
      await context.sendActivity(say('handoff.relayed'));
    }
    return true;
  }


  private async dialogRunning(context: TurnContext): Promise<boolean> {
    const state = await this.dialogState.get(context);
    return (state?.dialogStack?.length ?? 0) > 0;
  }

  /** The bot's words this turn, added to the handoff once they are sent. */
  private recordBotReplies(context: TurnContext, handoffId: string): void {
    context.onSendActivities(async (_ctx, activities: Partial<Activity>[], send) => {
      const responses = await send();
      const texts = activities.filter((a) => a.type === ActivityTypes.Message && typeof a.text === 'string' && a.text !== '').map((a) => a.text as string);
      if (texts.length > 0) {
        await this.deps.relay.recordBotMessages(handoffId, texts).catch((error: unknown) => this.deps.logger.warn({ err: error, handoff: handoffId }, 'could not add the bot replies to the handoff'));
      }
      return responses;
    });
  }
}
