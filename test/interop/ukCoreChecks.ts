/**
 * The UK Core rules this project can check without the UK Core package (none is reachable from here: no npm package,
 * and packages.fhir.org is not a registry these machines reach). README (FHIR export) lists what this leaves unchecked.
 * Each rule is written from the profile pages and examples cited in src/services/interop/fhir/codes.ts.
 */
import { isEthnicCategoryCode } from '../../src/services/dataset/demographics';
import { isValidNhsNumber } from '../../src/services/dataset/nhsNumber';
import { NHS_NUMBER_SYSTEM, ODS_CODE_SYSTEM, UK_CORE, type Bundle } from '../../src/services/interop/fhir';

const PROFILE: Record<string, string> = { Patient: UK_CORE.patient, ServiceRequest: UK_CORE.serviceRequest, Observation: UK_CORE.observation };
const GENDERS = ['male', 'female', 'other', 'unknown'];
const OBSERVATION_STATUS = ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'];

type Json = Record<string, unknown>;

/** Every rule broken, as "<resourceType> <what>"; empty when the Bundle keeps them all. */
export function ukCoreProblems(bundle: Bundle): string[] {
  const problems: string[] = [];
  const fullUrls = new Map(bundle.entry.map((e) => [e.fullUrl, e.resource.resourceType]));
  const refersTo = (type: string, ref: unknown, what: string, where: string) => {
    const reference = (ref as Json | undefined)?.reference;
    if (typeof reference !== 'string' || fullUrls.get(reference) !== type) problems.push(`${where} ${what} does not refer to the Bundle's ${type}`);
  };
  for (const { resource: r } of bundle.entry) {
    const resource = r as unknown as Json;
    const type = resource.resourceType as string;
    const profiles = ((resource.meta as Json | undefined)?.profile ?? []) as string[];
    if (!profiles.includes(PROFILE[type])) problems.push(`${type} does not claim ${PROFILE[type]}`);
    const identifiers = (resource.identifier ?? []) as { system: string; value: string }[];
    for (const id of identifiers) {
      if (id.system === NHS_NUMBER_SYSTEM && !isValidNhsNumber(id.value)) problems.push(`${type} NHS number ${id.value} fails its check digit`);
      if (!/^https?:\/\//.test(id.system) && !id.system.startsWith('urn:')) problems.push(`${type} identifier system ${id.system} is not a URI`);
    }
    if (type === 'Patient') {
      if (resource.gender !== undefined && !GENDERS.includes(resource.gender as string)) problems.push(`Patient gender ${String(resource.gender)} is not administrative gender`);
      for (const ext of (resource.extension ?? []) as Json[]) {
        if (ext.url !== UK_CORE.ethnicCategoryExtension) continue;
        const coding = (((ext.valueCodeableConcept as Json | undefined)?.coding ?? []) as Json[])[0];
        if (!coding || coding.system !== UK_CORE.ethnicCategoryCodeSystem || !isEthnicCategoryCode(coding.code)) problems.push('Patient ethnic category is not an NHS Data Dictionary code');
      }
      for (const gp of (resource.generalPractitioner ?? []) as Json[]) {
        const id = gp.identifier as { system: string; value: string } | undefined;
        if (id && (id.system !== ODS_CODE_SYSTEM || !/^[A-Z0-9]{3,10}$/.test(id.value))) problems.push(`Patient practice identifier ${JSON.stringify(id)} is not an ODS code`);
      }
    }
    if (type === 'ServiceRequest') {
      refersTo('Patient', resource.subject, 'subject', type);
      for (const reason of (resource.reasonCode ?? []) as Json[]) if (!((reason.coding as Json[] | undefined)?.length)) problems.push('ServiceRequest reasonCode has no coding');
    }
    if (type === 'Observation') {
      refersTo('Patient', resource.subject, 'subject', type);
      for (const basedOn of (resource.basedOn ?? []) as Json[]) refersTo('ServiceRequest', basedOn, 'basedOn', type);
      if (!OBSERVATION_STATUS.includes(resource.status as string)) problems.push(`Observation status ${String(resource.status)}`);
      if (!((resource.code as Json | undefined)?.coding as Json[] | undefined)?.length) problems.push('Observation code has no coding');
      if (!resource.effectiveDateTime) problems.push('Observation has no effective time');
    }
  }
  return problems;
}
