/**
 * Keeps the recent turns of a conversation in conversation state, so a link worker who picks the chat up can read
 * what was said, from the start: a whole self-referral with services shown runs to 60-80 lines, so the bound
 * (MAX_LINES, MAX_TOTAL_CHARS; the oldest go first beyond it) is far above one, and only keeps a runaway chat from
 * growing conversation state without end. Each line is cut to MAX_CHARS. Nothing when the person chose to stay
 * anonymous (no consent) and nothing after their data was erased. Never written to logs.
 */
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { ConversationData, TranscriptLine } from '../dialogs/conversationData';
import { wasErased } from '../dialogs/turn';

export const MAX_LINES = 400;
export const MAX_CHARS = 2000;
export const MAX_TOTAL_CHARS = 100_000;

export class TranscriptRecorder implements Middleware {
  constructor(private readonly data: ConversationData, private readonly clock: () => Date = () => new Date()) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    await this.attach(context);
    await next();
  }

  /**
   * Records this turn's message and, from now on, what the bot sends. Recording never gets in the way: if state
   * cannot be read (a store that has gone away), the turn and its replies (a crisis message above all) go on.
   */
  async attach(context: TurnContext): Promise<void> {
    const { type, text } = context.activity;
    if (type === ActivityTypes.Message && typeof text === 'string' && text.trim() !== '') await this.tryAppend(context, 'patient', text);
    context.onSendActivities(async (ctx, activities, send) => {
      for (const activity of activities) {
        if (activity.type === ActivityTypes.Message && typeof activity.text === 'string' && activity.text !== '') await this.tryAppend(ctx, 'bot', activity.text);
      }
      return send();
    });
  }

  private async tryAppend(context: TurnContext, from: TranscriptLine['from'], text: string): Promise<void> {
    try {
      await this.append(context, from, text);
    } catch {
      // The transcript is a convenience for link workers; the conversation matters more.
    }
  }

  private async append(context: TurnContext, from: TranscriptLine['from'], text: string): Promise<void> {
    if (wasErased(context)) return;
    const session = await this.data.getSession(context);
    if (session.mode === 'anonymous') return;
    const lines = await this.data.transcript.get(context, []);
    lines.push({ from, text: text.slice(0, MAX_CHARS), at: this.clock().toISOString() });
    if (lines.length > MAX_LINES) lines.splice(0, lines.length - MAX_LINES);
    let total = lines.reduce((sum, line) => sum + line.text.length, 0);
    while (total > MAX_TOTAL_CHARS && lines.length > 1) total -= lines.shift()?.text.length ?? 0;
    await this.data.transcript.set(context, lines);
  }
}
