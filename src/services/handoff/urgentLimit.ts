/**
 * Urgent handoffs per client address: one address (a script starting chat after chat) may make at most a few urgent
 * handoffs an hour; past that its handoffs still reach the queue, at normal priority, so real urgent ones stay at the
 * front. This never touches a crisis answer: safety has answered (the crisis numbers) before any handoff is made.
 */
import type { RateLimiter } from '../sms/RateLimiter';
import type { NewHandoff } from './Handoff';
import type { HandoffQueue } from './HandoffQueue';

export interface UrgentLimitOptions {
  /** Urgent handoffs per client address (key: the address). */
  perClient: RateLimiter;
  /** The client address a conversation comes from, when its channel knows it. */
  clientOf: (conversationId: string) => string | undefined;
  /** Told when a handoff is kept at normal priority (ids only). */
  limited?: (conversationId: string) => void;
}

export function withUrgentLimit(queue: HandoffQueue, options: UrgentLimitOptions): HandoffQueue {
  const mayBeUrgent = (conversationId: string): boolean => {
    const client = options.clientOf(conversationId);
    if (client === undefined || options.perClient.take(client)) return true;
    options.limited?.(conversationId);
    return false;
  };
  const enqueue: HandoffQueue['enqueue'] = (handoff: NewHandoff) =>
    queue.enqueue(handoff.priority === 'urgent' && !mayBeUrgent(handoff.conversationId) ? { ...handoff, priority: 'normal' } : handoff);
  const escalate: HandoffQueue['escalate'] = async (id) => {
    const current = await queue.get(id);
    if (current && current.priority !== 'urgent' && current.status !== 'closed' && !mayBeUrgent(current.conversationId)) return current;
    return queue.escalate(id);
  };
  return new Proxy(queue, {
    get(target, property) {
      if (property === 'enqueue') return enqueue;
      if (property === 'escalate') return escalate;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
