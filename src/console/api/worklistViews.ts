/**
 * The JSON shapes of the referral worklist (stable: the console page and tests use them). A list item carries what a
 * link worker needs to choose whom to contact next (first name, how they asked to be contacted, needs, the promise);
 * the number or address to contact them on is in the full view of one referral only.
 */
import type { DirectoryService } from '../../services/directory/DirectoryService';
import type { Handoff } from '../../services/handoff/Handoff';
import { isNeedId, needLabel } from '../../services/needs/taxonomy';
import type { WorklistEntry } from '../../services/referrals/ReferralWorklist';
import { referralView, serviceView, type Names } from './views';

const workerOf = (id: string | undefined, names: Names) => (id ? { id, firstName: names.get(id) ?? 'Unknown' } : null);
const needsOf = (ids: string[]) => ids.map((id) => ({ id, label: isNeedId(id) ? needLabel(id) : id }));

export function worklistItem({ referral: r, contactDueBy }: WorklistEntry, names: Names, now: Date) {
  const contacted = r.firstContactAt ?? null;
  return {
    reference: r.reference,
    status: r.status === 'handed-off' ? 'new' : r.status,
    urgent: r.urgent,
    channel: r.channel,
    createdAt: r.createdAt,
    preferredName: r.person.preferredName ?? null,
    contactMethod: r.person.contactMethod,
    needs: needsOf(r.needs),
    contactDueBy,
    /** The promise ran out before anyone reached the person (or has run out now, with nobody reached yet). */
    overdue: (contacted ?? now).getTime() > contactDueBy.getTime(),
    firstContactAt: contacted,
    contactAttempts: r.contacts?.length ?? 0,
    claimedBy: workerOf(r.claimedBy, names),
    claimedAt: r.claimedAt ?? null,
    outcome: r.outcome ?? null,
  };
}

export function worklistDetail(entry: WorklistEntry & { openChat: Handoff | null }, names: Names, now: Date, services: { ids: string[]; found: (DirectoryService | null)[] }) {
  const r = entry.referral;
  return {
    referral: { ...worklistItem(entry, names, now), ...referralView(r), status: r.status === 'handed-off' ? 'new' : r.status },
    needs: needsOf(r.needs),
    contacts: (r.contacts ?? []).map((c) => ({ at: c.at, channel: c.channel, reached: c.reached, note: c.note ?? null, worker: workerOf(c.workerId, names) })),
    services: services.ids.map((id, i) => {
      const s = services.found[i];
      return s ? serviceView(s) : { id, missing: true };
    }),
    /** The person's live chat, while one is open: then the referral is worked and closed there. */
    openChat: entry.openChat ? { id: entry.openChat.id, status: entry.openChat.status } : null,
  };
}
