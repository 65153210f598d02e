/**
 * The embedded queue's waiting handoffs, held in memory in queue order (handoffOrder.ts: urgent first, then oldest,
 * then order of arrival). claimNext takes the first instead of finding, copying and sorting every waiting handoff in
 * the file, which with thousands waiting took tens of milliseconds a claim with the store's lock held.
 *
 * It holds only the sort keys; the handoffs stay in the file. EmbeddedHandoffQueue, which makes every change to the
 * queue, puts each handoff here as it is after each change is written, and builds it from the file when it opens.
 */
import { compareQueueOrder } from '../shared/handoffOrder';
import type { HandoffRecord } from '../shared/handoffRecords';

type Keys = Pick<HandoffRecord, '_id' | 'status' | 'priorityRank' | 'createdAt' | 'seq'>;

interface Waiting {
  id: string;
  priorityRank: number;
  createdAt: number;
  seq: number;
}

/** Negative when a is served before b: the queue's order, then the id so that no two compare equal. */
function queueOrder(a: Waiting, b: Waiting): number {
  return compareQueueOrder(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class WaitingHandoffs {
  /** In queue order. */
  private readonly order: Waiting[] = [];
  private readonly byId = new Map<string, Waiting>();

  get size(): number {
    return this.order.length;
  }

  /** Puts a handoff as it now is: in its place while it waits, gone otherwise. */
  put(record: Keys): void {
    this.remove(record._id);
    if (record.status !== 'waiting') return;
    const entry: Waiting = { id: record._id, priorityRank: record.priorityRank, createdAt: record.createdAt.getTime(), seq: record.seq };
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (queueOrder(this.order[mid], entry) < 0) low = mid + 1;
      else high = mid;
    }
    this.order.splice(low, 0, entry);
    this.byId.set(entry.id, entry);
  }

  remove(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    this.order.splice(this.order.indexOf(entry), 1);
  }

  /** The id of the handoff to claim next. */
  first(): string | undefined {
    return this.order[0]?.id;
  }

  /** When the handoff waiting longest was queued. */
  oldestCreatedAt(): Date | undefined {
    if (this.order.length === 0) return undefined;
    let oldest = Infinity;
    for (const entry of this.order) oldest = Math.min(oldest, entry.createdAt);
    return new Date(oldest);
  }
}
