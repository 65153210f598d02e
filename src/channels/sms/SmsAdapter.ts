/**
 * The Bot Framework adapter for SMS: runs the same bot as web chat for texts, and turns the bot's activities into
 * texts in the outbox (rendered for SMS, numbered options remembered so a reply of "1" picks the first).
 * continueConversation lets link workers and follow-ups text a patient proactively; opted-out numbers get nothing.
 */
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { Logger } from '../../logging';
import { PatientOptedOutError } from '../../services/handoff/PatientChannels';
import type { SmsContact, SmsContacts } from '../../services/sms/SmsContacts';
import { SMS_CHANNEL_ID } from './identity';
import { renderActivityForSms, type SmsChoice } from './renderActivity';
import { channelShouldForget, isSafetyTurn } from '../../dialogs/turn';
import { setTurnMobile } from '../../dialogs/turnMobile';
import { joinSmsMessages, type RenderedMessage } from './renderText';
import { mustGoAlone } from './safetyTexts';
import type { QueuedPart, SmsDispatcher } from './SmsDispatcher';

export interface SmsAdapterOptions {
  dispatcher: SmsDispatcher;
  contacts: SmsContacts;
  logger: Logger;
}

/** What the adapter knows about the turn in progress. */
interface SmsTurn {
  contact: SmsContact;
  /** The incoming text this turn answers (its MessageSid), absent for proactive turns. */
  inReplyTo?: string;
  /** Whether a message of this turn has offered numbered options yet. */
  choicesOffered: boolean;
  /**
   * Messages of this turn not yet in the outbox: joined into as few texts as they fit and queued together when the
   * turn ends (one write, not one per message), before processActivity or continueConversation resolves. Undefined:
   * queue each message at once.
   */
  held?: RenderedMessage[];
}

const SMS_TURN = Symbol('smsTurn');
/** A reply that is just a number, e.g. "2", " 2. " or "2)". */
const NUMBERED_REPLY = /^\s*(\d{1,2})\s*[.)]?\s*$/;

export class UnknownSmsConversationError extends Error {
  constructor() {
    super('No SMS contact for this conversation: it must have texted Signpost (or been texted) first.');
    this.name = 'UnknownSmsConversationError';
  }
}

export class SmsAdapter extends BotAdapter {
  constructor(private readonly options: SmsAdapterOptions) {
    super();
  }

  /**
   * Runs one incoming activity through the middleware and the bot. The contact is looked up by conversation id when
   * not given. A reply that is only a number stands for the numbered option it names, if one was offered.
   */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>, contact?: SmsContact): Promise<void> {
    const known = contact ?? (await this.contactOf(activity.conversation?.id));
    const request = activity.type === ActivityTypes.Message ? withChosenOption(activity, known.choices) : activity;
    const context = new TurnContext(this, { ...request, channelId: SMS_CHANNEL_ID });
    const turn: SmsTurn = { contact: known, inReplyTo: activity.type === ActivityTypes.Message ? activity.id : undefined, choicesOffered: false, held: [] };
    context.turnState.set(SMS_TURN, turn);
    setTurnMobile(context, known.phone);
    await this.run(context, turn, logic);
  }

  /** Proactive: runs `logic` in the conversation the reference names; what it sends is texted (unless opted out). */
  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const contact = await this.contactOf(reference.conversation?.id);
    // Nothing proactive reaches a number that texted STOP; the caller is told (a link worker's reply is refused).
    if (contact.optedOut) throw new PatientOptedOutError();
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    const context = new TurnContext(this, { ...activity, channelId: SMS_CHANNEL_ID });
    const turn: SmsTurn = { contact, choicesOffered: false, held: [] };
    context.turnState.set(SMS_TURN, turn);
    await this.run(context, turn, logic);
  }

  /** Runs the turn, then queues its texts (even when the turn failed part-way: what was said is sent). */
  private async run(context: TurnContext, turn: SmsTurn, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    try {
      await this.runMiddleware(context, logic);
    } finally {
      // A turn that answers words of risk is urgent: its texts go first and no limit holds them back.
      const urgent = isSafetyTurn(context);
      const held: QueuedPart[] = joinSmsMessages(turn.held ?? []).map((part) => (urgent ? { ...part, urgent: true } : part));
      turn.held = undefined;
      // The person asked for their data to be deleted: their texts and contact go now, after the turn, and the
      // confirmation is kept only until it is sent (unless kept after crisis words, so a worker can reach them).
      const erased = channelShouldForget(context);
      if (erased) await this.options.dispatcher.forget(turn.contact.phone);
      if (held.length > 0) await this.options.dispatcher.enqueue(turn.contact.phone, held, { inReplyTo: turn.inReplyTo, transient: erased });
    }
  }

  /** Same as continueConversation: SMS has no bot identity to check (the app id or claims are ignored). */
  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: ((context: TurnContext) => Promise<void>) | string,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new TypeError('continueConversationAsync needs a logic function');
    await this.continueConversation(reference, logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const turn = await this.turnOf(context);
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if ((activity.type ?? ActivityTypes.Message) !== ActivityTypes.Message) {
        // Typing, delays, traces and events (such as handoff.initiate) have no SMS form.
        responses.push({ id: '' });
        continue;
      }
      const rendered = renderActivityForSms(activity);
      await this.rememberChoices(turn, rendered.choices);
      const parts: QueuedPart[] = isSafetyTurn(context) ? rendered.parts.map((part) => ({ ...part, urgent: true })) : rendered.parts;
      if (turn.held) {
        turn.held.push({ parts: rendered.parts, alone: mustGoAlone(activity.text) });
        responses.push({ id: '' });
        continue;
      }
      const ids = await this.options.dispatcher.enqueue(turn.contact.phone, parts, { inReplyTo: turn.inReplyTo });
      responses.push({ id: ids[0] ?? '' });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error('A text message cannot be changed once sent.');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('A text message cannot be deleted once sent.');
  }

  private async contactOf(conversationId: string | undefined): Promise<SmsContact> {
    const contact = conversationId ? await this.options.contacts.byConversation(conversationId) : undefined;
    if (!contact) throw new UnknownSmsConversationError();
    return contact;
  }

  private async turnOf(context: TurnContext): Promise<SmsTurn> {
    const existing = context.turnState.get(SMS_TURN) as SmsTurn | undefined;
    if (existing) return existing;
    const turn: SmsTurn = { contact: await this.contactOf(context.activity.conversation?.id), choicesOffered: false };
    context.turnState.set(SMS_TURN, turn);
    return turn;
  }

  /**
   * The numbered options a reply of "1" picks are those of the turn's last message that offered any; a turn whose
   * messages offer none clears them, so an old "1" never picks a stale option.
   */
  private async rememberChoices(turn: SmsTurn, choices: SmsChoice[]): Promise<void> {
    let next: SmsChoice[] | undefined;
    if (choices.length > 0) {
      turn.choicesOffered = true;
      next = choices;
    } else if (!turn.choicesOffered && turn.contact.choices.length > 0) {
      next = [];
    }
    if (next === undefined || sameChoices(next, turn.contact.choices)) return;
    await this.options.contacts.setChoices(turn.contact.phone, next);
    turn.contact = { ...turn.contact, choices: next };
  }
}

/** The activity with a numbered reply replaced by the option it picks (text, and value when the option has one). */
export function withChosenOption(activity: Partial<Activity>, choices: SmsChoice[]): Partial<Activity> {
  const match = typeof activity.text === 'string' ? NUMBERED_REPLY.exec(activity.text) : null;
  const choice = match ? choices[Number(match[1]) - 1] : undefined;
  if (!choice) return activity;
  return { ...activity, text: choice.text, ...(choice.value !== undefined ? { value: choice.value } : {}), channelData: { ...(activity.channelData as object | undefined), numberedReply: Number(match?.[1]) } };
}

function sameChoices(a: SmsChoice[], b: SmsChoice[]): boolean {
  return a.length === b.length && a.every((c, i) => c.text === b[i].text && JSON.stringify(c.value) === JSON.stringify(b[i].value));
}
