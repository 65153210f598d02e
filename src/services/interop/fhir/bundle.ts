/**
 * `toFhirBundle`: a referral and its person as a FHIR R4 transaction Bundle (a ServiceRequest and its Patient), ready
 * to POST to a FHIR server. Conditional creates on Signpost's identifiers make sending the same export twice harmless.
 */
import type { Referral } from '../../referrals/Referral';
import { signpostSystems } from './codes';
import { urnUuid } from './ids';
import { toFhirPatient } from './patient';
import type { Bundle } from './r4';
import { toServiceRequest } from './serviceRequest';

export interface FhirExportOptions {
  /** The deployment's public URL (PUBLIC_URL): the namespace of its references and person ids. */
  baseUrl: string;
  /** When the export was made (Bundle.timestamp); now by default. */
  exportedAt?: Date;
}

export class ExportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportRefusedError';
  }
}

export function toFhirBundle(referral: Referral, options: FhirExportOptions): Bundle {
  if (!referral.consent.given) throw new ExportRefusedError(`Referral ${referral.reference} has no consent recorded, so it is not exported.`);
  const systems = signpostSystems(options.baseUrl);
  const patientUrl = urnUuid(`${systems.person}|${referral.personId}`);
  const requestUrl = urnUuid(`${systems.referral}|${referral.reference}`);
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    timestamp: (options.exportedAt ?? new Date()).toISOString(),
    entry: [
      {
        fullUrl: patientUrl,
        resource: toFhirPatient(referral, systems),
        request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${systems.person}|${referral.personId}` },
      },
      {
        fullUrl: requestUrl,
        resource: toServiceRequest(referral, patientUrl, systems),
        request: { method: 'POST', url: 'ServiceRequest', ifNoneExist: `identifier=${systems.referral}|${referral.reference}` },
      },
    ],
  };
}
