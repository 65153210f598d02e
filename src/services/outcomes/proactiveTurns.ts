/**
 * Turns Signpost starts itself in a patient's own channel (web chat or SMS), and the port that starts them: app.ts
 * implements it by continuing the conversation from its reference and running the bot (SignpostBot.runProactive).
 */
import type { ConversationReference } from 'botbuilder';

export const PROACTIVE_EVENTS = {
  handoffClosed: 'signpost.handoffClosed',
  followUp: 'signpost.followUp',
  /** A link worker closed a referral from the worklist: tell the person by text, and offer the follow-up. */
  referralClosed: 'signpost.referralClosed',
  /** A direct question about safety went unanswered (src/services/safety/SafetyCheckIns.ts). */
  safetyCheckIn: 'signpost.safetyCheckIn',
} as const;

/** After a link worker closed a chat (or a referral, without a chat): what to ask. */
export interface HandoffClosedValue {
  /** The chat asked about (absent after a referral closed from the worklist: no satisfaction is asked then). */
  handoffId?: string;
  askSatisfaction: boolean;
  /** The referral a wellbeing follow-up would be for; absent when none may be offered. */
  followUpReferral?: string;
  /**
   * Present when the follow-up would come by text to the mobile on the referral, not in this conversation (a web
   * chat): the number's last three digits, to say which number without repeating it.
   */
  followUpByText?: { ending: string };
}

/** A referral closed from the worklist: the text to send, and whether to offer the follow-up. */
export interface ReferralClosedValue {
  referralReference: string;
  text: string;
  offerFollowUp: boolean;
}

/** A follow-up is due for this referral. */
export interface FollowUpValue {
  referralReference: string;
  /** True when it comes by text to someone who agreed to it in another channel (web chat), not in the same conversation. */
  viaText?: boolean;
}

export type ProactiveEvent =
  | { name: typeof PROACTIVE_EVENTS.handoffClosed; value: HandoffClosedValue }
  | { name: typeof PROACTIVE_EVENTS.followUp; value: FollowUpValue }
  | { name: typeof PROACTIVE_EVENTS.referralClosed; value: ReferralClosedValue }
  | { name: typeof PROACTIVE_EVENTS.safetyCheckIn; value: Record<string, never> };

export interface ProactiveTurns {
  start(reference: Partial<ConversationReference>, event: ProactiveEvent): Promise<void>;
}
