/** Codes and identifier systems used in Signpost's FHIR export. */

export const SNOMED_CT = 'http://snomed.info/sct';

/**
 * SNOMED CT 871731000000106 |Referral to social prescribing service (procedure)|: the national code GP systems record
 * a referral to a link worker with. The display is its preferred term (FHIR's advice), not the fully specified name.
 */
export const SOCIAL_PRESCRIBING_REFERRAL = { system: SNOMED_CT, code: '871731000000106', display: 'Referral to social prescribing service' } as const;

/**
 * The URIs Signpost's identifiers and need codes live under. Each deployment owns its referral references and person
 * ids, so they hang off its public URL (PUBLIC_URL); they name namespaces and need not resolve.
 */
export interface SignpostSystems {
  /** Referral references ("SP-7K3Q9"). */
  referral: string;
  /** Opaque person ids (never a phone number). */
  person: string;
  /** Need ids from the needs taxonomy (cognitiveModels/needs.json). */
  need: string;
}

export function signpostSystems(baseUrl: string): SignpostSystems {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    referral: `${base}/fhir/NamingSystem/referral-reference`,
    person: `${base}/fhir/NamingSystem/person-id`,
    need: `${base}/fhir/CodeSystem/need`,
  };
}
