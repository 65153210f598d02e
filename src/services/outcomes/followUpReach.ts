/**
 * Where a wellbeing follow-up can reach someone FOLLOW_UP_DAYS after their chat closed. A text conversation lasts, so
 * an SMS patient is texted in that same conversation. A web chat does not (the page keeps its conversation only for
 * the tab's session), so anyone who chatted elsewhere is followed up by text, and only when their referral says to
 * contact them by text at a UK mobile. Never to a number that has opted out, and never when Signpost cannot text.
 */
import type { ConversationReference } from 'botbuilder';
import { CHANNEL_IDS } from '../channelIds';
import { isUkMobile } from '../contact/ukPhone';
import type { Handoff } from '../handoff/Handoff';
import type { Referral } from '../referrals/Referral';

/** The SMS channel as follow-ups need it (app.ts gives the SMS channel's; see channels/sms/SmsReach.ts). */
export interface TextReach {
  /** False when Signpost cannot text at all (SMS off: production without Twilio). */
  readonly enabled: boolean;
  /** Whether a number (E.164), or the SMS conversation with this id, has opted out of texts (STOP). */
  optedOut(who: { phone: string } | { conversationId: string }): Promise<boolean>;
  /**
   * The SMS conversation with a number, to text it from a turn Signpost starts. A number that has never texted is
   * recorded as an SMS contact, so its replies carry on in that conversation.
   */
  conversationOf(phone: string): Promise<Partial<ConversationReference>>;
}

/** How a follow-up would go: in the SMS conversation the chat was in, or by text to the referral's mobile. */
export type FollowUpRoute = { by: 'conversation'; conversationId: string } | { by: 'text'; phone: string };

/** Why a follow-up was not sent after all (kept on the referral). */
export type FollowUpSkip = 'opted-out' | 'unreachable';

/** Where a follow-up goes now: the conversation to start it in, and whether it came by text from another channel. */
export type FollowUpTarget = { reference: Partial<ConversationReference>; viaText: boolean } | { skipped: FollowUpSkip };


/** The UK mobile a referral asks to be contacted on by text, or undefined. */
export function textContact(referral: Referral | null | undefined): string | undefined {
  const person = referral?.person;
  return person?.contactMethod === 'text' && person.contactValue && isUkMobile(person.contactValue) ? person.contactValue : undefined;
}

/** Where a follow-up for this chat and referral would go, or undefined when nothing lasts until it is due. */
export function followUpRoute(handoff: Pick<Handoff, 'channel' | 'conversationId'>, referral: Referral | null | undefined): FollowUpRoute | undefined {
  if (handoff.channel === CHANNEL_IDS.sms) return { by: 'conversation', conversationId: handoff.conversationId };
  const phone = textContact(referral);
  return phone ? { by: 'text', phone } : undefined;
}

export class FollowUpReach {
  constructor(private readonly texts: TextReach) {}

  /** Whether the chat can be answered in its own conversation now: not an SMS number that has opted out. */
  async canAnswer(handoff: Pick<Handoff, 'channel' | 'conversationId'>): Promise<boolean> {
    return handoff.channel !== CHANNEL_IDS.sms || !(await this.texts.optedOut({ conversationId: handoff.conversationId }));
  }

  /** How a follow-up could go if it were sent now, or why it could not (nothing is recorded or created). */
  async route(handoff: Pick<Handoff, 'channel' | 'conversationId'>, referral: Referral | null): Promise<FollowUpRoute | { skipped: FollowUpSkip }> {
    const route = followUpRoute(handoff, referral);
    if (!route || !this.texts.enabled) return { skipped: 'unreachable' };
    const optedOut = await this.texts.optedOut(route.by === 'text' ? { phone: route.phone } : { conversationId: route.conversationId });
    return optedOut ? { skipped: 'opted-out' } : route;
  }

  /**
   * The SMS conversation of the mobile a referral asks to be texted on, when Signpost may text it now (a referral
   * worked without a chat: the worklist texts the person there).
   */
  async textConversation(referral: Referral): Promise<Partial<ConversationReference> | { skipped: FollowUpSkip }> {
    const phone = textContact(referral);
    if (!phone || !this.texts.enabled) return { skipped: 'unreachable' };
    if (await this.texts.optedOut({ phone })) return { skipped: 'opted-out' };
    return this.texts.conversationOf(phone);
  }

  /** Where to start a follow-up that is due now: the chat's way, or without a chat, the referral's texting conversation. */
  async target(handoff: Handoff | null, referral: Referral): Promise<FollowUpTarget> {
    if (!handoff) {
      const conversation = await this.textConversation(referral);
      return 'skipped' in conversation ? conversation : { reference: conversation, viaText: false };
    }
    const route = await this.route(handoff, referral);
    if ('skipped' in route) return route;
    if (route.by === 'conversation') return { reference: handoff.conversationReference, viaText: false };
    return { reference: await this.texts.conversationOf(route.phone), viaText: true };
  }
}
