/**
 * A conversation's recent turns as a turn sees them: the lines already kept (the RecentTurns store) and this turn's,
 * held until the turn ends and then written in one append (flush), instead of the whole list being read, rewritten and
 * saved with conversation state every turn. A conversation begun before the store kept them has its lines in
 * conversation state (`transcript`): they are read with the rest and moved to the store by the next flush.
 */
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { RECENT_TURNS_LIMITS, withinLimits, type ConversationKey, type RecentTurns, type TranscriptLine } from '../services/transcript/RecentTurns';
import { wasErased } from './turn';

const PENDING = Symbol('recent turns of this turn, not yet written');
const FLUSHED = Symbol('this turn\'s recent turns were written');

const keyOf = (context: TurnContext): ConversationKey => ({ channel: context.activity.channelId, conversationId: context.activity.conversation.id });

export class TurnTranscript {
  constructor(private readonly store: RecentTurns | undefined, private readonly legacy: StatePropertyAccessor<TranscriptLine[]>) {}

  /** Adds a line (cut to its bound); written by flush, or at once when the turn was already flushed. */
  async add(context: TurnContext, line: TranscriptLine): Promise<void> {
    const bounded = line.text.length > RECENT_TURNS_LIMITS.lineChars ? { ...line, text: line.text.slice(0, RECENT_TURNS_LIMITS.lineChars) } : line;
    if (context.turnState.get(FLUSHED)) await this.required().append(keyOf(context), [bounded], RECENT_TURNS_LIMITS.lines);
    else this.pending(context).push(bounded);
  }

  /** Every line kept for the conversation, this turn's included, oldest first, within the bounds. */
  async read(context: TurnContext): Promise<TranscriptLine[]> {
    const [legacy, stored] = await Promise.all([this.legacy.get(context), this.required().read(keyOf(context), RECENT_TURNS_LIMITS.lines)]);
    return withinLimits([...(legacy ?? []), ...stored, ...this.pending(context)]);
  }

  /** Forgets the conversation's lines, this turn's too (consent declined: nothing is kept). */
  async clear(context: TurnContext): Promise<void> {
    this.pending(context).length = 0;
    await this.legacy.delete(context);
    await this.required().clear(keyOf(context));
  }

  /**
   * Writes this turn's lines (once, at the end of the turn, before conversation state is saved). After an erasure,
   * removes the conversation's lines instead.
   */
  async flush(context: TurnContext): Promise<void> {
    const lines = this.pending(context);
    context.turnState.set(FLUSHED, true);
    context.turnState.delete(PENDING);
    if (wasErased(context)) {
      await this.required().clear(keyOf(context));
      return;
    }
    const legacy = await this.legacy.get(context);
    if (legacy !== undefined) await this.legacy.delete(context);
    const all = legacy?.length ? [...legacy, ...lines] : lines;
    if (all.length > 0) await this.required().append(keyOf(context), all, RECENT_TURNS_LIMITS.lines);
  }

  private pending(context: TurnContext): TranscriptLine[] {
    let lines = context.turnState.get(PENDING) as TranscriptLine[] | undefined;
    if (!lines) context.turnState.set(PENDING, (lines = []));
    return lines;
  }

  private required(): RecentTurns {
    if (!this.store) throw new Error('ConversationData was built without a RecentTurns store: the recent turns cannot be kept or read');
    return this.store;
  }
}
