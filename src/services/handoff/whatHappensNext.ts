/**
 * What to tell a patient who has just been put in the link-worker queue, honestly: during opening hours their place
 * and a rough wait; out of hours (or when the queue will not be reached before closing) when someone will reply, and
 * where to get help before then.
 */
import { say } from '../content/messages';
import type { OpeningHours } from './openingHours';
import { describeWhen, estimateWait } from './waitEstimate';

export function whatHappensNext(input: { position: number; urgent: boolean; hours: OpeningHours; now: Date }): string[] {
  const { position, urgent, hours, now } = input;
  const wait = estimateWait({ position, hours, now });
  if (wait.kind === 'soon') return [say(urgent ? 'handoff.queuedUrgent.soon' : 'handoff.queued.soon', { position, minutes: wait.minutes })];
  return [say(urgent ? 'handoff.queuedUrgent.later' : 'handoff.queued.later', { when: describeWhen(wait.at, now, hours) }), say('handoff.outOfHours.help')];
}
