import { ActivityHandler, ActivityTypes, type ConversationState, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { ConversationData } from '../dialogs/conversationData';
import type { MainDialog } from '../dialogs/MainDialog';
import { answerSafety } from '../dialogs/safetyMessages';
import { assessTurn, wasErased } from '../dialogs/turn';
import type { Logger } from '../logging';
import type { SafetyAssessor } from '../services/safety/SafetyAssessor';
import { TranscriptRecorder } from './TranscriptRecorder';

/** The Bot Framework channel id of text messages (Signpost's Twilio channel and Azure's). */
const SMS_CHANNEL = 'sms';

export interface SignpostBotDependencies {
  conversationState: ConversationState;
  userState: UserState;
  dialog: MainDialog;
  safety: SafetyAssessor;
  data: ConversationData;
  logger: Logger;
  clock?: () => Date;
}

/**
 * Routes turns. Safety first: every message is assessed before anything else, and crisis or check words are answered
 * before routing, in every state. Then new members are welcomed and messages go to the MainDialog. Keeps the recent
 * turns for a link worker, and saves state after every turn (or deletes it, when the person asked for erasure).
 */
export class SignpostBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly transcript: TranscriptRecorder;

  constructor(private readonly deps: SignpostBotDependencies) {
    super();
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.transcript = new TranscriptRecorder(deps.data, deps.clock);

    this.onMembersAdded(async (context, next) => {
      const joined = context.activity.membersAdded ?? [];
      // By SMS the first text arrives with the join: it begins the conversation (and may already say what they want).
      const welcomeOnJoin = context.activity.channelId !== SMS_CHANNEL;
      if (welcomeOnJoin && joined.some((m) => m.id !== context.activity.recipient?.id)) await this.deps.dialog.run(context, this.dialogState);
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.deps.dialog.run(context, this.dialogState);
      await next();
    });
  }

  /** One turn: route, then save state. Logs ids, channel and timing only, never what was said. */
  override async run(context: TurnContext): Promise<void> {
    const started = performance.now();
    await this.transcript.attach(context);
    // Safety first: before any routing or state, so crisis words are answered even when the store is down.
    if (context.activity.type === ActivityTypes.Message) await answerSafety(context, await assessTurn(context, this.deps.safety));
    await super.run(context);
    if (wasErased(context)) {
      await this.deps.conversationState.delete(context);
      await this.deps.userState.delete(context);
    } else {
      await this.deps.conversationState.saveChanges(context, false);
      await this.deps.userState.saveChanges(context, false);
    }
    const { channelId, type, conversation } = context.activity;
    this.deps.logger.info({ channel: channelId, activityType: type, conversation: conversation?.id, ms: Math.round(performance.now() - started) }, 'turn');
  }
}
