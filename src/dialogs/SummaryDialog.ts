/**
 * Reads everything back and asks whether it is right. "change postcode" (or any field by name, or "change" and then
 * a choice) asks that question again and comes back to the summary. Ends with { confirmed: true }, or
 * { under16: true } when a changed date of birth is under 16.
 */
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogLibrary';
import type { MessageId } from '../services/content/messages';
import { joinWords, sayShort, words, type Words } from '../services/content/shortForm';
import { wordsActivity } from './speak';
import { needLabel } from '../services/needs/taxonomy';
import { ethnicCategoryLabel, genderIdentityLabel } from '../services/dataset/demographics';
import { formatNhsNumber } from '../services/dataset/nhsNumber';
import { ONS4_KEYS, type ReferralDraft } from '../services/referrals/draft';
import type { ConversationData } from './conversationData';
import { IntakeDialog, INTAKE_DIALOG, type IntakeDependencies, type IntakeOptions, type IntakeResult } from './IntakeDialog';
import { GROUP_FIELDS } from './intakeFields';
import { AnswerPrompt, ANSWER_PROMPT, type AnswerPromptOptions, type AnswerResult } from './prompts/AnswerPrompt';
import { nationalFormat } from '../services/contact/ukPhone';
import { ukDate } from './prompts/dateOfBirth';
import type { FieldGroup } from './prompts/fields';
import type { SummaryAction } from './prompts/questions';
import { DIALOG_IDS } from './dialogIds';

export const SUMMARY_DIALOG = DIALOG_IDS.summary;
const SHOW = 'summary.show';
const WHICH = 'summary.which';

export interface SummaryResult {
  confirmed?: boolean;
  under16?: boolean;
}

export class SummaryDialog extends ComponentDialog {
  private readonly data: ConversationData;

  constructor(deps: IntakeDependencies) {
    super(SUMMARY_DIALOG);
    this.data = deps.data;
    this.addDialog(new AnswerPrompt({ clock: deps.clock }));
    this.addDialog(new IntakeDialog(deps));
    this.addDialog(new WaterfallDialog(SHOW, [this.show.bind(this), this.decided.bind(this), this.changed.bind(this)]));
    this.addDialog(new WaterfallDialog(WHICH, [this.which.bind(this), this.chosen.bind(this)]));
    this.initialDialogId = SHOW;
  }

  private async show(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.data.getDraft(step.context);
    await step.context.sendActivity(wordsActivity(joinWords([words('summary.intro'), ...summaryLines(draft)])));
    return step.beginDialog(ANSWER_PROMPT, { question: 'summary', backHint: 'summary.back' } satisfies AnswerPromptOptions);
  }

  private async decided(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<SummaryAction>;
    if (result.kind !== 'answer') return step.replaceDialog(SHOW);
    if (result.value.action === 'send') return step.endDialog({ confirmed: true } satisfies SummaryResult);
    if (result.value.field) return step.beginDialog(INTAKE_DIALOG, { fields: [...GROUP_FIELDS[result.value.field]] } satisfies IntakeOptions);
    return step.beginDialog(WHICH);
  }

  private async changed(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as IntakeResult | undefined;
    if (result?.under16) return step.endDialog({ under16: true } satisfies SummaryResult);
    return step.replaceDialog(SHOW);
  }

  private async which(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(ANSWER_PROMPT, { question: 'summaryWhich', allowBack: true } satisfies AnswerPromptOptions);
  }

  private async chosen(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<FieldGroup>;
    if (result.kind !== 'answer') return step.endDialog({ done: true } satisfies IntakeResult);
    return step.replaceDialog(INTAKE_DIALOG, { fields: [...GROUP_FIELDS[result.value]] } satisfies IntakeOptions);
  }
}

/** One line per answer, in the order asked, with its short form; what was skipped says so. */
export function summaryLines(draft: ReferralDraft): Words[] {
  const long = linesIn(draft, (id, values) => words(id, values).text);
  const short = linesIn(draft, sayShort);
  return long.map((text, i) => (short[i] === text ? { text } : { text, short: short[i] }));
}

function linesIn(draft: ReferralDraft, say: (id: MessageId, values?: Record<string, string | number>) => string): string[] {
  const notGiven = say('summary.notGiven');
  const scores = Object.fromEntries(ONS4_KEYS.map((k) => [k, draft.wellbeing?.[k] ?? say('summary.skipped')]));
  return [
    say('summary.name', { value: draft.preferredName ?? notGiven }),
    say('summary.dateOfBirth', { value: draft.dateOfBirth ? ukDate(draft.dateOfBirth) : notGiven }),
    say('summary.postcode', { value: draft.postcode ?? notGiven }),
    say('summary.contact', { value: contactInWords(draft, say) }),
    say('summary.gpPractice', { value: draft.gpPractice ?? notGiven }),
    say('summary.whatMatters', { value: draft.whatMatters ?? notGiven }),
    say('summary.needs', { value: (draft.needs ?? []).map(needLabel).join(', ') || notGiven }),
    say('summary.wellbeing', scores),
    // The dataset items asked only on request: shown once given, and how to give them otherwise.
    ...(draft.genderIdentity ? [say('summary.gender', { value: genderIdentityLabel(draft.genderIdentity) })] : []),
    ...(draft.ethnicCategory ? [say('summary.ethnicity', { value: ethnicCategoryLabel(draft.ethnicCategory) })] : []),
    ...(draft.nhsNumber ? [say('summary.nhsNumber', { value: formatNhsNumber(draft.nhsNumber) })] : []),
    ...(draft.genderIdentity && draft.ethnicCategory && draft.nhsNumber ? [] : [say('summary.details')]),
  ];
}

function contactInWords(draft: ReferralDraft, say: (id: MessageId, values?: Record<string, string | number>) => string): string {
  switch (draft.contactMethod) {
    case 'text':
      return say('summary.contact.text', { number: draft.contactValue ? nationalFormat(draft.contactValue) : say('summary.notGiven') });
    case 'phone':
      return say('summary.contact.phone', { number: draft.contactValue ? nationalFormat(draft.contactValue) : say('summary.notGiven') });
    case 'email':
      return say('summary.contact.email', { email: draft.contactValue ?? say('summary.notGiven') });
    default:
      return say('summary.contact.none');
  }
}
