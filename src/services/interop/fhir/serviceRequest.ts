/** A referral as a FHIR R4 ServiceRequest: a self-referral to social prescribing, with needs as reasons. */
import { needSnomed } from '../../needs/snomedMap';
import { isNeedId, needLabel } from '../../needs/taxonomy';
import type { Referral, ReferralStatus } from '../../referrals/Referral';
import { referredService, servicesOffered } from '../../referrals/servicesRecorded';
import { SNOMED_CT, SOCIAL_PRESCRIBING_REFERRAL, UK_CORE, type SignpostSystems } from './codes';
import type { Annotation, CodeableConcept, Coding, RequestStatus, ServiceRequest } from './r4';
import { fhirString } from './text';

/** Open referrals are active requests; a closed one has been acted on. */
const REQUEST_STATUS: Record<ReferralStatus, RequestStatus> = {
  new: 'active',
  'handed-off': 'active',
  'in-progress': 'active',
  closed: 'completed',
};

export function requestStatus(status: ReferralStatus): RequestStatus {
  return REQUEST_STATUS[status];
}

/**
 * A need as a reason: its SNOMED CT concept first where data/needs-snomed.json maps one (from the standard or NHS
 * guidance), then our need id in the local code system, with the taxonomy label as display and text (an id no longer
 * in the taxonomy keeps its id).
 */
export function needAsReason(needId: string, systems: SignpostSystems): CodeableConcept {
  if (!isNeedId(needId)) return { coding: [{ system: systems.need, code: needId }], text: needId };
  const label = needLabel(needId);
  const coding: Coding[] = [];
  const snomed = needSnomed(needId);
  if (snomed) coding.push({ system: SNOMED_CT, code: snomed.code, display: snomed.display });
  coding.push({ system: systems.need, code: needId, display: label });
  return { coding, text: label };
}

export const WHAT_MATTERS_PREFIX = 'What matters to me: ';
export const SERVICES_OFFERED_PREFIX = 'Services offered: ';
export const REFERRED_TO_PREFIX = 'Referred to: ';

/** "Name (id)": a service as a note shows it, so a reader sees the name and a system can find the id. */
function serviceText(service: { id?: string; name: string }): string {
  const name = fhirString(service.name) ?? '';
  const id = fhirString(service.id);
  return id ? `${name} (${id})` : name;
}

export function toServiceRequest(referral: Referral, patientUrl: string, systems: SignpostSystems): ServiceRequest {
  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    meta: { profile: [UK_CORE.serviceRequest] },
    identifier: [{ system: systems.referral, value: referral.reference }],
    status: requestStatus(referral.status),
    intent: 'order',
    priority: referral.urgent ? 'urgent' : 'routine',
    code: { coding: [{ ...SOCIAL_PRESCRIBING_REFERRAL }], text: SOCIAL_PRESCRIBING_REFERRAL.display },
    subject: { reference: patientUrl },
    authoredOn: referral.createdAt.toISOString(),
    // A self-referral: the person asked for it themselves.
    requester: { reference: patientUrl },
  };
  if (referral.needs.length > 0) request.reasonCode = referral.needs.map((need) => needAsReason(need, systems));
  const notes: Annotation[] = [];
  const whatMatters = fhirString(referral.whatMatters);
  if (whatMatters) notes.push({ text: `${WHAT_MATTERS_PREFIX}${whatMatters}`, time: referral.createdAt.toISOString() });
  const offered = servicesOffered(referral).map(serviceText).filter((t) => t !== '');
  if (offered.length > 0) notes.push({ text: `${SERVICES_OFFERED_PREFIX}${offered.join('; ')}` });
  const referred = referredService(referral);
  const referredTo = referred && serviceText(referred);
  if (referredTo) notes.push({ text: `${REFERRED_TO_PREFIX}${referredTo}`, ...(referral.outcome ? { time: referral.outcome.at.toISOString() } : {}) });
  if (notes.length > 0) request.note = notes;
  return request;
}
