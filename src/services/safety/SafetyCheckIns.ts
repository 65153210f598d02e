/**
 * When someone is asked directly about their safety and does not answer, a person checks in: after a while with no
 * reply the conversation is started again by Signpost itself (a proactive turn) and, if the question is still
 * waiting, an urgent handoff is queued. Timers live in this process: a restart before one fires loses it (the hazard
 * log, H4, records this residual risk).
 */
import type { ConversationReference } from 'botbuilder';

/** What the dialogs need: ask for a check-in on this conversation, or call it off once answered. */
export interface CheckInScheduler {
  schedule(reference: Partial<ConversationReference>): void;
  cancel(conversationId: string): void;
}

export const DEFAULT_CHECK_IN_MS = 10 * 60 * 1000;

export class SafetyCheckIns implements CheckInScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly checkIn: (reference: Partial<ConversationReference>) => Promise<void>,
    private readonly afterMs: number = DEFAULT_CHECK_IN_MS,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  schedule(reference: Partial<ConversationReference>): void {
    const id = reference.conversation?.id;
    if (!id) return;
    this.cancel(id);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.checkIn(reference).catch(this.onError);
    }, this.afterMs);
    timer.unref();
    this.timers.set(id, timer);
  }

  cancel(conversationId: string): void {
    const timer = this.timers.get(conversationId);
    if (timer) clearTimeout(timer);
    this.timers.delete(conversationId);
  }

  /** How many check-ins are waiting (tests, health). */
  get pending(): number {
    return this.timers.size;
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
