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
import type { Handoff } from '../../services/handoff/Handoff';
import { isNeedId, needLabel } from '../../services/needs/taxonomy';
import type { Referral } from '../../services/referrals/Referral';

export type Names = Map<string, string>;

export const namesOf = (users: ConsoleUser[]): Names => new Map(users.map((u) => [u.id, u.firstName]));

const worker = (id: string | undefined, names: Names) => (id ? { id, firstName: names.get(id) ?? 'Unknown' } : null);

export function queueItem(h: Handoff, names: Names, now: Date) {
  return {
    id: h.id,
    status: h.status,
    priority: h.priority,
    summary: h.summary,
    channel: h.channel,
    referralReference: h.referralReference ?? null,
    createdAt: h.createdAt,
    /** How long the person has waited (until claimed, or until now while waiting). */
    waitingMs: Math.max(0, (h.claimedAt ?? h.closedAt ?? now).getTime() - h.createdAt.getTime()),
    claimedBy: worker(h.claimedBy, names),
    claimedAt: h.claimedAt ?? null,
    closedAt: h.closedAt ?? null,
    outcome: h.outcome ?? null,
    messages: h.transcript.length,
    lastMessageAt: h.transcript.at(-1)?.at ?? null,
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

export function handoffDetail(h: Handoff, names: Names, now: Date, sources: HandoffDetailSources) {
  const needs = sources.referral?.needs ?? [];
  return {
    handoff: {
      ...queueItem(h, names, now),
      transcript: h.transcript.map((e) => ({ from: e.from, text: e.text, at: e.at, ...(e.workerId ? { worker: worker(e.workerId, names) } : {}), ...(e.workerName ? { workerName: e.workerName } : {}) })),
      notes: h.notes.map((n) => ({ text: n.text, at: n.at, worker: worker(n.workerId, names) })),
    },
    referral: sources.referral ? referralView(sources.referral) : null,
    needs: needs.map((id) => ({ id, label: isNeedId(id) ? needLabel(id) : id })),
    services: sources.serviceIds.map((id, i) => {
      const s = sources.services[i];
      return s ? serviceView(s) : { id, missing: true };
    }),
  };
}
