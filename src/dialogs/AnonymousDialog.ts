/**
 * Local support without giving details: what they would like help with (only the need ids are kept), matching
 * services, then the offer of a person. Nothing personal is stored.
 */
import { ComponentDialog, WaterfallDialog, type Dialog, type DialogTurnResult, type WaterfallStepContext } from './dialogLibrary';
import { say } from '../services/content/messages';
import type { Recognizer } from '../services/nlu/Recognizer';
import type { ConversationData } from './conversationData';
import { DIALOG_IDS, type SignpostOptions } from './dialogIds';
import { NeedsDialog, NEEDS_DIALOG, type NeedsOptions, type NeedsResult } from './NeedsDialog';
import { OfferPersonDialog, OFFER_PERSON_DIALOG } from './OfferPersonDialog';

export const ANONYMOUS_DIALOG = DIALOG_IDS.anonymous;
const STEPS = 'anonymous.steps';

export interface AnonymousOptions {
  /** Say first that no details will be asked (not needed after consent was declined: that says so already). */
  intro?: boolean;
}

export class AnonymousDialog extends ComponentDialog {
  /** `signpost` shows matching services (SignpostDialog, id DIALOG_IDS.signpost); without it people are told plainly. */
  constructor(private readonly data: ConversationData, recognizer: Recognizer, clock?: () => Date, signpost?: Dialog) {
    super(ANONYMOUS_DIALOG);
    this.addDialog(new NeedsDialog(recognizer, clock));
    this.addDialog(new OfferPersonDialog(data, clock));
    // Registered here, where it runs: a re-prompt rebuilds this dialog's context without its parents.
    if (signpost) this.addDialog(signpost);
    this.addDialog(new WaterfallDialog(STEPS, [this.askNeeds.bind(this), this.showServices.bind(this), this.offerPerson.bind(this), this.finish.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async askNeeds(step: WaterfallStepContext<AnonymousOptions>): Promise<DialogTurnResult> {
    const session = await this.data.getSession(step.context);
    session.mode = 'anonymous';
    await this.data.transcript.clear(step.context);
    if (step.options?.intro) await step.context.sendActivity(say('anonymous.start'));
    return step.beginDialog(NEEDS_DIALOG, { anonymous: true } satisfies NeedsOptions);
  }

  private async showServices(step: WaterfallStepContext<AnonymousOptions>): Promise<DialogTurnResult> {
    const result = step.result as NeedsResult;
    const needs = result.kind === 'answer' ? result.value : [];
    await this.data.draft.set(step.context, { needs });
    if (!step.findDialog(DIALOG_IDS.signpost)) {
      await step.context.sendActivity(say('services.unavailable'));
      return step.next();
    }
    return step.beginDialog(DIALOG_IDS.signpost, { needs, ...(result.place ? { postcode: result.place } : {}) } satisfies SignpostOptions);
  }

  private async offerPerson(step: WaterfallStepContext<AnonymousOptions>): Promise<DialogTurnResult> {
    return step.beginDialog(OFFER_PERSON_DIALOG);
  }

  private async finish(step: WaterfallStepContext<AnonymousOptions>): Promise<DialogTurnResult> {
    return step.endDialog();
  }
}
