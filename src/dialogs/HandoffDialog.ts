/**
 * Hands the conversation to a link worker: puts it in the handoff queue (urgent first) with a summary that holds no
 * personal details (why, urgency, needs), the conversation reference the console replies through, and the recent
 * turns; tells the person honestly what happens next (their place and wait in opening hours, or when someone will
 * reply and where to get help before then); and emits Bot Framework's handoff initiation event for channels that
 * understand it. Asked again while one is open, it says so (and makes it urgent if it now is). Begin with
 * HandoffOptions; ends at once with { handoffId } (undefined when the queue could not be reached).
 *
 * From then on SignpostBot sends what the person writes to the handoff (src/bots/SignpostBot.ts).
 */
import { ActivityTypes, EventFactory, TurnContext, type Activity } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Logger } from '../logging';
import { say, type MessageId } from '../services/content/messages';
import type { NewHandoff, TranscriptEntry } from '../services/handoff/Handoff';
import type { BotHandoffs } from '../services/handoff/HandoffService';
import type { OpeningHours } from '../services/handoff/openingHours';
import { whatHappensNext } from '../services/handoff/whatHappensNext';
import { needLabel } from '../services/needs/taxonomy';
import type { PersonIds } from '../services/privacy/personId';
import type { ConversationData, Session, TranscriptLine } from './conversationData';
import { DIALOG_IDS, type HandoffOptions } from './dialogIds';

export const HANDOFF_DIALOG = DIALOG_IDS.handoff;

export interface HandoffDependencies {
  /** HandoffService: it makes every change (and marks the referral handed off). */
  handoffs: BotHandoffs;
  data: ConversationData;
  personIds: PersonIds;
  openingHours: OpeningHours;
  clock?: () => Date;
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
      const open = await this.deps.handoffs.openHandoffFor(conversation.id);
      if (open) {
        handoffId = open.id;
        if (urgent && open.priority !== 'urgent') await this.deps.handoffs.escalate(open.id, session.crisisCategories);
        await context.sendActivity(say('handoff.already'));
      } else {
        const transcript = session.mode === 'anonymous' ? [] : await this.deps.data.transcript.get(context, []);
        const handoff = await this.deps.handoffs.enqueue({
          personId: this.deps.personIds(channelId, from.id),
          ...(referralReference ? { referralReference } : {}),
          channel: channelId,
          conversationId: conversation.id,
          conversationReference: TurnContext.getConversationReference(context.activity),
          priority: urgent ? 'urgent' : 'normal',
          summary: handoffSummary(opts, session, urgent, (await this.deps.data.getDraft(context)).needs ?? []),
          transcript: toEntries(transcript),
        } satisfies NewHandoff);
        handoffId = handoff.id;
        this.deps.logger?.info({ handoff: handoff.id, priority: handoff.priority, reason: opts.reason, channel: channelId }, 'handoff queued');
        const position = await this.deps.handoffs.placeInQueue(handoff.id);
        const words = whatHappensNext({ position, urgent, hours: this.deps.openingHours, now: this.deps.clock?.() ?? new Date() });
        for (const text of words) await context.sendActivity(text);
        await context.sendActivity(initiationEvent(context, { handoffId: handoff.id, priority: handoff.priority, reason: opts.reason }, transcript));
        if (!opts.thenCarryOn) await context.sendActivity(say('handoff.relay'));
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

/**
 * What the queue shows a link worker before they open the chat: why, how urgent, what about; after crisis words, the
 * kind of risk and the person's own words. No details from the referral (name, number, postcode).
 */
export function handoffSummary(options: HandoffOptions, session: Session, urgent: boolean, needs: string[]): string {
  const parts: string[] = [];
  if (urgent) parts.push(say('handoff.summary.urgent'));
  if (session.crisisCategories?.length) parts.push(say('handoff.summary.crisis', { categories: session.crisisCategories.map((c) => c.replace(/-/g, ' ')).join(', ') }));
  // The exact words that raised the risk: a link worker needs them before opening the chat.
  if (session.riskWords) parts.push(say('handoff.summary.riskWords', { words: session.riskWords }));
  if (options.reason !== 'crisis') parts.push(say(REASONS[options.reason]));
  parts.push(needs.length > 0 ? say('handoff.summary.needs', { needs: needs.map(needLabel).join(', ') }) : say('handoff.summary.noNeeds'));
  const reference = options.referralReference ?? session.referralReference;
  if (reference) parts.push(say('handoff.summary.referral', { reference }));
  return parts.join(' ');
}

/** Bot Framework's handoff.initiate event, with the chat so far as its Transcript attachment (none when anonymous). */
function initiationEvent(context: TurnContext, handoffContext: { handoffId: string; priority: string; reason: string }, lines: TranscriptLine[]): Partial<Activity> {
  const activities = lines.map((line) => ({ type: ActivityTypes.Message, text: line.text, timestamp: new Date(line.at), from: { id: line.from, role: line.from === 'bot' ? 'bot' : 'user' } }) as Partial<Activity>);
  return EventFactory.createHandoffInitiation(context, handoffContext, lines.length > 0 ? { activities: activities as Activity[] } : undefined);
}

function toEntries(lines: TranscriptLine[]): TranscriptEntry[] {
  return lines.map((line) => ({ from: line.from, text: line.text, at: new Date(line.at) }));
}
