/**
 * What the person would like help with: asked in their own words, recognised by the Recognizer, and shown back for
 * confirmation; when nothing is recognised, or they say it is not right, a numbered list of the needs taxonomy.
 * Ends with an AnswerResult of need ids ({ kind: 'answer', value }) or { kind: 'back' }. The words they wrote are not
 * kept: only the need ids are, and, without details, the postcode district said with them (NeedsResult.place).
 */
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogLibrary';
import { say } from '../services/content/messages';
import { isNeedId, needLabel, type NeedId } from '../services/needs/taxonomy';
import type { Recognizer } from '../services/nlu/Recognizer';
import { AnswerPrompt, ANSWER_PROMPT, type AnswerPromptOptions, type AnswerResult } from './prompts/AnswerPrompt';
import { districtInText } from '../services/geography/postcode';
import { recogniseTurn, turnText } from './turn';
import { DIALOG_IDS } from './dialogIds';

export const NEEDS_DIALOG = DIALOG_IDS.needs;
const DESCRIBE = 'needs.describe';
const CONFIRM = 'needs.confirm';
const LIST = 'needs.list';
/** The need for anything the list does not name, chosen when the person is not sure. */
export const OTHER_NEED: NeedId = 'other';

export interface NeedsOptions {
  /** No consent: the question says nothing is kept, and "back" is not offered (there is no question before it). */
  anonymous?: boolean;
}

interface NeedsState extends NeedsOptions {
  needs?: NeedId[];
  /** The postcode district the person's words gave, without details only (not their words: only the district). */
  place?: string;
}

/** The needs chosen, and, without details, the postcode district said with them ("food, im in S6"). */
export type NeedsResult = AnswerResult<NeedId[]> & { place?: string };

export class NeedsDialog extends ComponentDialog {
  constructor(private readonly recognizer: Recognizer, clock?: () => Date) {
    super(NEEDS_DIALOG);
    this.addDialog(new AnswerPrompt({ clock }));
    this.addDialog(new WaterfallDialog(DESCRIBE, [this.describe.bind(this), this.described.bind(this)]));
    this.addDialog(new WaterfallDialog(CONFIRM, [this.confirm.bind(this), this.confirmed.bind(this)]));
    this.addDialog(new WaterfallDialog(LIST, [this.list.bind(this), this.listed.bind(this)]));
    this.initialDialogId = DESCRIBE;
  }

  private async describe(step: WaterfallStepContext<NeedsState>): Promise<DialogTurnResult> {
    const anonymous = step.options.anonymous === true;
    return step.beginDialog(ANSWER_PROMPT, { question: anonymous ? 'needsAnonymous' : 'needs', allowBack: !anonymous } satisfies AnswerPromptOptions);
  }

  private async described(step: WaterfallStepContext<NeedsState>): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<string>;
    if (result.kind === 'back') return step.endDialog(result);
    if (result.kind === 'skip') return step.replaceDialog(LIST, step.options);
    const recognition = await recogniseTurn(step.context, this.recognizer);
    const needs = [...new Set(recognition.needs.filter(isNeedId))];
    if (needs.length === 0) {
      await step.context.sendActivity(say('needs.notFound'));
      return step.replaceDialog(LIST, { anonymous: step.options.anonymous });
    }
    // Without details no postcode is asked, so a place said here is where distances are measured from.
    const place = step.options.anonymous ? districtInText(turnText(step.context)) : undefined;
    return step.replaceDialog(CONFIRM, { ...step.options, needs, ...(place ? { place } : {}) });
  }

  private async confirm(step: WaterfallStepContext<NeedsState>): Promise<DialogTurnResult> {
    const needs = step.options.needs ?? [];
    return step.beginDialog(ANSWER_PROMPT, { question: 'needsConfirm', values: { needs: needs.map(needLabel).join(', ') }, allowBack: true } satisfies AnswerPromptOptions);
  }

  private async confirmed(step: WaterfallStepContext<NeedsState>): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<boolean>;
    if (result.kind === 'back') return step.replaceDialog(DESCRIBE, { anonymous: step.options.anonymous });
    if (result.kind === 'answer' && result.value) return step.endDialog({ kind: 'answer', value: step.options.needs ?? [], place: step.options.place } satisfies NeedsResult);
    return step.replaceDialog(LIST, { anonymous: step.options.anonymous, place: step.options.place });
  }

  private async list(step: WaterfallStepContext<NeedsState>): Promise<DialogTurnResult> {
    return step.beginDialog(ANSWER_PROMPT, { question: 'needsList', allowBack: true } satisfies AnswerPromptOptions);
  }

  private async listed(step: WaterfallStepContext<NeedsState>): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<NeedId[]>;
    if (result.kind === 'back') return step.replaceDialog(DESCRIBE, { anonymous: step.options.anonymous });
    const needs = result.kind === 'answer' ? result.value : [OTHER_NEED];
    return step.endDialog({ kind: 'answer', value: needs, place: step.options.place } satisfies NeedsResult);
  }
}
