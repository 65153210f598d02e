/**
 * Says what Signpost is and that it is not for emergencies (with the numbers), then offers three ways on: refer
 * myself, find local support without giving details, or talk to a person. Ends with the WelcomeChoice.
 */
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { say } from '../services/content/messages';
import type { Recognizer } from '../services/nlu/Recognizer';
import { AnswerPrompt, ANSWER_PROMPT, type AnswerPromptOptions, type AnswerResult } from './prompts/AnswerPrompt';
import type { WelcomeChoice } from './prompts/questions';

export const WELCOME_DIALOG = 'welcome';
const STEPS = 'welcome.steps';

export interface WelcomeOptions {
  /** Only ask the question (the person has heard the welcome in this conversation already). */
  brief?: boolean;
}

export class WelcomeDialog extends ComponentDialog {
  constructor(recognizer?: Recognizer, clock?: () => Date) {
    super(WELCOME_DIALOG);
    this.addDialog(new AnswerPrompt({ clock, recognizer }));
    this.addDialog(new WaterfallDialog(STEPS, [this.greet.bind(this), this.chosen.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async greet(step: WaterfallStepContext<WelcomeOptions>): Promise<DialogTurnResult> {
    if (!step.options?.brief) {
      await step.context.sendActivity(say('welcome.hello'));
      await step.context.sendActivity(say('welcome.notForEmergencies'));
      await step.context.sendActivity(say('welcome.ask'));
    }
    return step.beginDialog(ANSWER_PROMPT, { question: 'welcome' } satisfies AnswerPromptOptions);
  }

  private async chosen(step: WaterfallStepContext<WelcomeOptions>): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<WelcomeChoice>;
    return step.endDialog(result.kind === 'answer' ? result.value : 'refer');
  }
}
