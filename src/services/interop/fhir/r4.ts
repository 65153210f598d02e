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
  display?: string;
}

export interface HumanName {
  use?: 'usual' | 'official' | 'temp' | 'nickname' | 'anonymous' | 'old' | 'maiden';
  text: string;
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

export interface Patient {
  resourceType: 'Patient';
  identifier?: Identifier[];
  name?: HumanName[];
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

export type Resource = Patient | ServiceRequest;

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
