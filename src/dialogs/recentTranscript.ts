/**
 * A conversation's recent turns as the dialogs and the bot see them: the lines in the RecentTurns store, plus those of
 * the turn under way (kept in turn state and appended to the store once, at the turn's end, by TranscriptRecorder).
 * Conversations saved before the store existed may still hold their lines in conversation state ("transcript"): they
 * are read when the store has none, and moved to the store (and out of state) at the next turn's end.
 */
import type { ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { conversationKey, lastLines, storedLine, type RecentLine, type RecentTurns } from '../services/transcript/RecentTurns';

const PENDING = Symbol('signpost.recentTurns.pending');

export class RecentTranscript {
  /** Where lines were kept before the store: read and moved, never written. */
  private readonly legacy: StatePropertyAccessor<RecentLine[] | undefined>;

  constructor(state: ConversationState, private readonly store: RecentTurns) {
    this.legacy = state.createProperty<RecentLine[] | undefined>('transcript');
  }

  /** Adds a line to this turn's (cut to MAX_LINE_CHARS); written by flush. */
  note(context: TurnContext, line: RecentLine): void {
    pending(context).push(storedLine(line));
  }

  /** The recent lines so far, oldest first: stored (or, when none are, those in older state) and this turn's. */
  async lines(context: TurnContext): Promise<RecentLine[]> {
    const stored = await this.store.recent(keyOf(context));
    const earlier = stored.length > 0 ? stored : ((await this.legacy.get(context)) ?? []);
    return lastLines([...earlier, ...pending(context)]);
  }

  /** Drops every line: this turn's, the stored ones and any in older state. */
  async forget(context: TurnContext): Promise<void> {
    pending(context).length = 0;
    await this.store.erase([keyOf(context)]);
    await this.legacy.delete(context);
  }

  /** Drops this turn's lines without writing them. */
  discard(context: TurnContext): void {
    pending(context).length = 0;
  }

  /** Appends this turn's lines to the store in one write (with any still in older state before them, then removed). */
  async flush(context: TurnContext): Promise<void> {
    const lines = pending(context).splice(0);
    const older = await this.legacy.get(context);
    if (older !== undefined) {
      if (older.length > 0 && (await this.store.recent(keyOf(context), 1)).length === 0) lines.unshift(...older);
      await this.legacy.delete(context);
    }
    if (lines.length > 0) await this.store.append(keyOf(context), lastLines(lines));
  }
}

function pending(context: TurnContext): RecentLine[] {
  let lines = context.turnState.get(PENDING) as RecentLine[] | undefined;
  if (!lines) {
    lines = [];
    context.turnState.set(PENDING, lines);
  }
  return lines;
}

function keyOf(context: TurnContext): string {
  const { channelId, conversation } = context.activity;
  if (!channelId || !conversation?.id) throw new Error('A conversation key needs the channel and conversation id');
  return conversationKey(channelId, conversation.id);
}
