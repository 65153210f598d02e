/**
 * One episode, two views: a chat handoff and a referral made in the same conversation are one person's one request
 * for help, and the referral's status is the one status both follow. These functions are the only writers of a
 * referral's status and outcome, whichever path moves it: the referral worklist (ReferralWorklist) and a link worker's
 * chat (HandoffService calls them on claim, hand back and close). A chat that began before the referral was saved
 * names no referral: it is found by the conversation, so no outcome is lost between the two.
 */
import type { Referral, ReferralStatus } from './Referral';
import type { ReferralRepository } from './ReferralRepository';

export type EpisodeReferrals = Pick<ReferralRepository, 'get' | 'list' | 'update'>;

/** How an episode ended: the handoff outcomes, and `declined` (the person did not want social prescribing). */
export interface EpisodeOutcome {
  type: string;
  detail?: string;
}

/** The statuses in which a referral is still open (not yet ended with an outcome). */
export const OPEN_STATUSES: readonly ReferralStatus[] = ['new', 'handed-off', 'in-progress'];

/**
 * The referral behind a chat: the one it names, or else, made in its conversation (the chat began before the referral
 * was saved), the newest still open, or the one this chat's close ended. Null when there is none.
 */
export async function referralOfChat(referrals: EpisodeReferrals, chat: { referralReference?: string; conversationId: string; closedAt?: Date }): Promise<Referral | null> {
  if (chat.referralReference) return referrals.get(chat.referralReference);
  const { items } = await referrals.list({ conversationId: chat.conversationId, limit: 20 });
  const closedAt = chat.closedAt?.getTime();
  return items.find((r) => OPEN_STATUSES.includes(r.status)) ?? items.find((r) => closedAt !== undefined && r.outcome?.at.getTime() === closedAt) ?? null;
}

/** The person's chat was handed to the link workers: a new referral is now handed off (the worklist shows it as new). */
export async function chatQueued(referrals: EpisodeReferrals, referral: Referral): Promise<Referral> {
  if (referral.status !== 'new') return referral;
  return referrals.update(referral.reference, { status: 'handed-off' });
}

/**
 * A link worker picked up the person's chat: the referral is in progress, held by them, and the person was reached
 * now (picking up a live chat is contact) unless they were before.
 */
export async function chatPickedUp(referrals: EpisodeReferrals, referral: Referral, workerId: string, at: Date): Promise<Referral> {
  if (referral.status === 'closed') return referral;
  return referrals.update(referral.reference, { status: 'in-progress', claimedBy: workerId, claimedAt: at, ...(referral.firstContactAt ? {} : { firstContactAt: at }) });
}

/** Handed back to the bot: the referral waits again (for the worklist, or another chat). */
export async function episodeReopened(referrals: EpisodeReferrals, referral: Referral): Promise<Referral> {
  if (referral.status === 'closed') return referral;
  return referrals.update(referral.reference, { status: 'new' });
}

/** The episode ended with an outcome, on either path: the referral is closed with it. */
export async function episodeClosed(referrals: EpisodeReferrals, referral: Referral, outcome: EpisodeOutcome, at: Date): Promise<Referral> {
  return referrals.update(referral.reference, { status: 'closed', outcome: { type: outcome.type, ...(outcome.detail ? { detail: outcome.detail } : {}), at } });
}
