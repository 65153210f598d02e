/**
 * How a handoff is stored, for every adapter: the conversation reference as JSON text (channel payloads may hold keys
 * a document store refuses, such as "$schema" or dotted names), plus the queue's sort fields.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import type { Handoff, NewHandoff } from '../../services/handoff/Handoff';
import { PRIORITY_RANK } from './handoffOrder';
import { nextSeq } from './sequence';
import { withoutUndefined } from './records';

export type HandoffRecord = Omit<Handoff, 'id' | 'conversationReference'> & {
  _id: string;
  conversationReferenceJson: string;
  priorityRank: number;
  seq: number;
};

export function newHandoffRecord(handoff: NewHandoff, now: Date): HandoffRecord {
  const { conversationReference, transcript, ...rest } = handoff;
  return withoutUndefined({
    ...rest,
    _id: randomUUID(),
    conversationReferenceJson: JSON.stringify(conversationReference),
    priorityRank: PRIORITY_RANK[handoff.priority],
    seq: nextSeq(now),
    status: 'waiting' as const,
    transcript: transcript ?? [],
    notes: [],
    createdAt: now,
  });
}

export function handoffFromRecord(record: HandoffRecord): Handoff {
  const { _id, conversationReferenceJson, priorityRank: _rank, seq: _seq, ...rest } = record;
  return withoutUndefined({
    ...rest,
    id: _id,
    conversationReference: JSON.parse(conversationReferenceJson) as Partial<ConversationReference>,
  });
}
