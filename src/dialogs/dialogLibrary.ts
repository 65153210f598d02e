/**
 * The parts of botbuilder-dialogs Signpost's dialogs use, each from its own module of the library. Importing the
 * package itself also loads every prompt it has and the text recognizers behind them (number, date and choice
 * recognition in many languages: about 200 modules, a third of the package's load time) that Signpost does not use:
 * its questions are its own (prompts/AnswerPrompt.ts). The classes are the very ones the package exports (its index
 * re-exports these modules), so code that imports the package meets the same classes.
 * test/architecture/dialogLibrary.test.ts keeps src/ importing the package's values only through here.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
export type { DialogContext, DialogInstance, DialogState, DialogStateManagerConfiguration, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
