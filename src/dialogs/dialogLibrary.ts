/**
 * The parts of botbuilder-dialogs Signpost's dialogs use, each from its own module of the library. Importing the
 * package itself also loads every prompt it has and the text recognizers behind them (number, date and choice
 * recognition in many languages: about 200 modules, a third of the package's load time) that Signpost does not use:
 * its questions are its own (prompts/AnswerPrompt.ts). The classes are the very ones the package exports (its index
 * re-exports these modules), but for ComponentDialog, below. test/architecture/dialogLibrary.test.ts keeps src/
 * importing the package's values only through here.
 */
import type { TurnContext } from 'botbuilder';
import { telemetryTrackDialogView } from 'botbuilder';
import type { DialogInstance, DialogState, DialogTurnResult } from 'botbuilder-dialogs';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { ComponentDialog as LibraryComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
import { Dialog, DialogReason, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
import { DialogEvents } from 'botbuilder-dialogs/lib/dialogEvents';
import { SignpostDialogContext } from './nativeAsync';
import { repromptActive } from './repromptActive';

export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export { DialogContainer } from 'botbuilder-dialogs/lib/dialogContainer';
export { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
/** The library's own ComponentDialog, for code that asks what a dialog is (every Signpost component is one). */
export { LibraryComponentDialog };
/** botbuilder's WaterfallDialog with native async methods (nativeAsync.ts). */
export { WaterfallDialog, createDialogContext } from './nativeAsync';
export type { DialogInstance, DialogState, DialogStateManagerConfiguration, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';

/**
 * botbuilder's ComponentDialog, resumed the way Signpost's dialogs need. When a dialog begun above a component on the
 * same stack ends (a second "talk to a person" while the handoff's text offer waits), botbuilder resumes the
 * component by re-prompting it through an inner context with no parent, so a dialog the component began but that is
 * registered above it (the handoff, begun by OfferPersonDialog) is not found and the turn fails. This one asks the
 * waiting question again through contexts that keep their parents (repromptActive), as MainDialog does.
 */
export class ComponentDialog<O extends object = object> extends LibraryComponentDialog<O> {
  override async resumeDialog(outerDC: DialogContext, _reason: DialogReason, _result?: unknown): Promise<DialogTurnResult> {
    await repromptActive(outerDC);
    return Dialog.EndOfTurn;
  }

  // The rest as the library's ComponentDialog (and DialogContainer) does, as native async functions whose inner
  // contexts are SignpostDialogContexts (nativeAsync.ts).

  override async beginDialog(outerDC: DialogContext, options?: O): Promise<DialogTurnResult> {
    await this.checkForVersionChange(outerDC);
    telemetryTrackDialogView(this.telemetryClient, this.id);
    const turnResult = await this.onBeginDialog(this.createChildContext(outerDC), options);
    if (turnResult.status === DialogTurnStatus.waiting) return Dialog.EndOfTurn;
    if (turnResult.status === DialogTurnStatus.cancelled) {
      await this.endComponent(outerDC, turnResult.result);
      return { status: DialogTurnStatus.cancelled, result: turnResult.result };
    }
    return this.endComponent(outerDC, turnResult.result);
  }

  override async continueDialog(outerDC: DialogContext): Promise<DialogTurnResult> {
    await this.checkForVersionChange(outerDC);
    const turnResult = await this.onContinueDialog(this.createChildContext(outerDC));
    if (turnResult.status !== DialogTurnStatus.waiting) return this.endComponent(outerDC, turnResult.result);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.innerContext(context, instance).repromptDialog();
    await this.onRepromptDialog(context, instance);
  }

  override async endDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    if (reason === DialogReason.cancelCalled) await this.innerContext(context, instance).cancelAllDialogs();
    await this.onEndDialog(context, instance, reason);
  }

  override createChildContext(outerDC: DialogContext): DialogContext {
    return this.innerContext(outerDC, outerDC.activeDialog);
  }

  protected override async checkForVersionChange(dc: DialogContext): Promise<void> {
    const active = dc.activeDialog as DialogInstance;
    const current = active.version;
    active.version = this.getInternalVersion();
    // A bot may handle the change (and update the version, so it does not trigger again).
    if (current && current != active.version) await dc.emitEvent(DialogEvents.versionChanged, this.id, true, false);
  }

  /** The library's (private) createInnerDC, making a SignpostDialogContext. */
  private innerContext(context: TurnContext | DialogContext, instance: DialogInstance | undefined): DialogContext {
    const at = instance ?? { id: '', state: {} };
    const state = (at.state as { dialogs?: DialogState }).dialogs ?? { dialogStack: [] };
    (at.state as { dialogs?: DialogState }).dialogs = state;
    return new SignpostDialogContext(this.dialogs, context as DialogContext, state);
  }
}
