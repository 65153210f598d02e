/**
 * What a client may post into a Direct Line conversation, and the activity the bot (and the conversation log) gets
 * from it. The server decides who it is from (the token's user), where it goes and when it happened; the client
 * supplies what was said, plus channelData (Web Chat's clientActivityID, which it waits to see echoed back).
 */
import type { Activity, ChannelAccount } from 'botbuilder';
import { CHANNEL_IDS } from '../../services/channelIds';
import { activityShapeProblem } from '../activityShape';

export const DIRECT_LINE_CHANNEL_ID = CHANNEL_IDS.directLine;
const ACCEPTED_TYPES = new Set(['message', 'event', 'typing']);
const MAX_ACTIVITY_JSON = 64 * 1024;
const MAX_NAME = 100;

export interface ActivityOrigin {
  conversationId: string;
  userId: string;
  bot: ChannelAccount;
  serviceUrl: string;
  locale?: string;
}

export type IncomingCheck = { activity: Partial<Activity>; problem?: undefined } | { activity?: undefined; problem: string };

export function userActivityFrom(body: unknown, origin: ActivityOrigin, now = new Date()): IncomingCheck {
  const shapeProblem = activityShapeProblem(body);
  if (shapeProblem) return { problem: shapeProblem };
  const input = body as Partial<Activity> & { from?: { name?: unknown } };
  if (!ACCEPTED_TYPES.has(input.type ?? '')) return { problem: 'Direct Line accepts message, event and typing activities.' };
  if (input.attachments && input.attachments.length > 0) return { problem: 'Attachments and file uploads are not accepted.' };
  if (input.type === 'message' && typeof input.text !== 'string' && input.value === undefined) return { problem: 'A message needs text or a value.' };
  if (input.type === 'event' && typeof input.name !== 'string') return { problem: 'An event needs a name.' };

  const name = typeof input.from?.name === 'string' ? input.from.name.slice(0, MAX_NAME) : undefined;
  const activity: Partial<Activity> = {
    type: input.type,
    channelId: DIRECT_LINE_CHANNEL_ID,
    serviceUrl: origin.serviceUrl,
    conversation: { id: origin.conversationId } as Activity['conversation'],
    from: { id: origin.userId, name, role: 'user' } as ChannelAccount,
    recipient: origin.bot,
    timestamp: now,
    locale: typeof input.locale === 'string' ? input.locale : origin.locale,
    text: input.text,
    textFormat: input.textFormat,
    value: input.value,
    name: input.name,
    channelData: input.channelData,
    entities: input.entities,
    localTimestamp: input.localTimestamp,
  };
  for (const key of Object.keys(activity) as (keyof Activity)[]) if (activity[key] === undefined) delete activity[key];
  if (JSON.stringify(activity).length > MAX_ACTIVITY_JSON) return { problem: `An activity may be at most ${MAX_ACTIVITY_JSON / 1024} KB.` };
  return { activity };
}
