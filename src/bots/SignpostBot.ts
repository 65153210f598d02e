import { ActivityHandler, type ConversationState, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../dialogs/MainDialog';
import { say } from '../services/content/messages';
import type { Logger } from '../logging';

/** Routes turns: greets new members and hands messages to the MainDialog; saves state after every turn. */
export class SignpostBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly dialog: MainDialog,
    private readonly logger: Logger,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');

    this.onMembersAdded(async (context, next) => {
      const joined = context.activity.membersAdded ?? [];
      if (joined.some((m) => m.id !== context.activity.recipient?.id)) {
        await context.sendActivity(say('welcome.hello'));
        await context.sendActivity(say('welcome.notForEmergencies'));
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.dialog.run(context, this.dialogState);
      await next();
    });
  }

  /** One turn: route, then save state. Logs ids, channel and timing only, never what was said. */
  override async run(context: TurnContext): Promise<void> {
    const started = performance.now();
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
    const { channelId, type, conversation } = context.activity;
    this.logger.info({ channel: channelId, activityType: type, conversation: conversation?.id, ms: Math.round(performance.now() - started) }, 'turn');
  }
}
