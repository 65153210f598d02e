/** A referral as a FHIR R4 ServiceRequest: a self-referral to social prescribing, with needs as reasons. */
import { isNeedId, needLabel } from '../../needs/taxonomy';
import type { Referral, ReferralStatus } from '../../referrals/Referral';
import { SOCIAL_PRESCRIBING_REFERRAL, type SignpostSystems } from './codes';
import type { CodeableConcept, RequestStatus, ServiceRequest } from './r4';
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

/** A need as a reason: our need id as the code, its label as display and text (an id no longer in the taxonomy keeps its id). */
export function needAsReason(needId: string, systems: SignpostSystems): CodeableConcept {
  if (!isNeedId(needId)) return { coding: [{ system: systems.need, code: needId }], text: needId };
  const label = needLabel(needId);
  return { coding: [{ system: systems.need, code: needId, display: label }], text: label };
}

export const WHAT_MATTERS_PREFIX = 'What matters to me: ';

export function toServiceRequest(referral: Referral, patientUrl: string, systems: SignpostSystems): ServiceRequest {
  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
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
  const whatMatters = fhirString(referral.whatMatters);
  if (whatMatters) request.note = [{ text: `${WHAT_MATTERS_PREFIX}${whatMatters}`, time: referral.createdAt.toISOString() }];
  return request;
}
