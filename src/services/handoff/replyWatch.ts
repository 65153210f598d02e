/**
 * Nobody left waiting on a link worker (issue 18 item 8). In opening hours, a conversation held by a worker who has
 * not replied to the person for HANDOFF_REPLY_MINUTES is flagged in everyone's queue (a note in its transcript and a
 * `flagged` queue event); after twice that it returns to the queue, urgent ones first, with a note. The person is
 * waiting on the worker from the claim until the worker's first reply, and again from their first message after the
 * worker's last reply. The clock is injectable; app.ts sweeps every minute.
 */
import type { Logger } from '../../logging';
import type { Handoff } from './Handoff';
import type { HandoffService } from './HandoffService';
import { isOpen, type OpeningHours } from './openingHours';

export const DEFAULT_REPLY_MINUTES = 10;
const MINUTE_MS = 60_000;

/** Since when the person has been waiting on the holder's reply; null when the holder has the last word (or none holds it). */
export function waitingOnWorkerSince(handoff: Handoff): Date | null {
  if (handoff.status !== 'active' || !handoff.claimedAt) return null;
  const claimedAt = handoff.claimedAt.getTime();
  let lastReply: number | undefined;
  for (const entry of handoff.transcript) if (entry.from === 'worker' && entry.workerId === handoff.claimedBy && entry.at.getTime() >= claimedAt) lastReply = entry.at.getTime();
  if (lastReply === undefined) return handoff.claimedAt;
  const asked = handoff.transcript.find((entry) => entry.from === 'patient' && entry.at.getTime() > lastReply!);
  return asked ? asked.at : null;
}

export type ReplyState = 'ok' | 'flagged' | 'return';

/** Where a conversation stands against the reply target at `now` (opening hours are the caller's to check). */
export function replyState(handoff: Handoff, now: Date, replyMinutes: number): ReplyState {
  const since = waitingOnWorkerSince(handoff);
  if (!since) return 'ok';
  const waited = now.getTime() - since.getTime();
  if (waited >= 2 * replyMinutes * MINUTE_MS) return 'return';
  return waited >= replyMinutes * MINUTE_MS ? 'flagged' : 'ok';
}

export interface ReplyWatchDeps {
  handoffs: Pick<HandoffService, 'activeHandoffs' | 'flagNoReply' | 'returnToQueue'>;
  hours: OpeningHours;
  replyMinutes: number;
  now: () => Date;
  logger: Pick<Logger, 'warn'>;
}

export class HandoffReplyWatch {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly deps: ReplyWatchDeps) {}

  /** One look at every held conversation: flags, or returns to the queue (urgent first). Nothing out of hours. */
  async sweep(): Promise<{ flagged: string[]; returned: string[] }> {
    const now = this.deps.now();
    const result = { flagged: [] as string[], returned: [] as string[] };
    if (!isOpen(this.deps.hours, now)) return result;
    const active = await this.deps.handoffs.activeHandoffs();
    const urgentFirst = [...active.filter((h) => h.priority === 'urgent'), ...active.filter((h) => h.priority !== 'urgent')];
    for (const handoff of urgentFirst) {
      const state = replyState(handoff, now, this.deps.replyMinutes);
      if (state === 'return') {
        await this.deps.handoffs.returnToQueue(handoff.id, { reason: 'no-reply', minutes: 2 * this.deps.replyMinutes });
        result.returned.push(handoff.id);
      } else if (state === 'flagged' && (await this.deps.handoffs.flagNoReply(handoff, this.deps.replyMinutes))) {
        result.flagged.push(handoff.id);
      }
    }
    return result;
  }

  start(everyMs = MINUTE_MS): void {
    this.timer ??= setInterval(() => {
      if (this.running) return;
      this.running = true;
      this.sweep()
        .catch((error: unknown) => this.deps.logger.warn({ event: 'reply-watch-failed', errorType: (error as Error)?.name }, 'could not check for conversations waiting on a reply'))
        .finally(() => (this.running = false));
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
