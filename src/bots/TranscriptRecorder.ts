/**
 * Keeps the recent turns of a conversation for a link worker who picks the chat up: the person's message and what the
 * bot sends, gathered through the turn and appended to the RecentTurns store once, at its end (one write a turn;
 * conversation state no longer carries them). Only the last MAX_LINES lines, each cut to MAX_CHARS; nothing when the
 * person chose to stay anonymous (no consent) and nothing after their data was erased. Never written to logs.
 */
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { ConversationData, TranscriptLine } from '../dialogs/conversationData';
import { wasErased } from '../dialogs/turn';
import { MAX_LINE_CHARS, RECENT_LINES } from '../services/transcript/RecentTurns';

export const MAX_LINES = RECENT_LINES;
export const MAX_CHARS = MAX_LINE_CHARS;

export class TranscriptRecorder implements Middleware {
  constructor(private readonly data: ConversationData, private readonly clock: () => Date = () => new Date()) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    await this.attach(context);
    try {
      await next();
    } finally {
      await this.flush(context);
    }
  }

  /**
   * Notes this turn's message and, from now on, what the bot sends. Recording never gets in the way: if state
   * cannot be read (a store that has gone away), the turn and its replies (a crisis message above all) go on.
   */
  async attach(context: TurnContext): Promise<void> {
    const { type, text } = context.activity;
    if (type === ActivityTypes.Message && typeof text === 'string' && text.trim() !== '') await this.tryNote(context, 'patient', text);
    context.onSendActivities(async (ctx, activities, send) => {
      for (const activity of activities) {
        if (activity.type === ActivityTypes.Message && typeof activity.text === 'string' && activity.text !== '') await this.tryNote(ctx, 'bot', activity.text);
      }
      return send();
    });
  }

  /** Appends the turn's lines (none after erasure, none once the person chose anonymity); never throws. */
  async flush(context: TurnContext): Promise<void> {
    try {
      if (wasErased(context) || (await this.data.getSession(context)).mode === 'anonymous') {
        this.data.transcript.discard(context);
        return;
      }
      await this.data.transcript.flush(context);
    } catch {
      // The transcript is a convenience for link workers; the conversation matters more.
    }
  }

  private async tryNote(context: TurnContext, from: TranscriptLine['from'], text: string): Promise<void> {
    try {
      if (wasErased(context)) return;
      if ((await this.data.getSession(context)).mode === 'anonymous') return;
      this.data.transcript.note(context, { from, text, at: this.clock().toISOString() });
    } catch {
      // As above.
    }
  }
}
