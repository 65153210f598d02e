/**
 * Asking the waiting question again when a dialog was begun inside a component but is registered above it (the
 * handoff, begun inside the referral by OfferPersonDialog): the fuzzer found such turns failing with "Can't find a
 * dialog with an id of 'handoff'" because ComponentDialog.repromptDialog gives its inner context no parent.
 */
import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import { ComponentDialog, Dialog, DialogSet, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { repromptActive } from '../../src/dialogs/repromptActive';

/** A dialog that waits, and says "again" when reprompted. */
class Waiting extends Dialog {
  async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await dc.context.sendActivity('asked');
    return Dialog.EndOfTurn;
  }
  override async repromptDialog(context: TurnContext, _instance: DialogInstance): Promise<void> {
    await context.sendActivity('again');
  }
}

/** A component whose own step begins a dialog registered only in its parent (as OfferPersonDialog begins the handoff). */
class Inner extends ComponentDialog {
  constructor() {
    super('inner');
  }
  protected override async onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return innerDc.beginDialog('waiting');
  }
}

class Outer extends ComponentDialog {
  constructor() {
    super('outer');
    this.addDialog(new Inner());
    this.addDialog(new Waiting('waiting'));
    this.initialDialogId = 'inner';
  }
  reprompt?: (dc: DialogContext) => Promise<void>;
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    await this.reprompt!(innerDc);
    return Dialog.EndOfTurn;
  }
}

async function run(reprompt: (dc: DialogContext) => Promise<void>): Promise<string[]> {
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty('dialogs'));
  const outer = new Outer();
  outer.reprompt = reprompt;
  dialogs.add(outer);
  const said: string[] = [];
  const adapter = new TestAdapter(async (context) => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === 'empty') await dc.beginDialog('outer');
    await state.saveChanges(context);
  });
  adapter.onTurnError = async (_context, error) => {
    said.push(`error: ${error.message}`);
  };
  await adapter.send({ type: ActivityTypes.Message, text: 'hi' });
  await adapter.send({ type: ActivityTypes.Message, text: 'help' });
  for (const activity of adapter.activeQueue) said.push(activity.text ?? '');
  return said;
}

describe('asking the waiting question again', () => {
  it('fails with botbuilder\'s own reprompt when the waiting dialog is registered above the component that began it', async () => {
    const said = await run((dc) => dc.repromptDialog());
    expect(said.join(' | ')).toMatch(/Can't find a dialog with an id of 'waiting'/);
  });

  it('reprompts the waiting dialog itself through contexts that keep their parents', async () => {
    const said = await run(repromptActive);
    expect(said).toEqual(['asked', 'again']);
  });
});
