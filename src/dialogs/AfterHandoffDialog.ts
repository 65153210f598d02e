/**
 * After a link worker closes a chat: how happy the person is with the help (1-5, then anything they would like to
 * say), and, when their referral allows it, whether we may message them FOLLOW_UP_DAYS later with the wellbeing
 * questions again: here, or by text to their mobile when this chat will not last (web chat; followUpByText). Every
 * question may be skipped; nothing is asked twice. Begin with a HandoffClosedValue.
 */
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogLibrary';
import type { Logger } from '../logging';
import { say } from '../services/content/messages';
import type { HandoffQueue } from '../services/handoff/HandoffQueue';
import type { ReferralRepository } from '../services/referrals/ReferralRepository';
import { parseYesNo } from './prompts/answers';
import { AnswerPrompt, ANSWER_PROMPT, type AnswerPromptOptions, type AnswerResult } from './prompts/AnswerPrompt';
import type { HandoffClosedValue } from '../services/outcomes/proactiveTurns';
import { DIALOG_IDS } from './dialogIds';

export const AFTER_HANDOFF_DIALOG = DIALOG_IDS.afterHandoff;
const STEPS = 'afterHandoff.steps';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AfterHandoffDependencies {
  handoffs: Pick<HandoffQueue, 'recordSatisfaction'>;
  referrals: Pick<ReferralRepository, 'get' | 'update'>;
  followUpDays: number;
  clock?: () => Date;
  logger?: Logger;
}

interface Answers extends HandoffClosedValue {
  score?: number;
}

export class AfterHandoffDialog extends ComponentDialog {
  private readonly clock: () => Date;

  constructor(private readonly deps: AfterHandoffDependencies) {
    super(AFTER_HANDOFF_DIALOG);
    this.clock = deps.clock ?? (() => new Date());
    this.addDialog(new AnswerPrompt({ clock: deps.clock }));
    this.addDialog(new WaterfallDialog(STEPS, [this.askScore.bind(this), this.askComment.bind(this), this.saveSatisfaction.bind(this), this.saveFollowUp.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private weeks(): number {
    return Math.max(1, Math.round(this.deps.followUpDays / 7));
  }

  private async askScore(step: WaterfallStepContext<Answers>): Promise<DialogTurnResult> {
    if (!step.options.askSatisfaction) return step.next();
    return step.beginDialog(ANSWER_PROMPT, { question: 'satisfaction' } satisfies AnswerPromptOptions);
  }

  private async askComment(step: WaterfallStepContext<Answers>): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<number> | undefined;
    if (result?.kind !== 'answer') return step.next();
    step.options.score = result.value;
    return step.beginDialog(ANSWER_PROMPT, { question: 'satisfactionComment' } satisfies AnswerPromptOptions);
  }

  private async saveSatisfaction(step: WaterfallStepContext<Answers>): Promise<DialogTurnResult> {
    const { score, handoffId } = step.options;
    if (score !== undefined && handoffId) {
      const answer = step.result as AnswerResult<string> | undefined;
      // "No" to "anything you would like to tell us?" is not a comment.
      const comment = answer?.kind === 'answer' && parseYesNo(answer.value) !== false ? answer.value : undefined;
      try {
        await this.deps.handoffs.recordSatisfaction(handoffId, { score, ...(comment ? { comment } : {}), at: this.clock() });
        await step.context.sendActivity(say('satisfaction.thanks'));
      } catch (error) {
        this.deps.logger?.error({ err: error, dialog: AFTER_HANDOFF_DIALOG, handoff: handoffId }, 'could not record satisfaction');
      }
    }
    const { followUpReferral, followUpByText } = step.options;
    if (!followUpReferral) return this.goodbye(step);
    const consent: AnswerPromptOptions = followUpByText
      ? { question: 'followUpConsentByText', values: { weeks: this.weeks(), ending: followUpByText.ending } }
      : { question: 'followUpConsent', values: { weeks: this.weeks() } };
    return step.beginDialog(ANSWER_PROMPT, consent);
  }

  private async saveFollowUp(step: WaterfallStepContext<Answers>): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<boolean>;
    const reference = step.options.followUpReferral as string;
    if (result.kind !== 'answer' || !result.value) {
      await step.context.sendActivity(say('followUp.declined'));
      return this.goodbye(step);
    }
    const now = this.clock();
    try {
      await this.deps.referrals.update(reference, { followUp: { consentAt: now, dueAt: new Date(now.getTime() + this.deps.followUpDays * DAY_MS), handoffId: step.options.handoffId } });
      await step.context.sendActivity(say(step.options.followUpByText ? 'followUp.agreedByText' : 'followUp.agreed', { weeks: this.weeks() }));
    } catch (error) {
      this.deps.logger?.error({ err: error, dialog: AFTER_HANDOFF_DIALOG }, 'could not record the follow-up consent');
      await step.context.sendActivity(say('followUp.declined'));
    }
    return this.goodbye(step);
  }

  private async goodbye(step: WaterfallStepContext<Answers>): Promise<DialogTurnResult> {
    await step.context.sendActivity(say('afterHandoff.goodbye'));
    return step.endDialog();
  }
}
