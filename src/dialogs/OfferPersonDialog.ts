/**
 * The end of a referral or of anonymous signposting: would they like to talk to a person now? Yes hands the chat
 * over (HandoffDialog); no says goodbye.
 */
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogLibrary';
import { say } from '../services/content/messages';
import type { ConversationData } from './conversationData';
import { DIALOG_IDS, type HandoffOptions } from './dialogIds';
import { AnswerPrompt, ANSWER_PROMPT, type AnswerPromptOptions, type AnswerResult } from './prompts/AnswerPrompt';

export const OFFER_PERSON_DIALOG = DIALOG_IDS.offerPerson;
const STEPS = 'offerPerson.steps';

export class OfferPersonDialog extends ComponentDialog {
  constructor(private readonly data: ConversationData, clock?: () => Date) {
    super(OFFER_PERSON_DIALOG);
    this.addDialog(new AnswerPrompt({ clock }));
    this.addDialog(new WaterfallDialog(STEPS, [this.ask.bind(this), this.answered.bind(this), this.done.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(ANSWER_PROMPT, { question: 'offerPerson' } satisfies AnswerPromptOptions);
  }

  private async answered(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<boolean>;
    if (result.kind === 'answer' && result.value) {
      const session = await this.data.getSession(step.context);
      const options: HandoffOptions = { reason: 'after-signposting', urgent: session.urgent === true, referralReference: session.referralReference };
      return step.beginDialog(DIALOG_IDS.handoff, options);
    }
    await step.context.sendActivity(say('goodbye'));
    return step.endDialog();
  }

  private async done(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog();
  }
}
