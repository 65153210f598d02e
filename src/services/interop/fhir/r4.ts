/**
 * The parts of HL7 FHIR R4 (4.0.1) that Signpost writes: just enough typing for the export. The full rules are the
 * FHIR R4 JSON schema, which test/interop validates every exported Bundle against.
 */

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Identifier {
  system: string;
  value: string;
}

export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
}

export interface Meta {
  /** Profiles the resource claims to conform to (canonical URLs). */
  profile: string[];
}

export interface Extension {
  url: string;
  valueCodeableConcept?: CodeableConcept;
}

export interface HumanName {
  use?: 'usual' | 'official' | 'temp' | 'nickname' | 'anonymous' | 'old' | 'maiden';
  text: string;
  family?: string;
  given?: string[];
}

export interface ContactPoint {
  system: 'phone' | 'fax' | 'email' | 'pager' | 'url' | 'sms' | 'other';
  value: string;
  use?: 'home' | 'work' | 'temp' | 'old' | 'mobile';
  rank?: number;
}

export interface Address {
  use?: 'home' | 'work' | 'temp' | 'old' | 'billing';
  postalCode: string;
}

export interface Annotation {
  text: string;
  time?: string;
}

/** http://hl7.org/fhir/R4/valueset-administrative-gender.html */
export type AdministrativeGender = 'male' | 'female' | 'other' | 'unknown';

export interface Patient {
  resourceType: 'Patient';
  meta?: Meta;
  extension?: Extension[];
  identifier?: Identifier[];
  name?: HumanName[];
  gender?: AdministrativeGender;
  telecom?: ContactPoint[];
  birthDate?: string;
  address?: Address[];
  generalPractitioner?: Reference[];
}

/** http://hl7.org/fhir/R4/valueset-request-status.html */
export type RequestStatus = 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error' | 'unknown';
/** http://hl7.org/fhir/R4/valueset-request-priority.html */
export type RequestPriority = 'routine' | 'urgent' | 'asap' | 'stat';

export interface ServiceRequest {
  resourceType: 'ServiceRequest';
  meta?: Meta;
  identifier?: Identifier[];
  status: RequestStatus;
  intent: 'order';
  priority?: RequestPriority;
  code: CodeableConcept;
  subject: Reference;
  authoredOn: string;
  requester?: Reference;
  reasonCode?: CodeableConcept[];
  note?: Annotation[];
}

/** http://hl7.org/fhir/R4/valueset-observation-status.html (the ones Signpost writes). */
export type ObservationStatus = 'final' | 'amended';

export interface Observation {
  resourceType: 'Observation';
  meta?: Meta;
  identifier: Identifier[];
  basedOn?: Reference[];
  status: ObservationStatus;
  category?: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  effectiveDateTime: string;
  valueInteger?: number;
  note?: Annotation[];
}

export type Resource = Patient | ServiceRequest | Observation;

export interface BundleEntry {
  fullUrl: string;
  resource: Resource;
  request: { method: 'POST'; url: string; ifNoneExist?: string };
}

export interface Bundle {
  resourceType: 'Bundle';
  type: 'transaction';
  timestamp: string;
  entry: BundleEntry[];
}
