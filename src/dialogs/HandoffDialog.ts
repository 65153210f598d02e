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
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogLibrary';
import type { Logger } from '../logging';
import { isUkMobile, numberEnding } from '../services/contact/ukPhone';
import { say, type MessageId } from '../services/content/messages';
import type { NewHandoff, TranscriptEntry } from '../services/handoff/Handoff';
import type { BotHandoffs } from '../services/handoff/HandoffService';
import type { OpeningHours } from '../services/handoff/openingHours';
import { describeWhen, estimateWait } from '../services/handoff/waitEstimate';
import { whatHappensNext } from '../services/handoff/whatHappensNext';
import { needLabel } from '../services/needs/taxonomy';
import type { PersonIds } from '../services/privacy/personId';
import type { ConversationData, Session, TranscriptLine } from './conversationData';
import { DIALOG_IDS, type HandoffOptions } from './dialogIds';
import { AnswerPrompt, ANSWER_PROMPT, type AnswerPromptOptions, type AnswerResult } from './prompts/AnswerPrompt';

export const HANDOFF_DIALOG = DIALOG_IDS.handoff;
const STEPS = 'handoff.steps';

/**
 * A web chat ends when the tab closes: when nobody is likely to reply before then (out of hours, or a wait of this
 * many minutes or more), the person is offered texts instead.
 */
export const LONG_WAIT_MINUTES = 30;

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

/** What the steps keep between turns while the person is asked about texts. */
interface Offer {
  handoffId: string;
  /** "tomorrow at 9am", "in about 40 minutes". */
  when: string;
  /** A UK mobile they already gave. */
  known?: string;
}

export class HandoffDialog extends ComponentDialog {
  constructor(private readonly deps: HandoffDependencies) {
    super(HANDOFF_DIALOG);
    this.addDialog(new AnswerPrompt({ clock: deps.clock }));
    this.addDialog(new WaterfallDialog(STEPS, [this.queue.bind(this), this.answered.bind(this), this.numbered.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async queue(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const context = step.context;
    const opts: HandoffOptions = (step.options as HandoffOptions | undefined) ?? { reason: 'asked', urgent: false };
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
        const transcript = session.mode === 'anonymous' ? [] : await this.deps.data.transcript.read(context);
        const draft = await this.deps.data.getDraft(context);
        const needs = draft.needs ?? [];
        const handoff = await this.deps.handoffs.enqueue({
          personId: this.deps.personIds(channelId, from.id),
          ...(referralReference ? { referralReference } : {}),
          channel: channelId,
          conversationId: conversation.id,
          conversationReference: TurnContext.getConversationReference(context.activity),
          priority: urgent ? 'urgent' : 'normal',
          summary: handoffSummary(opts, session, urgent, needs),
          transcript: toEntries(transcript),
          // The same facts as the summary, as fields: the console shows them without parsing words.
          ...(needs.length ? { needs: [...needs] } : {}),
          ...(session.crisisCategories?.length ? { risk: { kinds: [...session.crisisCategories], ...(session.riskWords ? { words: session.riskWords } : {}) } } : {}),
        } satisfies NewHandoff);
        handoffId = handoff.id;
        this.deps.logger?.info({ handoff: handoff.id, priority: handoff.priority, reason: opts.reason, channel: channelId }, 'handoff queued');
        const position = await this.deps.handoffs.placeInQueue(handoff.id);
        const now = this.deps.clock?.() ?? new Date();
        const words = whatHappensNext({ position, urgent, hours: this.deps.openingHours, now });
        for (const text of words) await context.sendActivity(text);
        await context.sendActivity(initiationEvent(context, { handoffId: handoff.id, priority: handoff.priority, reason: opts.reason }, transcript));
        // Web chat ends with the tab: if nobody is likely to reply before then, offer texts (not mid-referral, which carries on).
        const wait = estimateWait({ position, hours: this.deps.openingHours, now });
        const slow = wait.kind === 'later' || wait.minutes >= LONG_WAIT_MINUTES;
        if (slow && !opts.thenCarryOn && this.deps.handoffs.offersTexts(channelId)) {
          const when = wait.kind === 'later' ? describeWhen(wait.at, now, this.deps.openingHours) : say('handoff.when.minutes', { minutes: wait.minutes });
          const known = draft.contactValue && isUkMobile(draft.contactValue) ? draft.contactValue : undefined;
          (step.values as { offer?: Offer }).offer = { handoffId: handoff.id, when, ...(known ? { known } : {}) } satisfies Offer;
          await context.sendActivity(say('handoff.textBack.why'));
          return step.beginDialog(ANSWER_PROMPT, (known ? { question: 'textBackKnown', values: { ending: numberEnding(known) } } : { question: 'textBack' }) satisfies AnswerPromptOptions);
        }
        if (!opts.thenCarryOn) await context.sendActivity(say('handoff.relay'));
      }
    } catch (error) {
      this.deps.logger?.error({ err: error, dialog: HANDOFF_DIALOG, channel: channelId }, 'could not queue the handoff');
      await context.sendActivity(say('handoff.failed'));
    }
    if (opts.thenCarryOn) await context.sendActivity(say('handoff.carryOn'));
    return step.endDialog({ handoffId } satisfies HandoffResult);
  }

  /** Yes or no to texts; yes without a known mobile asks for one. */
  private async answered(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const offer = (step.values as { offer: Offer }).offer;
    const result = step.result as AnswerResult<boolean>;
    if (result.kind === 'answer' && result.value) {
      if (offer.known) return this.agreed(step, offer, offer.known);
      return step.beginDialog(ANSWER_PROMPT, { question: 'textBackNumber' } satisfies AnswerPromptOptions);
    }
    return this.declined(step, offer);
  }

  private async numbered(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const offer = (step.values as { offer: Offer }).offer;
    const result = step.result as AnswerResult<string>;
    if (result.kind === 'answer') return this.agreed(step, offer, result.value);
    return this.declined(step, offer);
  }

  private async agreed(step: WaterfallStepContext, offer: Offer, phone: string): Promise<DialogTurnResult> {
    try {
      await this.deps.handoffs.agreeToTexts(offer.handoffId, phone);
      await step.context.sendActivity(say('handoff.textBack.yes', { when: offer.when, ending: numberEnding(phone) }));
    } catch (error) {
      this.deps.logger?.error({ err: error, dialog: HANDOFF_DIALOG }, 'could not record the consent to be texted');
      await step.context.sendActivity(say('handoff.textBack.failed', { when: offer.when }));
    }
    await step.context.sendActivity(say('handoff.relay'));
    return step.endDialog({ handoffId: offer.handoffId } satisfies HandoffResult);
  }

  private async declined(step: WaterfallStepContext, offer: Offer): Promise<DialogTurnResult> {
    await step.context.sendActivity(say('handoff.textBack.no', { when: offer.when }));
    await step.context.sendActivity(say('handoff.relay'));
    return step.endDialog({ handoffId: offer.handoffId } satisfies HandoffResult);
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
