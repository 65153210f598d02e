/**
 * The shape of an incoming Bot Framework activity, checked before the adapter sees it: botbuilder assumes these
 * fields have the right types and throws (a 5xx) when they do not. Unknown fields pass through untouched.
 */
import { z } from 'zod';

const account = z.looseObject({ id: z.string().max(512).optional(), name: z.string().max(512).optional(), role: z.string().max(64).optional() });
const MAX_TEXT = 20_000;

export const activityShape = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(512).optional(),
  channelId: z.string().max(128).optional(),
  serviceUrl: z.string().max(2048).optional(),
  deliveryMode: z.string().max(64).optional(),
  text: z.string().max(MAX_TEXT).optional(),
  locale: z.string().max(64).optional(),
  name: z.string().max(256).optional(),
  timestamp: z.string().max(64).optional(),
  textFormat: z.string().max(64).optional(),
  conversation: z.looseObject({ id: z.string().min(1).max(512) }).optional(),
  from: account.optional(),
  recipient: account.optional(),
  membersAdded: z.array(account).max(100).optional(),
  membersRemoved: z.array(account).max(100).optional(),
  attachments: z.array(z.looseObject({ contentType: z.string().max(256).optional(), contentUrl: z.string().max(4096).optional(), name: z.string().max(512).optional() })).max(20).optional(),
  entities: z.array(z.looseObject({ type: z.string().max(256).optional() })).max(50).optional(),
  suggestedActions: z.unknown().optional(),
  replyToId: z.string().max(512).optional(),
});

/** A short reason the body is not an acceptable activity, or undefined when it is. */
export function activityShapeProblem(body: unknown): string | undefined {
  const result = activityShape.safeParse(body);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'body';
  return `Expected a Bot Framework activity: ${where} ${issue.message.toLowerCase()}.`;
}
