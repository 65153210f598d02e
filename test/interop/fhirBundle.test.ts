/**
 * The FHIR export: every Bundle toFhirBundle makes is valid against HL7's FHIR R4 JSON schema (see fhirSchema.ts for
 * its provenance), and carries the referral faithfully: SNOMED CT code, status, intent, priority, needs, what matters
 * and the person's details.
 */
import fc from 'fast-check';
import { NEEDS } from '../../src/services/needs/taxonomy';
import type { Referral, ReferralStatus } from '../../src/services/referrals/Referral';
import { ExportRefusedError, SOCIAL_PRESCRIBING_REFERRAL, signpostSystems, toFhirBundle, type Bundle, type Patient, type ServiceRequest } from '../../src/services/interop/fhir';
import { fhirValidator, type FhirValidator } from './fhirSchema';

const BASE_URL = 'https://signpost.example-practice.nhs.uk';
const systems = signpostSystems(BASE_URL);

// R4 binds these with "required" strength, but the JSON schema only says "code": check the value sets here.
// http://hl7.org/fhir/R4/valueset-request-status.html, -request-intent.html, -request-priority.html
const REQUEST_STATUS = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'];
const REQUEST_INTENT = ['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'];
const REQUEST_PRIORITY = ['routine', 'urgent', 'asap', 'stat'];
const STATUSES: ReferralStatus[] = ['new', 'handed-off', 'in-progress', 'closed'];

function referral(overrides: Partial<Referral> = {}): Referral {
  return {
    reference: 'SP-7K3QT',
    personId: 'person-0f9c2a',
    channel: 'sms',
    conversationId: 'conv-1',
    createdAt: new Date('2025-03-04T09:15:00.000Z'),
    updatedAt: new Date('2025-03-04T09:20:00.000Z'),
    status: 'new',
    urgent: false,
    consent: { given: true, at: new Date('2025-03-04T09:10:00.000Z') },
    person: { preferredName: 'Sam Okafor', dateOfBirth: '1958-11-23', postcode: 'BS16 1QY', contactMethod: 'text', contactValue: '+447700900123', gpPractice: 'Fishponds Family Practice' },
    whatMatters: 'Getting out of the house and seeing people again',
    needs: ['loneliness', 'money'],
    servicesOffered: [],
    ...overrides,
  };
}

function parts(bundle: Bundle): { patient: Patient; request: ServiceRequest; patientUrl: string; requestUrl: string } {
  const patientEntry = bundle.entry.find((e) => e.resource.resourceType === 'Patient');
  const requestEntry = bundle.entry.find((e) => e.resource.resourceType === 'ServiceRequest');
  if (!patientEntry || !requestEntry) throw new Error('bundle lacks a Patient or a ServiceRequest');
  return { patient: patientEntry.resource as Patient, request: requestEntry.resource as ServiceRequest, patientUrl: patientEntry.fullUrl, requestUrl: requestEntry.fullUrl };
}

let fhir: FhirValidator;

function expectValid(bundle: unknown): void {
  const result = fhir.validate(bundle);
  if (!result.valid) {
    // Per-resource errors are short and say what is wrong; the whole-schema ones (oneOf over every resource) do not.
    const entries = (bundle as Bundle).entry ?? [];
    const detail = entries.flatMap((e) => fhir.validateAs(e.resource.resourceType, e.resource).errors.map((m) => `${e.resource.resourceType}${m}`));
    throw new Error(`not valid FHIR R4:\n${[...detail, ...result.errors].join('\n')}`);
  }
}

beforeAll(() => {
  fhir = fhirValidator();
}, 120_000);

describe('toFhirBundle', () => {
  it('makes a transaction Bundle that HL7 FHIR R4 JSON schema accepts', () => {
    const bundle = toFhirBundle(referral(), { identifierBase: BASE_URL, exportedAt: new Date('2025-03-05T12:00:00Z') });
    expectValid(bundle);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction', timestamp: '2025-03-05T12:00:00.000Z' });
    expect(bundle.entry.map((e) => [e.resource.resourceType, e.request.method, e.request.url])).toEqual([
      ['Patient', 'POST', 'Patient'],
      ['ServiceRequest', 'POST', 'ServiceRequest'],
    ]);
  });

  it('codes the ServiceRequest as a referral to a social prescribing service, an order, authored when the referral was made', () => {
    const { request, patientUrl } = parts(toFhirBundle(referral(), { identifierBase: BASE_URL }));
    expect(request.code).toEqual({ coding: [{ system: 'http://snomed.info/sct', code: '871731000000106', display: 'Referral to social prescribing service' }], text: 'Referral to social prescribing service' });
    expect(SOCIAL_PRESCRIBING_REFERRAL.code).toBe('871731000000106');
    expect(request.intent).toBe('order');
    expect(request.authoredOn).toBe('2025-03-04T09:15:00.000Z');
    expect(request.identifier).toEqual([{ system: systems.referral, value: 'SP-7K3QT' }]);
    expect(request.subject).toEqual({ reference: patientUrl });
    expect(request.requester).toEqual({ reference: patientUrl });
    expect(REQUEST_INTENT).toContain(request.intent);
  });

  it('gives needs as reason codes with our need ids and the taxonomy labels', () => {
    const allNeeds = NEEDS.map((n) => n.id);
    const bundle = toFhirBundle(referral({ needs: allNeeds }), { identifierBase: BASE_URL });
    expectValid(bundle);
    const { request } = parts(bundle);
    expect(request.reasonCode).toEqual(NEEDS.map((n) => ({ coding: [{ system: systems.need, code: n.id, display: n.label }], text: n.label })));
  });

  it('keeps a need id the taxonomy no longer has, as its own text', () => {
    const { request } = parts(toFhirBundle(referral({ needs: ['retired-need'] }), { identifierBase: BASE_URL }));
    expect(request.reasonCode).toEqual([{ coding: [{ system: systems.need, code: 'retired-need' }], text: 'retired-need' }]);
  });

  it('maps urgency to priority and every referral status to an R4 request status', () => {
    for (const status of STATUSES) {
      for (const urgent of [true, false]) {
        const bundle = toFhirBundle(referral({ status, urgent }), { identifierBase: BASE_URL });
        expectValid(bundle);
        const { request } = parts(bundle);
        expect(REQUEST_STATUS).toContain(request.status);
        expect(REQUEST_PRIORITY).toContain(request.priority);
        expect(request.priority).toBe(urgent ? 'urgent' : 'routine');
        expect(request.status).toBe(status === 'closed' ? 'completed' : 'active');
      }
    }
  });

  it('puts what matters to the person in a note', () => {
    const { request } = parts(toFhirBundle(referral(), { identifierBase: BASE_URL }));
    expect(request.note).toEqual([{ text: 'What matters to me: Getting out of the house and seeing people again', time: '2025-03-04T09:15:00.000Z' }]);
  });

  it('describes the Patient with name, birth date, contact and postcode', () => {
    const { patient } = parts(toFhirBundle(referral(), { identifierBase: BASE_URL }));
    expect(patient).toEqual({
      resourceType: 'Patient',
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] },
      identifier: [{ system: systems.person, value: 'person-0f9c2a' }],
      name: [{ use: 'usual', text: 'Sam Okafor', given: ['Sam'], family: 'Okafor' }],
      telecom: [{ system: 'sms', value: '+447700900123', use: 'mobile', rank: 1 }],
      birthDate: '1958-11-23',
      address: [{ use: 'home', postalCode: 'BS16 1QY' }],
      generalPractitioner: [{ display: 'Fishponds Family Practice' }],
    });
  });

  it('gives each contact method its FHIR contact system', () => {
    const telecom = (contactMethod: 'text' | 'phone' | 'email' | 'none', contactValue?: string) => {
      const bundle = toFhirBundle(referral({ person: { contactMethod, contactValue } }), { identifierBase: BASE_URL });
      expectValid(bundle);
      return parts(bundle).patient.telecom;
    };
    expect(telecom('phone', '+441179000000')).toEqual([{ system: 'phone', value: '+441179000000', rank: 1 }]);
    expect(telecom('email', 'sam@example.org')).toEqual([{ system: 'email', value: 'sam@example.org', rank: 1 }]);
    expect(telecom('none')).toBeUndefined();
    expect(telecom('text', '   ')).toBeUndefined();
  });

  it('exports a referral that holds almost nothing: only what is known, still valid', () => {
    const bundle = toFhirBundle(referral({ person: { contactMethod: 'none' }, needs: [], whatMatters: '  ' }), { identifierBase: BASE_URL });
    expectValid(bundle);
    const { patient, request } = parts(bundle);
    expect(Object.keys(patient).sort()).toEqual(['identifier', 'meta', 'resourceType']);
    expect(request.reasonCode).toBeUndefined();
    expect(request.note).toBeUndefined();
  });

  it('gives the same full URLs each time a referral is exported, and different ones to different referrals', () => {
    const first = toFhirBundle(referral(), { identifierBase: BASE_URL });
    const again = toFhirBundle(referral(), { identifierBase: BASE_URL });
    const other = toFhirBundle(referral({ reference: 'SP-9XWQ4', personId: 'person-other' }), { identifierBase: BASE_URL });
    expect(again.entry.map((e) => e.fullUrl)).toEqual(first.entry.map((e) => e.fullUrl));
    expect(first.entry[0].fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(other.entry.map((e) => e.fullUrl)).not.toContain(first.entry[0].fullUrl);
    expect(other.entry.map((e) => e.fullUrl)).not.toContain(first.entry[1].fullUrl);
    expect(first.entry[1].request.ifNoneExist).toBe(`identifier=${systems.referral}|SP-7K3QT`);
  });

  it('refuses to export a referral without consent', () => {
    expect(() => toFhirBundle(referral({ consent: { given: false, at: new Date() } }), { identifierBase: BASE_URL })).toThrow(ExportRefusedError);
  });

  it('makes valid FHIR from whatever people type (property-based)', () => {
    const text = fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: undefined });
    const anyReferral = fc.record({
      status: fc.constantFrom(...STATUSES),
      urgent: fc.boolean(),
      preferredName: text,
      whatMatters: text,
      gpPractice: text,
      contactMethod: fc.constantFrom('text' as const, 'phone' as const, 'email' as const, 'none' as const),
      contactValue: text,
      needs: fc.subarray(NEEDS.map((n) => n.id)),
      createdAt: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true }),
    });
    fc.assert(
      fc.property(anyReferral, (r) => {
        const bundle = toFhirBundle(referral({ status: r.status, urgent: r.urgent, whatMatters: r.whatMatters, needs: r.needs, createdAt: r.createdAt, person: { preferredName: r.preferredName, gpPractice: r.gpPractice, contactMethod: r.contactMethod, contactValue: r.contactValue } }), { identifierBase: BASE_URL });
        expectValid(bundle);
      }),
      { numRuns: 300 },
    );
  });

  it('is checked by a schema that rejects what is not FHIR (the validator is not vacuous)', () => {
    const bundle = toFhirBundle(referral(), { identifierBase: BASE_URL });
    const { patient, request } = parts(bundle);
    expect(fhir.validate({ ...bundle, entry: [{ ...bundle.entry[0], resource: { ...patient, birthDate: '23/11/1958' } }, bundle.entry[1]] }).valid).toBe(false);
    expect(fhir.validate({ ...bundle, entry: [bundle.entry[0], { ...bundle.entry[1], resource: { ...request, needs: ['money'] } }] }).valid).toBe(false);
    expect(fhir.validate({ ...bundle, type: 'parcel' }).valid).toBe(false);
    expect(fhir.validateAs('Patient', { ...patient, telecom: [{ system: 'carrier-pigeon', value: 'x' }] }).valid).toBe(false);
    expect(fhir.validateAs('Patient', { ...patient, name: [{ text: 'Sam\u00a0Okafor' }] }).valid).toBe(false);
  });
});
