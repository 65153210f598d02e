/**
 * Crisis words while storage is down: the crisis answer has gone (safety needs no store), but no person could be
 * offered and no handoff queued. This keeps such conversations in memory and tries again until the queue answers: an
 * urgent handoff with the kind of risk and the words (or the open one made urgent), so someone checks in once storage
 * returns. In memory only: a restart before storage returns loses them (hazard log, H5).
 */
import type { ConversationReference } from 'botbuilder';
import type { Logger } from '../../logging';
import { say } from '../content/messages';
import type { PersonIds } from '../privacy/personId';
import type { RiskKind } from '../safety/SafetyAssessor';
import type { BotHandoffs } from './HandoffService';

interface Waiting {
  reference: Partial<ConversationReference>;
  kinds: RiskKind[];
  words: string;
}

export const DEFAULT_RETRY_MS = 30_000;

export class UrgentHandoffRetry {
  private readonly waiting = new Map<string, Waiting>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: { handoffs: Pick<BotHandoffs, 'openHandoffFor' | 'enqueue' | 'escalate'>; personIds: PersonIds; logger: Logger; everyMs?: number },
  ) {}

  /** Remembers a conversation whose crisis could not be handed to a person. */
  add(reference: Partial<ConversationReference>, kinds: RiskKind[], words: string): void {
    const id = reference.conversation?.id;
    if (!id) return;
    const before = this.waiting.get(id);
    this.waiting.set(id, { reference, kinds: [...new Set([...(before?.kinds ?? []), ...kinds])], words: words.slice(0, 500) });
    this.deps.logger.warn({ event: 'urgent-handoff-waiting-for-storage', conversation: id }, 'crisis words while storage is down: an urgent handoff will be queued when it returns');
    this.timer ??= setInterval(() => void this.retry(), this.deps.everyMs ?? DEFAULT_RETRY_MS);
    this.timer.unref();
  }

  get pending(): number {
    return this.waiting.size;
  }

  /** One pass: queues what it can, keeps what it cannot. */
  async retry(): Promise<void> {
    for (const [id, item] of this.waiting) {
      try {
        const open = await this.deps.handoffs.openHandoffFor(id);
        if (open) {
          if (open.priority !== 'urgent') await this.deps.handoffs.escalate(open.id, item.kinds);
        } else {
          const categories = item.kinds.map((k) => k.replace(/-/g, ' ')).join(', ');
          const { reference } = item;
          await this.deps.handoffs.enqueue({
            personId: this.deps.personIds(reference.channelId ?? '', reference.user?.id ?? ''),
            channel: reference.channelId ?? '',
            conversationId: id,
            conversationReference: reference,
            priority: 'urgent',
            summary: [say('handoff.summary.urgent'), say('handoff.summary.crisis', { categories }), say('handoff.summary.riskWords', { words: item.words }), say('handoff.summary.storageWasDown')].join(' '),
          });
        }
        this.waiting.delete(id);
        this.deps.logger.info({ event: 'urgent-handoff-queued-after-outage', conversation: id }, 'urgent handoff queued once storage returned');
      } catch {
        // Still down: the next pass tries again.
      }
    }
    if (this.waiting.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
