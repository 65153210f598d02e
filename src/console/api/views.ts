/**
 * The JSON shapes the console API answers with (stable: tools and tests use them). A queue item carries no personal
 * details beyond the handoff's short summary; the full view (transcript, referral, notes) is for one handoff at a time.
 * The conversation reference (which can hold a phone number) is never sent.
 */
import { ethnicCategoryLabel, genderIdentityLabel } from '../../services/dataset/demographics';
import { formatNhsNumber } from '../../services/dataset/nhsNumber';
import type { ConsoleUser } from '../../services/accounts/ConsoleUsers';
import type { DirectoryService } from '../../services/directory/DirectoryService';
import { firstAddress } from '../../services/directory/present/contact';
import { ageOn } from '../../dialogs/prompts/dateOfBirth';
import { channelName } from '../../services/channelIds';
import { numberEnding } from '../../services/contact/ukPhone';
import type { Handoff } from '../../services/handoff/Handoff';
import { replyState, waitingOnWorkerSince } from '../../services/handoff/replyWatch';
import { isNeedId, needLabel } from '../../services/needs/taxonomy';
import type { Referral } from '../../services/referrals/Referral';

export type Names = Map<string, string>;

export const namesOf = (users: ConsoleUser[]): Names => new Map(users.map((u) => [u.id, u.firstName]));

const worker = (id: string | undefined, names: Names) => (id ? { id, firstName: names.get(id) ?? 'Unknown' } : null);

/** What the queue adds from the referral and settings (absent: a bare item, as after claiming). */
export interface QueueItemSources {
  referral?: Referral | null;
  /** HANDOFF_FIRST_REPLY_TARGET_MINUTES in milliseconds. */
  firstReplyTargetMs?: number;
  /** HANDOFF_REPLY_MINUTES: with it, `replyOverdue` says whether the holder is past the reply target. */
  replyMinutes?: number;
}

/** The person's first name (the first word of the name they gave) and age today, from their referral. */
export function personAtAGlance(referral: Referral | null | undefined, now: Date) {
  if (!referral) return null;
  const firstName = referral.person.preferredName?.trim().split(/\s+/)[0] ?? null;
  const age = referral.person.dateOfBirth ? ageOn(referral.person.dateOfBirth, now) : null;
  return { firstName, age };
}

export const needViews = (ids: string[]) => ids.map((id) => ({ id, label: isNeedId(id) ? needLabel(id) : id }));

/** The referral's needs when there is one with needs, else those the handoff was queued with (a chat without a referral). */
export const needsOf = (h: Handoff, referral: Referral | null | undefined) => needViews(referral?.needs?.length ? referral.needs : (h.needs ?? []));

export function queueItem(h: Handoff, names: Names, now: Date, sources: QueueItemSources = {}) {
  const replyWaitMs = Math.max(0, (h.firstReplyAt ?? h.closedAt ?? now).getTime() - h.createdAt.getTime());
  const target = sources.firstReplyTargetMs;
  const waitingOnWorker = waitingOnWorkerSince(h);
  return {
    id: h.id,
    status: h.status,
    priority: h.priority,
    summary: h.summary,
    channel: h.channel,
    /** The channel in words: "web chat", "text message". */
    channelName: channelName(h.channel),
    referralReference: h.referralReference ?? null,
    /** First name and age, from the referral (null without one). */
    person: personAtAGlance(sources.referral, now),
    /** After crisis words: the kinds of risk and the person's own words. */
    risk: h.risk ? { kinds: h.risk.kinds.map((k) => k.replace(/-/g, ' ')), words: h.risk.words ?? null } : null,
    needs: needsOf(h, sources.referral),
    createdAt: h.createdAt,
    /** How long the person has waited (until claimed, or until now while waiting). */
    waitingMs: Math.max(0, (h.claimedAt ?? h.closedAt ?? now).getTime() - h.createdAt.getTime()),
    claimedBy: worker(h.claimedBy, names),
    claimedAt: h.claimedAt ?? null,
    closedAt: h.closedAt ?? null,
    outcome: h.outcome ?? null,
    messages: h.transcript.length,
    lastMessageAt: h.transcript.at(-1)?.at ?? null,
    /** Who sent the last message ('patient', 'worker', 'bot', 'system'). */
    lastMessageFrom: h.transcript.at(-1)?.from ?? null,
    firstReplyAt: h.firstReplyAt ?? null,
    /** From asking for a person to a person's first reply (or until now, or until closed without one). */
    replyWaitMs,
    firstReplyTargetMs: target ?? null,
    /** Still waiting for a first reply from a person, past the target. */
    overTarget: target !== undefined && !h.firstReplyAt && h.status !== 'closed' && replyWaitMs > target,
    /** Since when the person has waited for the holder's reply (null when the holder has the last word). */
    waitingOnWorkerSince: waitingOnWorker,
    ...(sources.replyMinutes === undefined ? {} : { replyOverdue: replyState(h, now, sources.replyMinutes) !== 'ok' }),
  };
}

export function serviceView(s: DirectoryService) {
  return {
    id: s.id,
    name: s.name,
    organisation: s.organisation ?? null,
    description: s.description,
    needs: s.needs.map((id) => ({ id, label: isNeedId(id) ? needLabel(id) : id })),
    phone: s.phone ?? null,
    email: s.email ?? null,
    url: s.url ?? null,
    address: firstAddress(s) ?? null,
    coverage: s.coverage,
    delivery: s.delivery,
    openingTimes: s.openingTimes,
    openingText: s.openingText ?? null,
    eligibility: s.eligibility,
    free: s.free ?? null,
    fees: s.fees ?? null,
    howToAccess: s.howToAccess ?? null,
    referral: s.referral ?? null,
    notes: s.notes ?? null,
    languages: s.languages ?? [],
    accessibility: s.accessibility ?? [],
    nations: s.nations ?? [],
    /** false: gone from its live feed (never matched). */
    active: s.active !== false,
    mark: s.mark ?? null,
    source: s.source,
    updatedAt: s.updatedAt,
  };
}

export function referralView(r: Referral) {
  return {
    reference: r.reference,
    status: r.status,
    urgent: r.urgent,
    channel: r.channel,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    consent: r.consent,
    person: r.person,
    /** The GP record details in words (codes stay in person). */
    personDetails: {
      gender: r.person.genderIdentity ? genderIdentityLabel(r.person.genderIdentity) : null,
      ethnicGroup: r.person.ethnicCategory ? ethnicCategoryLabel(r.person.ethnicCategory) : null,
      nhsNumber: r.person.nhsNumber ? formatNhsNumber(r.person.nhsNumber) : null,
    },
    whatMatters: r.whatMatters ?? null,
    wellbeingAtIntake: r.wellbeingAtIntake ?? null,
    outcome: r.outcome ?? null,
  };
}

export interface HandoffDetailSources {
  referral: Referral | null;
  services: (DirectoryService | null)[];
  serviceIds: string[];
}

export function handoffDetail(h: Handoff, names: Names, now: Date, sources: HandoffDetailSources & { firstReplyTargetMs?: number; replyMinutes?: number }) {
  return {
    handoff: {
      ...queueItem(h, names, now, sources),
      // The channel each message went by: a worker's as sent, a person's as it came; Signpost's own in the conversation's.
      transcript: h.transcript.map((e) => ({ from: e.from, text: e.text, at: e.at, channel: e.from === 'system' ? null : (e.channel ?? h.channel), ...(e.workerId ? { worker: worker(e.workerId, names) } : {}), ...(e.workerName ? { workerName: e.workerName } : {}) })),
      /** Whether the person agreed to be texted (the number's ending only). */
      textBack: h.textBack ? { ending: numberEnding(h.textBack.phone), consentAt: h.textBack.consentAt } : null,
      notes: h.notes.map((n) => ({ text: n.text, at: n.at, worker: worker(n.workerId, names) })),
    },
    referral: sources.referral ? referralView(sources.referral) : null,
    needs: needsOf(h, sources.referral),
    services: sources.serviceIds.map((id, i) => {
      const s = sources.services[i];
      return s ? serviceView(s) : { id, missing: true };
    }),
  };
}
