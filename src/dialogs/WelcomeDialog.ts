/**
 * Says what Signpost is and that it is not for emergencies (with the numbers), then offers three ways on: refer
 * myself, find local support without giving details, or talk to a person. Ends with the WelcomeChoice. When the
 * conversation starts with a message that already chooses ("I'd like to refer myself"), it is not asked again.
 */
import type { TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogLibrary';
import { speak } from './speak';
import type { Recognizer } from '../services/nlu/Recognizer';
import { AnswerPrompt, ANSWER_PROMPT, type AnswerPromptOptions, type AnswerResult } from './prompts/AnswerPrompt';
import { QUESTIONS, type WelcomeChoice } from './prompts/questions';
import { hasNoWords } from './prompts/text';
import { recogniseTurn, turnText } from './turn';
import { DIALOG_IDS } from './dialogIds';

export const WELCOME_DIALOG = DIALOG_IDS.welcome;
const STEPS = 'welcome.steps';

export interface WelcomeOptions {
  /** Only ask the question (the person has heard the welcome in this conversation already). */
  brief?: boolean;
}

export class WelcomeDialog extends ComponentDialog {
  constructor(private readonly recognizer?: Recognizer, clock?: () => Date) {
    super(WELCOME_DIALOG);
    this.addDialog(new AnswerPrompt({ clock, recognizer }));
    this.addDialog(new WaterfallDialog(STEPS, [this.greet.bind(this), this.chosen.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async greet(step: WaterfallStepContext<WelcomeOptions>): Promise<DialogTurnResult> {
    if (!step.options?.brief) {
      await speak(step.context, 'welcome.hello');
      await speak(step.context, 'welcome.notForEmergencies');
      await speak(step.context, 'welcome.ask');
      // A first message that already says what they want ("I'd like to refer myself") answers the question.
      const choice = await this.firstMessageChoice(step.context);
      if (choice) return step.endDialog(choice);
    }
    return step.beginDialog(ANSWER_PROMPT, { question: 'welcome' } satisfies AnswerPromptOptions);
  }

  private async firstMessageChoice(context: TurnContext): Promise<WelcomeChoice | undefined> {
    const text = turnText(context).trim();
    if (!this.recognizer || text === '' || hasNoWords(text)) return undefined;
    const reply = QUESTIONS.welcome.parse({ text, now: new Date(), recognition: await recogniseTurn(context, this.recognizer) });
    return reply.ok ? reply.value : undefined;
  }

  private async chosen(step: WaterfallStepContext<WelcomeOptions>): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<WelcomeChoice>;
    return step.endDialog(result.kind === 'answer' ? result.value : 'refer');
  }
}
