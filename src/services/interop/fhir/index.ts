export { toFhirBundle, ExportRefusedError, type FhirExportOptions } from './bundle';
export { SOCIAL_PRESCRIBING_REFERRAL, SOCIAL_PRESCRIBING_DECLINED, NHS_NUMBER_SYSTEM, ODS_CODE_SYSTEM, UK_CORE, signpostSystems, type SignpostSystems } from './codes';
export { ONS4_CODES } from './observations';
export type { Bundle, Observation, Patient, ServiceRequest } from './r4';
