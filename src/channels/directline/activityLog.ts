/**
 * How activities in the conversation log are named and shown to clients. An activity's id is its conversation and
 * watermark ("abc|0000007"), so ids and order come from one place: the watermark the store assigned.
 */
import type { Activity } from 'botbuilder';
import type { StoredActivity } from '../../services/directline/DirectLineStore';

export function activityId(conversationId: string, watermark: number): string {
  return `${conversationId}|${String(watermark).padStart(7, '0')}`;
}

/** The watermark in a client's query: missing, empty or "-" mean "from the start"; anything else must be a count. */
export function parseWatermark(value: unknown): number | undefined {
  if (value === undefined || value === '' || value === '-') return 0;
  if (typeof value !== 'string' || !/^\d{1,12}$/.test(value)) return undefined;
  return Number(value);
}

/** The activity as a client receives it. */
export function delivered(conversationId: string, stored: StoredActivity): Partial<Activity> {
  return { ...stored.activity, id: activityId(conversationId, stored.watermark) };
}

/** What is kept of an activity the bot sends: plain JSON, with routing details the client has no use for removed. */
export function botActivityForLog(activity: Partial<Activity>, now = new Date()): Partial<Activity> {
  const copy = JSON.parse(JSON.stringify(activity)) as Partial<Activity>;
  delete copy.id;
  delete copy.serviceUrl;
  delete copy.callerId;
  delete copy.deliveryMode;
  copy.timestamp = now.toISOString() as unknown as Date;
  if (copy.from) copy.from.role = copy.from.role ?? 'bot';
  return copy;
}
