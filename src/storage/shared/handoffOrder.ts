/**
 * Queue order, one definition for every adapter: urgent before normal, then oldest first, then order of arrival
 * within one millisecond.
 */
import type { HandoffPriority, HandoffStatus } from '../../services/handoff/Handoff';

/** Lower ranks are served first. A new priority must be ranked here (the Record type insists). */
export const PRIORITY_RANK: Record<HandoffPriority, number> = { urgent: 0, normal: 1 };

export const OPEN_STATUSES: HandoffStatus[] = ['waiting', 'active'];

/** Sort key fields shared by adapters: rank ascending, createdAt ascending, seq ascending. */
export const QUEUE_SORT = { priorityRank: 1, createdAt: 1, seq: 1 } as const;

/** A handoff's place in the queue: QUEUE_SORT's fields (a Date or its milliseconds for createdAt). */
export type QueueKeys = { [field in keyof typeof QUEUE_SORT]: number | Date };

/** QUEUE_SORT as a comparison (negative when a is served first), for a queue kept in memory. */
export function compareQueueOrder(a: QueueKeys, b: QueueKeys): number {
  for (const field of Object.keys(QUEUE_SORT) as (keyof typeof QUEUE_SORT)[]) {
    const difference = Number(a[field]) - Number(b[field]);
    if (difference !== 0) return difference * QUEUE_SORT[field];
  }
  return 0;
}
