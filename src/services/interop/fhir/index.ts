export { toFhirBundle, ExportRefusedError, type FhirExportOptions } from './bundle';
export { SOCIAL_PRESCRIBING_REFERRAL, signpostSystems, type SignpostSystems } from './codes';
export type { Bundle, Patient, ServiceRequest } from './r4';
