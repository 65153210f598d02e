import type { DialogContext } from 'botbuilder-dialogs';

/**
 * Asks the waiting question again. botbuilder's ComponentDialog.repromptDialog builds its inner context without a
 * parent, so a dialog begun inside a component but registered above it (the handoff, begun inside the referral by
 * OfferPersonDialog) cannot be found there and the turn fails. Following `child` keeps each context's parent, and the
 * innermost active dialog (the prompt that asked) is reprompted, which is what the chain of components would do.
 */
export async function repromptActive(dc: DialogContext): Promise<void> {
  let leaf = dc;
  for (let child = leaf.child; child?.activeDialog; child = child.child) leaf = child;
  await leaf.repromptDialog();
}
