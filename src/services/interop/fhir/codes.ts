/**
 * Codes, profiles and identifier systems used in Signpost's FHIR export, each with where it comes from (read
 * 2026-12-06 with the search tool).
 */

export const SNOMED_CT = 'http://snomed.info/sct';

/**
 * SNOMED CT 871731000000106 |Referral to social prescribing service (procedure)|: the national code GP systems record
 * a referral to a link worker with. The display is its preferred term (FHIR's advice), not the fully specified name.
 */
export const SOCIAL_PRESCRIBING_REFERRAL = { system: SNOMED_CT, code: '871731000000106', display: 'Referral to social prescribing service' } as const;

/**
 * SNOMED CT 871711000000103 |Social prescribing declined (situation)|: the national code for a person who says they do
 * not want social prescribing (shared/CONTENT.md; https://www.socialrx.co.uk/blogs/blog/social-prescribing-snomed-codes-why-important).
 */
export const SOCIAL_PRESCRIBING_DECLINED = { system: SNOMED_CT, code: '871711000000103', display: 'Social prescribing declined' } as const;

/** NHS England's identifier systems (as in the UK Core examples, https://build.fhir.org/ig/HL7-UK/UK-Core-Access/). */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_CODE_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';

/**
 * UK Core profiles (HL7 UK, https://fhir.hl7.org.uk/StructureDefinition/UKCore-<Resource>; the Patient URL is shown
 * on https://build.fhir.org/ig/HL7-UK/UK-Core-Access/StructureDefinition-UKCore-Patient.html). No UK Core package is
 * reachable from here, so the export is checked against R4 and the UK Core rules listed in README (FHIR export).
 */
export const UK_CORE = {
  patient: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient',
  serviceRequest: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest',
  observation: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation',
  /** Ethnic category on a Patient, coded from the NHS Data Dictionary's ETHNIC CATEGORY (England). */
  ethnicCategoryExtension: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory',
  ethnicCategoryCodeSystem: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland',
} as const;

/** http://hl7.org/fhir/R4/codesystem-observation-category.html */
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/**
 * The URIs Signpost's own identifiers and local codes live under: FHIR_IDENTIFIER_BASE, one setting that the server
 * and the CLI both read (never the URL a command happened to run with). They name namespaces and need not resolve.
 */
export interface SignpostSystems {
  /** Referral references ("SP-7K3Q9"). */
  referral: string;
  /** Opaque person ids (never a phone number). */
  person: string;
  /** Ids of exported Observations ("SP-7K3Q9/outcome"). */
  observation: string;
  /** Need ids from the needs taxonomy (cognitiveModels/needs.json). */
  need: string;
  /** Referral outcomes (the handoff outcome ids: signposted, referred, declined, ...). */
  outcome: string;
  /** The four ONS4 personal wellbeing questions (no standard code found: see README, FHIR export). */
  ons4: string;
}

export function signpostSystems(identifierBase: string): SignpostSystems {
  const base = identifierBase.replace(/\/+$/, '');
  return {
    referral: `${base}/fhir/NamingSystem/referral-reference`,
    person: `${base}/fhir/NamingSystem/person-id`,
    observation: `${base}/fhir/NamingSystem/observation-id`,
    need: `${base}/fhir/CodeSystem/need`,
    outcome: `${base}/fhir/CodeSystem/referral-outcome`,
    ons4: `${base}/fhir/CodeSystem/ons4`,
  };
}
