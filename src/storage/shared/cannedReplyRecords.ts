/** How a canned reply is stored, for every adapter: a document keyed by _id, checked before it is written. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MAX_REPLY_TEXT, MAX_REPLY_TITLE, type CannedReply, type CannedReplyPatch, type NewCannedReply } from '../../services/replies/CannedReplies';
import { InvalidRecordError } from './validation';

export type CannedReplyDocument = Omit<CannedReply, 'id'> & { _id: string };

const title = z.string().trim().min(1).max(MAX_REPLY_TITLE);
const text = z.string().min(1).max(MAX_REPLY_TEXT).refine((t) => t.trim().length > 0);
const author = z.string().min(1).max(100);
const newReply = z.object({ title, text, createdBy: author });
const patch = z.object({ title: title.optional(), text: text.optional(), updatedBy: author });

function check<T>(what: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidRecordError(what, [...new Set(result.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`))]);
  return result.data;
}

export function newCannedReplyDocument(reply: NewCannedReply, now: Date): CannedReplyDocument {
  const valid = check('canned reply', newReply, reply);
  return { _id: randomUUID(), title: valid.title, text: valid.text, createdBy: valid.createdBy, createdAt: now, updatedBy: valid.createdBy, updatedAt: now };
}

export function cannedReplyPatchFields(value: CannedReplyPatch, now: Date): Partial<CannedReplyDocument> {
  const valid = check('canned reply change', patch, value);
  return { ...(valid.title !== undefined ? { title: valid.title } : {}), ...(valid.text !== undefined ? { text: valid.text } : {}), updatedBy: valid.updatedBy, updatedAt: now };
}

export const cannedReplyFromDocument = ({ _id, ...rest }: CannedReplyDocument): CannedReply => ({ id: _id, ...rest });

/** Listed by title (case-insensitive), then by id: one order for every adapter. */
export function sortReplies(replies: CannedReply[]): CannedReply[] {
  return replies.sort((a, b) => a.title.toLowerCase().localeCompare(b.title.toLowerCase(), 'en-GB') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
