/**
 * Hands the conversation to a link worker: puts it in the handoff queue (urgent first) with a summary that holds no
 * personal details (why, urgency, needs), the conversation reference the console replies through, and the recent
 * turns, then tells the person honestly what happens next. Begin with HandoffOptions; ends at once with
 * { handoffId } (undefined when the queue could not be reached).
 *
 * The link worker's side (console, relaying messages, opening hours, status events) builds on this later.
 */
import { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Logger } from '../logging';
import { say, type MessageId } from '../services/content/messages';
import type { NewHandoff, TranscriptEntry } from '../services/handoff/Handoff';
import type { HandoffQueue } from '../services/handoff/HandoffQueue';
import { needLabel } from '../services/needs/taxonomy';
import type { PersonIds } from '../services/privacy/personId';
import type { ConversationData, Session, TranscriptLine } from './conversationData';
import { DIALOG_IDS, type HandoffOptions } from './dialogIds';

export const HANDOFF_DIALOG = DIALOG_IDS.handoff;

export interface HandoffDependencies {
  handoffs: HandoffQueue;
  data: ConversationData;
  personIds: PersonIds;
  logger?: Logger;
}

export interface HandoffResult {
  handoffId?: string;
}

export class HandoffDialog extends Dialog<HandoffOptions> {
  constructor(private readonly deps: HandoffDependencies) {
    super(HANDOFF_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: HandoffOptions): Promise<DialogTurnResult> {
    const context = dc.context;
    const opts: HandoffOptions = options ?? { reason: 'asked', urgent: false };
    const session = await this.deps.data.getSession(context);
    const urgent = opts.urgent || session.urgent === true;
    const referralReference = opts.referralReference ?? session.referralReference;
    const { channelId, conversation, from } = context.activity;
    let handoffId: string | undefined;
    try {
      const open = await this.deps.handoffs.findOpenByConversation(conversation.id);
      if (open) {
        handoffId = open.id;
        await context.sendActivity(say('handoff.already'));
      } else {
        const handoff = await this.deps.handoffs.enqueue({
          personId: this.deps.personIds(channelId, from.id),
          ...(referralReference ? { referralReference } : {}),
          channel: channelId,
          conversationId: conversation.id,
          conversationReference: TurnContext.getConversationReference(context.activity),
          priority: urgent ? 'urgent' : 'normal',
          summary: handoffSummary(opts, session, urgent, (await this.deps.data.getDraft(context)).needs ?? []),
          transcript: session.mode === 'anonymous' ? [] : toEntries(await this.deps.data.transcript.get(context, [])),
        } satisfies NewHandoff);
        handoffId = handoff.id;
        this.deps.logger?.info({ handoff: handoff.id, priority: handoff.priority, reason: opts.reason, channel: channelId }, 'handoff queued');
        await context.sendActivity(say(urgent ? 'handoff.queuedUrgent' : 'handoff.queued'));
      }
    } catch (error) {
      this.deps.logger?.error({ err: error, dialog: HANDOFF_DIALOG, channel: channelId }, 'could not queue the handoff');
      await context.sendActivity(say('handoff.failed'));
    }
    if (opts.thenCarryOn) await context.sendActivity(say('handoff.carryOn'));
    return dc.endDialog({ handoffId } satisfies HandoffResult);
  }
}

const REASONS = {
  asked: 'handoff.summary.asked',
  misunderstood: 'handoff.summary.misunderstood',
  'after-signposting': 'handoff.summary.after-signposting',
} as const satisfies Record<Exclude<HandoffOptions['reason'], 'crisis'>, MessageId>;

/** What the queue shows a link worker before they open the chat: why, how urgent, what about. No personal details. */
export function handoffSummary(options: HandoffOptions, session: Session, urgent: boolean, needs: string[]): string {
  const parts: string[] = [];
  if (urgent) parts.push(say('handoff.summary.urgent'));
  if (session.crisisCategories?.length) parts.push(say('handoff.summary.crisis', { categories: session.crisisCategories.map((c) => c.replace(/-/g, ' ')).join(', ') }));
  if (options.reason !== 'crisis') parts.push(say(REASONS[options.reason]));
  parts.push(needs.length > 0 ? say('handoff.summary.needs', { needs: needs.map(needLabel).join(', ') }) : say('handoff.summary.noNeeds'));
  const reference = options.referralReference ?? session.referralReference;
  if (reference) parts.push(say('handoff.summary.referral', { reference }));
  return parts.join(' ');
}

function toEntries(lines: TranscriptLine[]): TranscriptEntry[] {
  return lines.map((line) => ({ from: line.from, text: line.text, at: new Date(line.at) }));
}
