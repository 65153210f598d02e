/**
 * Keeps the recent turns of a conversation, so a link worker who picks the chat up can read what was said, from the
 * start (ConversationData.transcript: this turn's lines are written in one append when the turn ends, `flush`, called
 * by SignpostBot before it saves state). Each line is cut to its bound and only the latest are kept (RECENT_TURNS_LIMITS).
 * Nothing when the person chose to stay anonymous (no consent) and nothing after their data was erased. Never
 * written to logs.
 */
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { ConversationData, TranscriptLine } from '../dialogs/conversationData';
import { wasErased } from '../dialogs/turn';

export class TranscriptRecorder implements Middleware {
  constructor(private readonly data: ConversationData, private readonly clock: () => Date = () => new Date()) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    await this.attach(context);
    await next();
    await this.flush(context);
  }

  /**
   * Records this turn's message and, from now on, what the bot sends. Recording never gets in the way: if state
   * cannot be read (a store that has gone away), the turn and its replies (a crisis message above all) go on.
   */
  async attach(context: TurnContext): Promise<void> {
    const { type, text } = context.activity;
    if (type === ActivityTypes.Message && typeof text === 'string' && text.trim() !== '') await this.tryAdd(context, 'patient', text);
    context.onSendActivities(async (ctx, activities, send) => {
      for (const activity of activities) {
        if (activity.type === ActivityTypes.Message && typeof activity.text === 'string' && activity.text !== '') await this.tryAdd(ctx, 'bot', activity.text);
      }
      return send();
    });
  }

  /** Writes this turn's lines (or, after an erasure, removes the conversation's). Throws when the store fails. */
  async flush(context: TurnContext): Promise<void> {
    await this.data.transcript.flush(context);
  }

  private async tryAdd(context: TurnContext, from: TranscriptLine['from'], text: string): Promise<void> {
    try {
      if (wasErased(context)) return;
      const session = await this.data.getSession(context);
      if (session.mode === 'anonymous') return;
      await this.data.transcript.add(context, { from, text, at: this.clock().toISOString() });
    } catch {
      // The transcript is a convenience for link workers; the conversation matters more.
    }
  }
}
