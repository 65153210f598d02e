import { ComponentDialog, DialogSet, DialogTurnStatus, WaterfallDialog, type WaterfallStepContext, type DialogState } from 'botbuilder-dialogs';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { say } from '../services/content/messages';

import { DIALOG_IDS } from './dialogIds';

export const MAIN_DIALOG = DIALOG_IDS.main;

/** The root of the conversation; it routes to the self-referral, signposting and handoff dialogs. */
export class MainDialog extends ComponentDialog {
  constructor() {
    super(MAIN_DIALOG);
    this.addDialog(new WaterfallDialog('main.steps', [async (step: WaterfallStepContext) => {
      await step.context.sendActivity(say('error.listening'));
      return step.endDialog();
    }]));
    this.initialDialogId = 'main.steps';
  }

  /** Continues the active dialog, or begins this one. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }
}
