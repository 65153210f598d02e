/**
 * The parts of botbuilder-dialogs Signpost's dialogs use, each from its own module of the library. Importing the
 * package itself also loads every prompt it has and the text recognizers behind them (number, date and choice
 * recognition in many languages: about 200 modules, a third of the package's load time) that Signpost does not use:
 * its questions are its own (prompts/AnswerPrompt.ts). The classes are the very ones the package exports (its index
 * re-exports these modules), but for ComponentDialog, below. test/architecture/dialogLibrary.test.ts keeps src/
 * importing the package's values only through here.
 */
import type { DialogReason, DialogTurnResult } from 'botbuilder-dialogs';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { ComponentDialog as LibraryComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
import { Dialog } from 'botbuilder-dialogs/lib/dialog';
import { repromptActive } from './repromptActive';

export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export { DialogContainer } from 'botbuilder-dialogs/lib/dialogContainer';
export { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
/** The library's own ComponentDialog, for code that asks what a dialog is (every Signpost component is one). */
export { LibraryComponentDialog };
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
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
}
