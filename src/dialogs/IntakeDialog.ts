/**
 * Asks the intake questions one at a time (intakeFields.ts), keeping each answer in the referral draft as it comes.
 * "back" returns to the question before; the summary begins it with just the fields it wants changed. Ends with
 * { under16: true } when the date of birth is under 16 (after a kind redirection), else { done: true }.
 */
import { ComponentDialog, WaterfallDialog, type DialogContext, type DialogTurnResult, type WaterfallStepContext } from './dialogLibrary';
import { say } from '../services/content/messages';
import { speak } from './speak';
import { turnMobile } from './turnMobile';
import { isUkMobile } from '../services/contact/ukPhone';
import type { Recognizer } from '../services/nlu/Recognizer';
import { matchPractice, practiceDisplayName, type PracticeList } from '../services/dataset/practices';
import type { ReferralDraft } from '../services/referrals/draft';
import type { ConversationData } from './conversationData';
import { ALL_FIELDS, intakeField, type FieldId } from './intakeFields';
import { NeedsDialog, NEEDS_DIALOG, type NeedsOptions } from './NeedsDialog';
import { AnswerPrompt, ANSWER_PROMPT, type AnswerPromptOptions, type AnswerResult } from './prompts/AnswerPrompt';
import { DIALOG_IDS } from './dialogIds';

export const INTAKE_DIALOG = DIALOG_IDS.intake;
const QUESTION = 'intake.question';

export interface IntakeOptions {
  fields?: FieldId[];
}

export interface IntakeResult {
  done?: boolean;
  under16?: boolean;
}

interface LoopState {
  fields: FieldId[];
  index: number;
  /** Reached by moving on (not by going back): intros are said. */
  forward: boolean;
}

export interface IntakeDependencies {
  data: ConversationData;
  recognizer: Recognizer;
  clock?: () => Date;
  /** The imported GP practice list: a named practice found in it is recorded with its ODS code. */
  practices?: PracticeList;
}

export class IntakeDialog extends ComponentDialog {
  constructor(private readonly deps: IntakeDependencies) {
    super(INTAKE_DIALOG);
    this.addDialog(new AnswerPrompt({ clock: deps.clock }));
    this.addDialog(new NeedsDialog(deps.recognizer, deps.clock));
    this.addDialog(new WaterfallDialog(QUESTION, [this.ask.bind(this), this.answered.bind(this)]));
    this.initialDialogId = QUESTION;
  }

  protected override onBeginDialog(inner: DialogContext, options?: IntakeOptions): Promise<DialogTurnResult> {
    const state: LoopState = { fields: options?.fields ?? [...ALL_FIELDS], index: 0, forward: true };
    return inner.beginDialog(QUESTION, state);
  }

  private async ask(step: WaterfallStepContext<LoopState>): Promise<DialogTurnResult> {
    const loop = step.options;
    const draft = await this.deps.data.getDraft(step.context);
    const index = this.nextApplicable(loop, loop.index, draft, 1);
    if (index === undefined) return step.endDialog({ done: true } satisfies IntakeResult);
    loop.index = index;
    const field = intakeField(loop.fields[index]);
    if (loop.forward && field.intro) await speak(step.context, field.intro);
    const question = field.ask(draft);
    if (question === 'needs') return step.beginDialog(NEEDS_DIALOG, {} satisfies NeedsOptions);
    return step.beginDialog(ANSWER_PROMPT, { question, allowBack: true } satisfies AnswerPromptOptions);
  }

  private async answered(step: WaterfallStepContext<LoopState>): Promise<DialogTurnResult> {
    const loop = step.options;
    const result = step.result as AnswerResult;
    const draft = await this.deps.data.getDraft(step.context);
    if (result.kind === 'back') {
      const previous = loop.index > 0 ? this.nextApplicable(loop, loop.index - 1, draft, -1) : undefined;
      if (previous === undefined) await step.context.sendActivity(say('answer.back.first'));
      return step.replaceDialog(QUESTION, { ...loop, index: previous ?? loop.index, forward: false } satisfies LoopState);
    }
    const field = intakeField(loop.fields[loop.index]);
    const outcome = field.store(draft, result);
    // Contact by text, from a phone that is texting us now: that number, without asking for it (shown in the summary).
    const here = turnMobile(step.context);
    const textHere = field.id === 'contactMethod' && draft.contactMethod === 'text' && here !== undefined && isUkMobile(here);
    if (textHere) draft.contactValue = here;
    if (field.id === 'gpPractice') await this.matchPractice(draft);
    await this.deps.data.draft.set(step.context, draft);
    if (outcome === 'under16') {
      await step.context.sendActivity(say('intake.under16'));
      await step.context.sendActivity(say('intake.under16.help'));
      return step.endDialog({ under16: true } satisfies IntakeResult);
    }
    const skipDetail = textHere && loop.fields[loop.index + 1] === 'contactDetail';
    return step.replaceDialog(QUESTION, { ...loop, index: loop.index + (skipDetail ? 2 : 1), forward: true } satisfies LoopState);
  }

  /**
   * The practice named, matched to the imported list: its ODS code, and its name as the list has it (shown in the
   * summary, so the person sees which practice was found). No list, no single match, or a failing store: the name
   * stays as they typed it, without a code.
   */
  private async matchPractice(draft: ReferralDraft): Promise<void> {
    delete draft.gpPracticeOds;
    if (!draft.gpPractice || !this.deps.practices) return;
    try {
      const practice = await matchPractice(this.deps.practices, draft.gpPractice);
      if (!practice) return;
      draft.gpPracticeOds = practice.odsCode;
      draft.gpPractice = practiceDisplayName(practice.name);
    } catch {
      // The referral goes on without the code: a practice list that cannot be read must not stop a referral.
    }
  }

  /** The first field from `from` (moving by `direction`) that applies to this draft. */
  private nextApplicable(loop: LoopState, from: number, draft: ReferralDraft, direction: 1 | -1): number | undefined {
    for (let i = from; i >= 0 && i < loop.fields.length; i += direction) {
      const field = intakeField(loop.fields[i]);
      if (!field.applies || field.applies(draft)) return i;
    }
    return undefined;
  }
}
