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

