/**
 * The support a referral records, by name and id (the information standard's "support offered"): the services
 * offered, and the service the person was referred to. A referral closed "referred" names that service in the
 * outcome's detail (required there); where the name is one of the services offered, its directory id comes with it.
 */
import type { Referral, ServiceRef } from './Referral';

const same = (a: string, b: string) => a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

export function servicesOffered(referral: Pick<Referral, 'servicesOffered' | 'servicesOfferedNamed'>): ServiceRef[] {
  const named = referral.servicesOfferedNamed ?? [];
  // Referrals saved before names were kept hold ids only: shown by id.
  const idsOnly = referral.servicesOffered.filter((id) => !named.some((n) => n.id === id)).map((id) => ({ id, name: id }));
  return [...named, ...idsOnly];
}

export function referredService(referral: Pick<Referral, 'referredTo' | 'outcome' | 'servicesOffered' | 'servicesOfferedNamed'>): { id?: string; name: string } | undefined {
  if (referral.referredTo) return referral.referredTo;
  const name = referral.outcome?.type === 'referred' ? referral.outcome.detail?.trim() : undefined;
  if (!name) return undefined;
  const offered = servicesOffered(referral).find((s) => same(s.name, name));
  return offered ? { id: offered.id, name } : { name };
}
