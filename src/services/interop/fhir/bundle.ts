/**
 * `toFhirBundle`: a referral and its person as a FHIR R4 transaction Bundle (a ServiceRequest, its Patient, and
 * Observations for the outcome and wellbeing scores), UK Core profiled, ready to POST to a FHIR server. Conditional
 * creates on Signpost's identifiers make sending the same export twice harmless.
 */
import type { Referral } from '../../referrals/Referral';
import { signpostSystems } from './codes';
import { urnUuid } from './ids';
import { outcomeObservation, wellbeingObservations } from './observations';
import { toFhirPatient } from './patient';
import type { Bundle, BundleEntry, Observation } from './r4';
import { toServiceRequest } from './serviceRequest';

export interface FhirExportOptions {
  /**
   * FHIR_IDENTIFIER_BASE: the namespace of this deployment's identifiers and local codes. One setting for every
   * process, so the CLI and the server export a referral with the same identifiers.
   */
  identifierBase: string;
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
  const systems = signpostSystems(options.identifierBase);
  const patientUrl = urnUuid(`${systems.person}|${referral.personId}`);
  const requestUrl = urnUuid(`${systems.referral}|${referral.reference}`);
  const ctx = { patientUrl, requestUrl, systems };
  const observations = [outcomeObservation(referral, ctx), ...wellbeingObservations(referral, ctx)].filter((o): o is Observation => o !== undefined);
  const observationEntries: BundleEntry[] = observations.map((resource) => {
    const id = resource.identifier[0];
    return { fullUrl: urnUuid(`${id.system}|${id.value}`), resource, request: { method: 'POST', url: 'Observation', ifNoneExist: `identifier=${id.system}|${id.value}` } };
  });
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
      ...observationEntries,
    ],
  };
}
