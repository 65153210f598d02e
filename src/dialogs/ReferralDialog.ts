/**
 * A self-referral from consent to what happens next: consent (what is collected, who sees it, how long it is kept,
 * the person's rights), the intake questions, the summary, saving with a reference that is easy to read aloud, then
 * matching services and the offer of a person. Ends with { declined: true } when consent is refused (the caller
 * carries on with anonymous signposting), otherwise with nothing.
 */
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext, type Dialog } from './dialogLibrary';
import type { Logger } from '../logging';
import { say, type MessageId } from '../services/content/messages';
import { speak } from './speak';
import { periodInWords } from '../services/content/plainWords';
import type { PersonIds } from '../services/privacy/personId';
import { toNewReferral, type ReferralDraft } from '../services/referrals/draft';
import type { ContactMethod } from '../services/referrals/Referral';
import { createWithNewReference } from '../services/referrals/referenceCode';
import type { ReferralRepository } from '../services/referrals/ReferralRepository';
import { DIALOG_IDS, type SignpostOptions } from './dialogIds';
import { IntakeDialog, INTAKE_DIALOG, type IntakeDependencies, type IntakeOptions, type IntakeResult } from './IntakeDialog';
import { OfferPersonDialog, OFFER_PERSON_DIALOG } from './OfferPersonDialog';
import { AnswerPrompt, ANSWER_PROMPT, type AnswerPromptOptions, type AnswerResult } from './prompts/AnswerPrompt';
import { ageOn } from './prompts/dateOfBirth';
import { SummaryDialog, SUMMARY_DIALOG, type SummaryResult } from './SummaryDialog';

export const REFERRAL_DIALOG = DIALOG_IDS.referral;
const FLOW = 'referral.flow';
const CONFIRM_AGAIN = 'referral.confirmAgain';

export interface ReferralResult {
  declined?: boolean;
}

export interface ReferralDependencies extends IntakeDependencies {
  referrals: ReferralRepository;
  personIds: PersonIds;
  /** RETENTION_DAYS and REFERRAL_CONTACT_DAYS, in words for people. */
  retentionDays: number;
  contactWithinWorkingDays: number;
  /** Shows matching services (SignpostDialog, id DIALOG_IDS.signpost). Without it people are told plainly. */
  signpost?: Dialog;
  logger?: Logger;
}

const NEXT_STEPS: Record<ContactMethod, MessageId> = { text: 'referral.next.text', phone: 'referral.next.phone', email: 'referral.next.email', none: 'referral.next.none' };

export class ReferralDialog extends ComponentDialog {
  private readonly clock: () => Date;

  constructor(private readonly deps: ReferralDependencies) {
    super(REFERRAL_DIALOG);
    this.clock = deps.clock ?? (() => new Date());
    this.addDialog(new AnswerPrompt({ clock: deps.clock }));
    this.addDialog(new IntakeDialog(deps));
    this.addDialog(new SummaryDialog(deps));
    this.addDialog(new OfferPersonDialog(deps.data, deps.clock));
    // Registered here, where it runs (not only on MainDialog): a re-prompt rebuilds this dialog's context without its
    // parents, and must still find the services list.
    if (deps.signpost) this.addDialog(deps.signpost);
    this.addDialog(new WaterfallDialog(FLOW, [
      this.askConsent.bind(this),
      this.consented.bind(this),
      this.intakeDone.bind(this),
      this.summaryDone.bind(this),
      this.servicesDone.bind(this),
      this.finish.bind(this),
    ]));
    this.addDialog(new WaterfallDialog(CONFIRM_AGAIN, [this.showSummary.bind(this), this.summaryDone.bind(this), this.servicesDone.bind(this), this.finish.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async askConsent(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await speak(step.context, 'consent.what');
    await speak(step.context, 'consent.who');
    await speak(step.context, 'consent.howLong', { period: periodInWords(this.deps.retentionDays) });
    return step.beginDialog(ANSWER_PROMPT, { question: 'consent' } satisfies AnswerPromptOptions);
  }

  private async consented(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<boolean>;
    const session = await this.deps.data.getSession(step.context);
    if (!(result.kind === 'answer' && result.value)) {
      session.mode = 'anonymous';
      await this.deps.data.resetDraft(step.context);
      await this.deps.data.transcript.clear(step.context);
      await step.context.sendActivity(say('consent.declined'));
      return step.endDialog({ declined: true } satisfies ReferralResult);
    }
    session.mode = 'referral';
    session.consentAt = this.clock().toISOString();
    await this.deps.data.resetDraft(step.context);
    await speak(step.context, 'consent.given');
    return step.beginDialog(INTAKE_DIALOG, {} satisfies IntakeOptions);
  }

  private async intakeDone(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.result as IntakeResult | undefined)?.under16) return this.endUnder16(step);
    return step.beginDialog(SUMMARY_DIALOG);
  }

  private async showSummary(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(SUMMARY_DIALOG);
  }

  private async summaryDone(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as SummaryResult | undefined;
    if (result?.under16) return this.endUnder16(step);
    const draft = await this.deps.data.getDraft(step.context);
    const session = await this.deps.data.getSession(step.context);
    const { channelId, conversation, from } = step.context.activity;
    let reference: string;
    try {
      const saved = await createWithNewReference(this.deps.referrals, (ref) => toNewReferral(draft, {
        reference: ref,
        personId: this.deps.personIds(channelId, from.id),
        channel: channelId,
        conversationId: conversation.id,
        urgent: session.urgent === true,
        consentAt: session.consentAt ? new Date(session.consentAt) : this.clock(),
      }));
      reference = saved.reference;
    } catch (error) {
      this.deps.logger?.error({ err: error, dialog: REFERRAL_DIALOG, channel: channelId }, 'could not save the referral');
      await step.context.sendActivity(say('referral.saveFailed'));
      return step.replaceDialog(CONFIRM_AGAIN);
    }
    session.referralReference = reference;
    this.deps.logger?.info({ referral: reference, channel: channelId, urgent: session.urgent === true, needs: draft.needs?.length ?? 0 }, 'referral saved');
    await speak(step.context, 'referral.saved', { reference });
    await speak(step.context, NEXT_STEPS[draft.contactMethod ?? 'none'], { days: this.deps.contactWithinWorkingDays });
    const signpost = signpostOptions(draft, reference, this.clock());
    // Only the needs stay in conversation state (for a handoff summary): the rest is in the referral now.
    await this.deps.data.draft.set(step.context, { needs: draft.needs });
    if (!step.findDialog(DIALOG_IDS.signpost)) {
      await step.context.sendActivity(say('services.unavailable'));
      return step.next();
    }
    await speak(step.context, 'referral.services');
    return step.beginDialog(DIALOG_IDS.signpost, signpost);
  }

  private async servicesDone(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(OFFER_PERSON_DIALOG);
  }

  private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog({} satisfies ReferralResult);
  }

  private async endUnder16(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const session = await this.deps.data.getSession(step.context);
    session.mode = undefined;
    session.consentAt = undefined;
    await this.deps.data.resetDraft(step.context);
    await this.deps.data.transcript.clear(step.context);
    return step.endDialog({} satisfies ReferralResult);
  }
}

export function signpostOptions(draft: ReferralDraft, referralReference: string | undefined, now: Date): SignpostOptions {
  return {
    needs: draft.needs ?? [],
    ...(draft.postcode ? { postcode: draft.postcode } : {}),
    ...(draft.dateOfBirth ? { age: ageOn(draft.dateOfBirth, now) } : {}),
    ...(referralReference ? { referralReference } : {}),
  };
}
