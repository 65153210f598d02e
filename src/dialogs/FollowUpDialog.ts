/**
 * The wellbeing follow-up, FOLLOW_UP_DAYS after a chat closed (only for people who agreed): the four ONS4 questions
 * again, each skippable, saved on the referral beside the answers given at intake. Begin with a FollowUpValue (viaText:
 * texted to someone who agreed in web chat, so the first text says who we are and how to stop them).
 */
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogLibrary';
import type { Logger } from '../logging';
import { say } from '../services/content/messages';
import type { Ons4Scores } from '../services/referrals/Referral';
import type { ReferralRepository } from '../services/referrals/ReferralRepository';
import { AnswerPrompt, ANSWER_PROMPT, type AnswerPromptOptions, type AnswerResult } from './prompts/AnswerPrompt';
import type { FollowUpValue } from '../services/outcomes/proactiveTurns';
import { DIALOG_IDS } from './dialogIds';

export const FOLLOW_UP_DIALOG = DIALOG_IDS.followUp;
const STEPS = 'followUp.steps';
const MEASURES = ['lifeSatisfaction', 'worthwhile', 'happiness', 'anxiety'] as const satisfies readonly (keyof Ons4Scores)[];

interface Progress extends FollowUpValue {
  index: number;
  scores: Ons4Scores;
}

export interface FollowUpDependencies {
  referrals: Pick<ReferralRepository, 'get' | 'update'>;
  clock?: () => Date;
  logger?: Logger;
}

export class FollowUpDialog extends ComponentDialog {
  constructor(private readonly deps: FollowUpDependencies) {
    super(FOLLOW_UP_DIALOG);
    this.addDialog(new AnswerPrompt({ clock: deps.clock }));
    this.addDialog(new WaterfallDialog(STEPS, [this.ask.bind(this), this.answered.bind(this)]));
    this.initialDialogId = STEPS;
  }

  protected override async onBeginDialog(inner: Parameters<ComponentDialog['onBeginDialog']>[0], options?: FollowUpValue): Promise<DialogTurnResult> {
    if (!options?.referralReference) return inner.endDialog();
    await inner.context.sendActivity(say(options.viaText ? 'followUp.introByText' : 'followUp.intro'));
    return inner.beginDialog(STEPS, { referralReference: options.referralReference, index: 0, scores: {} } satisfies Progress);
  }

  private async ask(step: WaterfallStepContext<Progress>): Promise<DialogTurnResult> {
    const measure = MEASURES[step.options.index];
    if (!measure) return this.finish(step);
    return step.beginDialog(ANSWER_PROMPT, { question: measure } satisfies AnswerPromptOptions);
  }

  private async answered(step: WaterfallStepContext<Progress>): Promise<DialogTurnResult> {
    const progress = step.options;
    const result = step.result as AnswerResult<number>;
    if (result.kind === 'answer') progress.scores[MEASURES[progress.index]] = result.value;
    return step.replaceDialog(STEPS, { ...progress, index: progress.index + 1 } satisfies Progress);
  }

  private async finish(step: WaterfallStepContext<Progress>): Promise<DialogTurnResult> {
    const { referralReference, scores } = step.options;
    try {
      const referral = await this.deps.referrals.get(referralReference);
      if (referral?.followUp) {
        await this.deps.referrals.update(referralReference, { followUp: { ...referral.followUp, answeredAt: this.deps.clock?.() ?? new Date(), wellbeing: scores } });
      }
    } catch (error) {
      this.deps.logger?.error({ err: error, dialog: FOLLOW_UP_DIALOG }, 'could not save the follow-up answers');
    }
    await step.context.sendActivity(say('followUp.thanks'));
    return step.endDialog();
  }
}
