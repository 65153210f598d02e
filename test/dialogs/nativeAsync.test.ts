/**
 * Signpost's dialog contexts, waterfall and component (src/dialogs/nativeAsync.ts, dialogLibrary.ts) behave as
 * botbuilder-dialogs' own: the same tree of dialogs run over the same turns with the library's classes and with
 * Signpost's gives the same replies, the same dialog stack after each turn, the same results and the same errors.
 */
import { ConversationState, MemoryStorage, TestAdapter, TurnContext, type StatePropertyAccessor } from 'botbuilder';
import * as library from 'botbuilder-dialogs';
import type { DialogContext, DialogInstance, DialogState, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import * as signpost from '../../src/dialogs/dialogLibrary';
import { SignpostDialogContext, SignpostStepContext } from '../../src/dialogs/nativeAsync';

interface Kit {
  ComponentDialog: typeof library.ComponentDialog;
  WaterfallDialog: typeof library.WaterfallDialog;
  createContext(set: library.DialogSet, context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<DialogContext>;
}

const LIBRARY: Kit = {
  ComponentDialog: library.ComponentDialog,
  WaterfallDialog: library.WaterfallDialog,
  createContext: (set, context) => set.createContext(context),
};
const SIGNPOST: Kit = {
  ComponentDialog: signpost.ComponentDialog as unknown as typeof library.ComponentDialog,
  WaterfallDialog: signpost.WaterfallDialog as unknown as typeof library.WaterfallDialog,
  createContext: (set, context, accessor) => signpost.createDialogContext(set as never, context, accessor),
};

/** Asks its question, and ends with the next message's text (what a prompt does, with nothing else). */
class Ask extends library.Dialog {
  override async beginDialog(dc: DialogContext, options?: { question: string }): Promise<DialogTurnResult> {
    dc.activeDialog!.state.question = options?.question;
    await dc.context.sendActivity(options?.question ?? '?');
    return library.Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const text = dc.context.activity.text ?? '';
    if (text === 'boom') throw new Error('the answer broke');
    if (text === 'again') {
      await dc.context.sendActivity(`again: ${dc.activeDialog!.state.question}`);
      return library.Dialog.EndOfTurn;
    }
    return dc.endDialog(text);
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await context.sendActivity(`reprompt: ${instance.state.question}`);
  }
}

/** A component (details) inside a component (root), waterfalls in both, with next, replace, end and cancel. */
function tree(kit: Kit): library.ComponentDialog {
  const details = new kit.ComponentDialog('details');
  details.addDialog(new kit.WaterfallDialog('details.steps', [
    async (step: WaterfallStepContext) => step.beginDialog('ask', { question: 'name?' }),
    async (step: WaterfallStepContext) => {
      (step.values as { name?: unknown }).name = step.result;
      // A step that goes straight on.
      return step.next(`${String(step.result)}!`);
    },
    async (step: WaterfallStepContext) => step.beginDialog('ask', { question: `age, ${String(step.result)}?` }),
    async (step: WaterfallStepContext) => (step.result === 'loop' ? step.replaceDialog('details.steps') : step.endDialog({ name: (step.values as { name?: unknown }).name, age: step.result })),
  ]));
  details.addDialog(new Ask('ask'));
  const root = new kit.ComponentDialog('root');
  root.addDialog(new kit.WaterfallDialog('root.steps', [
    async (step: WaterfallStepContext) => step.beginDialog('details'),
    async (step: WaterfallStepContext) => {
      await step.context.sendActivity(`got ${JSON.stringify(step.result)}`);
      return step.endDialog('done');
    },
  ]));
  root.addDialog(details);
  return root;
}

/** Runs the turns through the tree made with the kit; what each turn sent, its result and the stack after it. */
async function run(kit: Kit, texts: string[]): Promise<unknown[]> {
  const storage = new MemoryStorage();
  const state = new ConversationState(storage);
  const accessor = state.createProperty<DialogState>('dialogs');
  const root = tree(kit);
  const seen: unknown[] = [];
  for (const text of texts) {
    const sent: string[] = [];
    const adapter = new TestAdapter(async () => undefined);
    const context = new TurnContext(adapter, { type: 'message', text, channelId: 'test', conversation: { id: 'c1', isGroup: false, conversationType: '', name: '' }, from: { id: 'u1', name: '' }, recipient: { id: 'bot', name: '' } });
    context.onSendActivities(async (_ctx, activities, next) => {
      sent.push(...activities.map((a) => a.text ?? ''));
      return next();
    });
    const set = new library.DialogSet(accessor);
    set.add(root);
    const dc = await kit.createContext(set, context, accessor);
    let outcome: unknown;
    try {
      if (text === 'cancel') outcome = await dc.cancelAllDialogs();
      else if (text === 'reprompt') outcome = await dc.repromptDialog();
      else {
        let result = await dc.continueDialog();
        if (result.status === library.DialogTurnStatus.empty) result = await dc.beginDialog('root');
        outcome = result;
      }
    } catch (error) {
      outcome = { error: (error as Error).name, message: (error as Error).message, dialogContext: (error as { dialogContext?: unknown }).dialogContext };
    }
    await state.saveChanges(context);
    const stack = (await accessor.get(context, { dialogStack: [] })).dialogStack;
    // The waterfalls' instance ids are random.
    seen.push(JSON.parse(JSON.stringify({ text, sent, outcome, stack, lastResult: dc.state.getValue('turn.lastresult') as unknown }).replace(/"instanceId":"[^"]+"/g, '"instanceId":"x"')) as unknown);
  }
  return seen;
}

const TURNS = ['hi', 'Sam', 'loop', 'Alex', 'again', 'reprompt', '42', 'hello', 'Kim', 'cancel', 'hi', 'boom', 'Jo', '7'];

it("runs a tree of dialogs exactly as botbuilder-dialogs' own classes do, turn by turn", async () => {
  const ours = await run(SIGNPOST, TURNS);
  expect(ours).toEqual(await run(LIBRARY, TURNS));
  // And it did run: a result, a replace, a cancel and an enriched error are among the turns.
  expect(JSON.stringify(ours)).toContain('got {\\"name\\":\\"Alex\\",\\"age\\":\\"42\\"}');
  expect(ours).toContainEqual(expect.objectContaining({ text: 'cancel', outcome: { status: 'cancelled' } }));
  expect(ours).toContainEqual(expect.objectContaining({ text: 'boom', outcome: expect.objectContaining({ error: 'DialogContextError', message: 'the answer broke' }) }));
});

it("makes Signpost's contexts inside components and for waterfall steps", async () => {
  const contexts: string[] = [];
  const root = new signpost.ComponentDialog('root');
  root.addDialog(new signpost.WaterfallDialog('steps', [
    async (step: WaterfallStepContext) => {
      contexts.push(step.constructor.name, step.parent?.constructor.name ?? '');
      return step.endDialog();
    },
  ]));
  const accessor = new ConversationState(new MemoryStorage()).createProperty<DialogState>('dialogs');
  const set = new library.DialogSet(accessor);
  set.add(root);
  const context = new TurnContext(new TestAdapter(async () => undefined), { type: 'message', text: 'hi', channelId: 'test', conversation: { id: 'c2', isGroup: false, conversationType: '', name: '' }, from: { id: 'u1', name: '' }, recipient: { id: 'bot', name: '' } });
  const dc = await signpost.createDialogContext(set as never, context, accessor);
  expect(dc).toBeInstanceOf(SignpostDialogContext);
  await dc.beginDialog('root');
  expect(contexts).toEqual([SignpostStepContext.name, SignpostDialogContext.name]);
});
