/**
 * At the start of every turn botbuilder-dialogs sends an `activityReceived` event from the innermost active dialog up
 * to the root (the first `DialogContext.continueDialog` of a turn does it), so that dialogs that listen for it
 * (botbuilder's own prompts, adaptive dialogs) may act before the turn goes on. With the referral nested four deep
 * that is about twenty of the library's async calls a turn (each an `emitEvent`, `onDialogEvent`,
 * `onPreBubbleEvent`, `onPostBubbleEvent`, and a dialog context per level), a fifth of all it makes, and none of
 * Signpost's dialogs listens: every one keeps the library's defaults, which pass the event on and handle nothing.
 *
 * `skipUnheardActivityReceived` marks the turn as one whose event was already sent, as the library does itself once
 * it has sent it, when no dialog in the tree listens (checked once per dialog tree: a dialog added later that
 * overrides one of the event methods, or one of botbuilder's prompts, turns the event back on). The library keeps its
 * mark under a symbol of its own; it is found once, by sending the event in a context of its own. If a release of
 * the library stops setting a mark, nothing is skipped.
 */
import { TurnContext, type BotAdapter } from 'botbuilder';
// From the library's own modules, not dialogLibrary.ts, which (through nativeAsync.ts) imports this module.
import { ComponentDialog as LibraryComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
import { Dialog } from 'botbuilder-dialogs/lib/dialog';
import { DialogContainer } from 'botbuilder-dialogs/lib/dialogContainer';
import { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';

let mark: Promise<symbol | undefined> | undefined;

/** The turn-state key botbuilder-dialogs sets once a turn's `activityReceived` was sent (undefined if it sets none). */
export function activityReceivedMark(): Promise<symbol | undefined> {
  mark ??= (async () => {
    const context = new TurnContext({} as BotAdapter, { type: 'message', text: '' });
    const before = new Set(context.turnState.keys());
    await new DialogContext(new DialogSet(), context, { dialogStack: [] }).continueDialog();
    return [...context.turnState.keys()].find((key): key is symbol => typeof key === 'symbol' && !before.has(key) && key.description === 'ActivityReceivedEmitted');
  })();
  return mark;
}

/** The methods through which a dialog hears events, and the library's own versions of them (which hear nothing). */
const EVENT_METHODS = ['onDialogEvent', 'onPreBubbleEvent', 'onPostBubbleEvent'] as const;
const QUIET: ReadonlySet<unknown> = new Set([
  ...EVENT_METHODS.map((name) => Dialog.prototype[name]),
  // A container's own onDialogEvent hears only `versionChanged`, then does what Dialog's does.
  DialogContainer.prototype.onDialogEvent,
]);

/** Whether no dialog in the tree (the dialog and every dialog inside it) does anything with an event. */
export function hearsNoEvents(dialog: Dialog): boolean {
  if (EVENT_METHODS.some((name) => !QUIET.has(dialog[name]))) return false;
  return dialog instanceof LibraryComponentDialog ? dialog.dialogs.getDialogs().every(hearsNoEvents) : true;
}

/**
 * Before a turn's first `continueDialog` on a tree of dialogs where nothing hears events: marks the turn's
 * `activityReceived` as sent, so the library does not walk it down and up the stack for nothing.
 */
export async function skipUnheardActivityReceived(context: TurnContext, quiet: boolean): Promise<void> {
  if (!quiet) return;
  const key = await activityReceivedMark();
  if (key && !context.turnState.has(key)) context.turnState.set(key, true);
}
