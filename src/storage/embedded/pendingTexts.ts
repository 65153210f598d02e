/**
 * The embedded outbox's unsent texts (queued or being sent), held in memory by number, oldest first. A claim looks at
 * each number's first text instead of finding, copying and sorting every unsent text in the file: with a backlog (a
 * Twilio outage, or a busy hour) that search cost more than the rest of an SMS turn together, once per text sent.
 *
 * It holds only what a claim decides on (ids, numbers, order, status and times); the texts stay in the file.
 * EmbeddedSmsOutbox, which makes every change to the outbox, keeps it in step after each change is written, and
 * builds it from the file when it opens.
 */
import { isPendingSms, type OutgoingSms, type PendingSmsStatus } from '../../services/sms/SmsOutbox';

export type PendingText = Pick<OutgoingSms, 'id' | 'conversationId' | 'seq' | 'nextAttemptAt' | 'leaseUntil' | 'urgent'> & { status: PendingSmsStatus };

export class PendingTexts {
  /** Each number's unsent texts in sending order (seq). */
  private readonly byConversation = new Map<string, PendingText[]>();
  private readonly byId = new Map<string, PendingText>();

  get size(): number {
    return this.byId.size;
  }

  /** Adds or replaces a text; one that is no longer pending is dropped. */
  put(text: Pick<OutgoingSms, 'id' | 'conversationId' | 'seq' | 'nextAttemptAt' | 'leaseUntil' | 'status' | 'urgent'>): void {
    this.remove(text.id);
    if (!isPendingSms(text.status)) return;
    const entry: PendingText = { id: text.id, conversationId: text.conversationId, seq: text.seq, status: text.status, nextAttemptAt: text.nextAttemptAt, leaseUntil: text.leaseUntil, ...(text.urgent ? { urgent: true } : {}) };
    const queue = this.byConversation.get(entry.conversationId);
    if (!queue) this.byConversation.set(entry.conversationId, [entry]);
    else {
      // Texts arrive in seq order almost always: look from the end.
      let at = queue.length;
      while (at > 0 && queue[at - 1].seq > entry.seq) at -= 1;
      queue.splice(at, 0, entry);
    }
    this.byId.set(entry.id, entry);
  }

  remove(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    const queue = this.byConversation.get(entry.conversationId) ?? [];
    queue.splice(queue.indexOf(entry), 1);
    if (queue.length === 0) this.byConversation.delete(entry.conversationId);
  }

  removeConversation(conversationId: string): void {
    for (const entry of this.byConversation.get(conversationId) ?? []) this.byId.delete(entry.id);
    this.byConversation.delete(conversationId);
  }

  /**
   * Up to `limit` texts that may be sent now, oldest first: only the first unsent text of each number (its next one
   * waits for it), when it is queued and due or its claim has run out (a worker died mid-send).
   */
  due(now: Date, limit: number): PendingText[] {
    const firsts: PendingText[] = [];
    for (const queue of this.byConversation.values()) {
      const first = queue[0];
      if (first.status === 'queued' ? first.nextAttemptAt <= now : (first.leaseUntil ?? now) <= now) firsts.push(first);
    }
    return firsts.sort((a, b) => a.seq - b.seq).slice(0, Math.max(0, limit));
  }

  /** Up to `limit` queued, due urgent texts, oldest first, wherever they are in their number's queue. */
  urgentDue(now: Date, limit: number): PendingText[] {
    const urgent: PendingText[] = [];
    for (const queue of this.byConversation.values()) {
      for (const text of queue) if (text.urgent && text.status === 'queued' && text.nextAttemptAt <= now) urgent.push(text);
    }
    return urgent.sort((a, b) => a.seq - b.seq).slice(0, Math.max(0, limit));
  }
}
