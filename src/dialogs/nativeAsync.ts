/**
 * The dialog contexts and the waterfall Signpost's dialogs run in, with the library's async methods as native async
 * functions. botbuilder-dialogs is compiled for ES2015: each of its async methods runs a new generator function
 * through `__awaiter`, a closure with a prototype and hidden class of its own that V8 builds afresh on every call (the
 * cost found in issue 22: about 50 such calls a Signpost turn, 37 of them in DialogContext, WaterfallDialog and
 * ComponentDialog). The methods here do exactly what the library's do (botbuilder-dialogs 4.23: the same steps in the
 * same order, the same errors, the same telemetry), only as native async functions; test/dialogs runs every dialog
 * through them, and test/dialogs/nativeAsync.test.ts runs the library's and these side by side.
 *
 * `SignpostDialogContext` is the context every Signpost component makes for its inner dialogs (ComponentDialog in
 * dialogLibrary.ts) and the root one (`createDialogContext`); `WaterfallDialog` runs its steps in a
 * `SignpostStepContext`.
 */
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { telemetryTrackDialogView } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { DialogEvent, DialogInstance, DialogState, DialogTurnResult, WaterfallStep, WaterfallStepInfo } from 'botbuilder-dialogs';
import { Dialog, DialogReason, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
import { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { DialogContextError } from 'botbuilder-dialogs/lib/dialogContextError';
import { DialogEvents } from 'botbuilder-dialogs/lib/dialogEvents';
import type { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
import { TurnPath } from 'botbuilder-dialogs/lib/memory/turnPath';
import { WaterfallDialog as LibraryWaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
import { WaterfallStepContext } from 'botbuilder-dialogs/lib/waterfallStepContext';
import { activityReceivedMark } from './activityReceivedOnce';

/** Used when the library's own mark of a sent `activityReceived` cannot be found (activityReceivedOnce.ts). */
const OWN_ACTIVITY_RECEIVED_MARK = Symbol('ActivityReceivedEmitted (Signpost)');

/** The library's wrapErrors: an error from a dialog comes out enriched with the context it came from. */
async function wrapErrors<T>(dc: DialogContext, promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof DialogContextError) throw error;
    throw new DialogContextError(error as Error, dc);
  }
}

async function beginDialog(dc: DialogContext, dialogId: string, options?: object): Promise<DialogTurnResult> {
  const dialog = dc.findDialog(dialogId);
  if (!dialog) throw new DialogContextError(`DialogContext.beginDialog(): A dialog with an id of '${dialogId}' wasn't found.`, dc);
  const instance: DialogInstance = { id: dialogId, state: {} };
  dc.stack.push(instance);
  return wrapErrors(dc, dialog.beginDialog(dc, options));
}

async function continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
  const mark = (await activityReceivedMark()) ?? OWN_ACTIVITY_RECEIVED_MARK;
  if (!dc.context.turnState.has(mark)) {
    dc.context.turnState.set(mark, true);
    await dc.emitEvent(DialogEvents.activityReceived, dc.context.activity, true, true);
  }
  const instance = dc.activeDialog;
  if (!instance) return { status: DialogTurnStatus.empty };
  const dialog = dc.findDialog(instance.id);
  if (!dialog) throw new DialogContextError(`DialogContext.continueDialog(): Can't continue dialog. A dialog with an id of '${instance.id}' wasn't found.`, dc);
  return wrapErrors(dc, dialog.continueDialog(dc));
}

/** The library's private endActiveDialog, for any context (a parent may be the library's own). */
async function endActiveDialog(dc: DialogContext, reason: DialogReason, result?: unknown): Promise<void> {
  const instance = dc.activeDialog;
  if (!instance) return;
  const dialog = dc.findDialog(instance.id);
  if (dialog) await wrapErrors(dc, dialog.endDialog(dc.context, instance, reason));
  dc.stack.pop();
  dc.state.setValue(TurnPath.lastResult, result);
}

async function endDialog(dc: DialogContext, result?: unknown): Promise<DialogTurnResult> {
  await endActiveDialog(dc, DialogReason.endCalled, result);
  const instance = dc.activeDialog;
  if (!instance) return { status: DialogTurnStatus.complete, result };
  const dialog = dc.findDialog(instance.id);
  if (!dialog) throw new DialogContextError(`DialogContext.endDialog(): Can't resume previous dialog. A dialog with an id of '${instance.id}' wasn't found.`, dc);
  return wrapErrors(dc, dialog.resumeDialog(dc, DialogReason.endCalled, result));
}

async function replaceDialog(dc: DialogContext, dialogId: string, options?: object): Promise<DialogTurnResult> {
  await endActiveDialog(dc, DialogReason.replaceCalled);
  return dc.beginDialog(dialogId, options);
}

async function cancelAllDialogs(dc: DialogContext, cancelParents = false, eventName?: string, eventValue?: unknown): Promise<DialogTurnResult> {
  const name = eventName || DialogEvents.cancelDialog;
  if (dc.stack.length === 0 && dc.parent == undefined) return { status: DialogTurnStatus.empty };
  let notify = false;
  let current: DialogContext | undefined = dc;
  while (current != undefined) {
    if (current.stack.length > 0) {
      // The context that asked is not told; those above it may handle the cancel themselves.
      if (notify && (await current.emitEvent(name, eventValue, false, false))) break;
      await endActiveDialog(current, DialogReason.cancelCalled);
    } else {
      current = cancelParents ? current.parent : undefined;
    }
    notify = true;
  }
  return { status: DialogTurnStatus.cancelled };
}

async function repromptDialog(dc: DialogContext): Promise<void> {
  const handled = await dc.emitEvent(DialogEvents.repromptDialog, undefined, false, false);
  if (handled) return;
  const instance = dc.activeDialog;
  if (!instance) return;
  const dialog = dc.findDialog(instance.id);
  if (!dialog) throw new DialogContextError(`DialogContext.repromptDialog(): Can't find a dialog with an id of '${instance.id}'.`, dc);
  await wrapErrors(dc, dialog.repromptDialog(dc.context, instance));
}

async function emitEvent(dc: DialogContext, name: string, value?: unknown, bubble = true, fromLeaf = false): Promise<boolean> {
  const event: DialogEvent = { bubble, name, value };
  let target = dc;
  if (fromLeaf) {
    for (let child = target.child; child != undefined; child = target.child) target = child;
  }
  const instance = target.activeDialog;
  const dialog = instance != undefined ? target.findDialog(instance.id) : undefined;
  return dialog != undefined ? wrapErrors(dc, dialog.onDialogEvent(target, event)) : false;
}

/** A dialog context whose async methods are native (see above). */
export class SignpostDialogContext extends DialogContext {
  override beginDialog(dialogId: string, options?: object): Promise<DialogTurnResult> {
    return beginDialog(this, dialogId, options);
  }

  override continueDialog(): Promise<DialogTurnResult> {
    return continueDialog(this);
  }

  override endDialog(result?: unknown): Promise<DialogTurnResult> {
    return endDialog(this, result);
  }

  override replaceDialog(dialogId: string, options?: object): Promise<DialogTurnResult> {
    return replaceDialog(this, dialogId, options);
  }

  override cancelAllDialogs(cancelParents?: boolean, eventName?: string, eventValue?: unknown): Promise<DialogTurnResult> {
    return cancelAllDialogs(this, cancelParents, eventName, eventValue);
  }

  override repromptDialog(): Promise<void> {
    return repromptDialog(this);
  }

  override emitEvent(name: string, value?: unknown, bubble?: boolean, fromLeaf?: boolean): Promise<boolean> {
    return emitEvent(this, name, value, bubble, fromLeaf);
  }
}

/** A waterfall step's context with the same native methods, and a native `next`. */
export class SignpostStepContext<O extends object = object> extends WaterfallStepContext<O> {
  constructor(dc: DialogContext, private readonly info: WaterfallStepInfo<O>) {
    super(dc, info);
  }

  override next(result?: unknown): Promise<DialogTurnResult> {
    return this.info.onNext(result);
  }

  override beginDialog(dialogId: string, options?: object): Promise<DialogTurnResult> {
    return beginDialog(this, dialogId, options);
  }

  override continueDialog(): Promise<DialogTurnResult> {
    return continueDialog(this);
  }

  override endDialog(result?: unknown): Promise<DialogTurnResult> {
    return endDialog(this, result);
  }

  override replaceDialog(dialogId: string, options?: object): Promise<DialogTurnResult> {
    return replaceDialog(this, dialogId, options);
  }

  override cancelAllDialogs(cancelParents?: boolean, eventName?: string, eventValue?: unknown): Promise<DialogTurnResult> {
    return cancelAllDialogs(this, cancelParents, eventName, eventValue);
  }

  override repromptDialog(): Promise<void> {
    return repromptDialog(this);
  }

  override emitEvent(name: string, value?: unknown, bubble?: boolean, fromLeaf?: boolean): Promise<boolean> {
    return emitEvent(this, name, value, bubble, fromLeaf);
  }
}

/** The root context of a turn: what DialogSet.createContext makes, as a SignpostDialogContext. */
export async function createDialogContext(dialogs: DialogSet, context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<DialogContext> {
  const state = await accessor.get(context, { dialogStack: [] });
  return new SignpostDialogContext(dialogs, context, state);
}

interface WaterfallState {
  options: object;
  values: Record<string, unknown>;
  stepIndex: number;
}

/** botbuilder's WaterfallDialog, its async methods native, its steps run in a SignpostStepContext. */
export class WaterfallDialog<O extends object = object> extends LibraryWaterfallDialog<O> {
  private readonly stepList: WaterfallStep<O>[];

  constructor(dialogId: string, steps?: WaterfallStep<O>[]) {
    super(dialogId, steps);
    // The library keeps its steps in a private list; addStep (below) keeps this one the same.
    this.stepList = steps ? steps.slice(0) : [];
  }

  override addStep(step: WaterfallStep<O>): this {
    super.addStep(step);
    this.stepList.push(step);
    return this;
  }

  override async beginDialog(dc: DialogContext, options?: O): Promise<DialogTurnResult> {
    const state = dc.activeDialog?.state as WaterfallState;
    state.options = options || {};
    state.values = { instanceId: randomUUID() };
    this.telemetryClient.trackEvent({ name: 'WaterfallStart', properties: { DialogId: this.id, InstanceId: state.values.instanceId } });
    telemetryTrackDialogView(this.telemetryClient, this.id);
    return this.runNativeStep(dc, 0, DialogReason.beginCalled);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== 'message') return Dialog.EndOfTurn;
    return this.resumeDialog(dc, DialogReason.continueCalled, dc.context.activity.text);
  }

  override async resumeDialog(dc: DialogContext, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    const state = dc.activeDialog?.state as WaterfallState;
    return this.runNativeStep(dc, state.stepIndex + 1, reason, result);
  }

  protected override async onStep(step: WaterfallStepContext<O>): Promise<DialogTurnResult> {
    const state = step.activeDialog?.state as WaterfallState;
    this.telemetryClient.trackEvent({ name: 'WaterfallStep', properties: { DialogId: this.id, InstanceId: state.values.instanceId, StepName: this.stepName(step.index) } });
    return this.stepList[step.index](step);
  }

  protected override runStep(dc: DialogContext, index: number, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    return this.runNativeStep(dc, index, reason, result);
  }

  override async endDialog(_context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    const state = instance.state as WaterfallState;
    const instanceId = state.values.instanceId;
    if (reason === DialogReason.endCalled) {
      this.telemetryClient.trackEvent({ name: 'WaterfallComplete', properties: { DialogId: this.id, InstanceId: instanceId } });
    } else if (reason === DialogReason.cancelCalled) {
      this.telemetryClient.trackEvent({ name: 'WaterfallCancel', properties: { DialogId: this.id, StepName: this.stepName(state.stepIndex), InstanceId: instanceId } });
    }
  }

  private async runNativeStep(dc: DialogContext, index: number, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    if (index >= this.stepList.length) return dc.endDialog(result);
    const state = dc.activeDialog?.state as WaterfallState;
    state.stepIndex = index;
    let nextCalled = false;
    const step = new SignpostStepContext<O>(dc, {
      index,
      options: state.options as O,
      reason,
      result,
      values: state.values,
      onNext: async (stepResult?: unknown) => {
        if (nextCalled) throw new Error(`WaterfallStepContext.next(): method already called for dialog and step '${this.id}[${index}]'.`);
        nextCalled = true;
        return this.resumeDialog(dc, DialogReason.nextCalled, stepResult);
      },
    });
    return this.onStep(step);
  }

  /** The library's waterfallStepName: the step function's name, else "Step<n>of<m>". */
  private stepName(index: number): string {
    const step = this.stepList[index];
    if (!step) return '';
    return step.name || `Step${index + 1}of${this.stepList.length}`;
  }
}
