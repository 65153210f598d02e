/**
 * The information standard's dataset in the FHIR export (issue 23, item 4): before this, a Bundle had no NHS number,
 * no gender, no ethnicity, the first name only, the practice as text, no UK Core profiles, and no outcome or
 * wellbeing. Every Bundle here must pass HL7's R4 JSON schema and the UK Core rules in ukCoreChecks.ts.
 */
import fc from 'fast-check';
import { ETHNIC_CATEGORY, GENDER_IDENTITY } from '../../src/services/dataset/demographics';
import { nhsCheckDigit } from '../../src/services/dataset/nhsNumber';
import { NHS_NUMBER_SYSTEM, ODS_CODE_SYSTEM, ONS4_CODES, signpostSystems, toFhirBundle, UK_CORE, type Bundle, type Observation, type Patient, type ServiceRequest } from '../../src/services/interop/fhir';
import type { Referral } from '../../src/services/referrals/Referral';
import { fhirValidator, type FhirValidator } from './fhirSchema';
import { ukCoreProblems } from './ukCoreChecks';

const BASE = 'https://fhir.example-icb.nhs.uk/signpost';
const systems = signpostSystems(BASE);

function referral(overrides: Partial<Referral> = {}): Referral {
  return {
    reference: 'SP-7K3QT',
    personId: 'person-0f9c2a',
    channel: 'directline',
    conversationId: 'conv-1',
    createdAt: new Date('2025-03-04T09:15:00.000Z'),
    updatedAt: new Date('2025-05-04T09:20:00.000Z'),
    status: 'closed',
    urgent: false,
    consent: { given: true, at: new Date('2025-03-04T09:10:00.000Z') },
    person: {
      preferredName: 'Samuel Ade Okafor',
      dateOfBirth: '1958-11-23',
      postcode: 'BS16 1QY',
      contactMethod: 'phone',
      contactValue: '+441179000000',
      gpPractice: 'Fishponds Family Practice',
      gpPracticeOds: 'L81004',
      genderIdentity: '1',
      ethnicCategory: 'N',
      nhsNumber: '9434765919',
    },
    whatMatters: 'Seeing people again',
    needs: ['loneliness', 'money'],
    wellbeingAtIntake: { lifeSatisfaction: 3, worthwhile: 4, happiness: 2, anxiety: 8 },
    servicesOffered: ['svc-1', 'svc-2'],
    servicesOfferedNamed: [{ id: 'svc-1', name: 'Fishponds Lunch Club' }, { id: 'svc-2', name: 'Citizens Advice Bristol' }],
    outcome: { type: 'referred', detail: 'Fishponds Lunch Club', at: new Date('2025-03-10T11:00:00.000Z') },
    referredTo: { id: 'svc-1', name: 'Fishponds Lunch Club' },
    followUp: { consentAt: new Date('2025-03-10T11:00:00.000Z'), dueAt: new Date('2025-04-21T09:00:00.000Z'), answeredAt: new Date('2025-04-21T10:00:00.000Z'), wellbeing: { lifeSatisfaction: 6, worthwhile: 6, happiness: 5 } },
    ...overrides,
  };
}

let fhir: FhirValidator;
beforeAll(() => {
  fhir = fhirValidator();
}, 120_000);

function checked(bundle: Bundle): Bundle {
  const r4 = fhir.validate(bundle);
  const detail = r4.valid ? [] : bundle.entry.flatMap((e) => fhir.validateAs(e.resource.resourceType, e.resource).errors.map((m) => `${e.resource.resourceType}${m}`));
  expect({ r4: [...detail, ...r4.errors], ukCore: ukCoreProblems(bundle) }).toEqual({ r4: [], ukCore: [] });
  return bundle;
}

const of = <T>(bundle: Bundle, type: string) => bundle.entry.filter((e) => e.resource.resourceType === type).map((e) => e.resource as unknown as T);

describe('the dataset in the FHIR export', () => {
  it('profiles the Patient and ServiceRequest as UK Core, with the NHS number and the practice ODS code as identifiers', () => {
    const bundle = checked(toFhirBundle(referral(), { identifierBase: BASE }));
    const [patient] = of<Patient>(bundle, 'Patient');
    const [request] = of<ServiceRequest>(bundle, 'ServiceRequest');
    expect(patient.meta).toEqual({ profile: [UK_CORE.patient] });
    expect(request.meta).toEqual({ profile: [UK_CORE.serviceRequest] });
    expect(patient.identifier).toEqual([{ system: NHS_NUMBER_SYSTEM, value: '9434765919' }, { system: systems.person, value: 'person-0f9c2a' }]);
    expect(patient.generalPractitioner).toEqual([{ identifier: { system: ODS_CODE_SYSTEM, value: 'L81004' }, display: 'Fishponds Family Practice' }]);
    expect(patient.name).toEqual([{ use: 'usual', text: 'Samuel Ade Okafor', given: ['Samuel', 'Ade'], family: 'Okafor' }]);
    expect(patient.gender).toBe('male');
    expect(patient.extension).toEqual([{ url: UK_CORE.ethnicCategoryExtension, valueCodeableConcept: { coding: [{ system: UK_CORE.ethnicCategoryCodeSystem, code: 'N', display: 'Black or Black British - African' }] } }]);
  });

  it('gives every gender and ethnic category answer, "prefer not to say" included, a valid coded form', () => {
    for (const { code } of GENDER_IDENTITY) {
      const [patient] = of<Patient>(checked(toFhirBundle(referral({ person: { ...referral().person, genderIdentity: code } }), { identifierBase: BASE })), 'Patient');
      expect(patient.gender).toBe({ '1': 'male', '2': 'female', '3': 'other', '4': 'other', Z: 'unknown' }[code]);
    }
    for (const { code } of ETHNIC_CATEGORY) checked(toFhirBundle(referral({ person: { ...referral().person, ethnicCategory: code } }), { identifierBase: BASE }));
  });

  it('never sends a number that fails its check digit as an NHS number, and leaves out what the person skipped', () => {
    const person = { contactMethod: 'none' as const, nhsNumber: '9434765918', preferredName: 'Sam' };
    const [patient] = of<Patient>(checked(toFhirBundle(referral({ person }), { identifierBase: BASE })), 'Patient');
    expect(patient.identifier).toEqual([{ system: systems.person, value: 'person-0f9c2a' }]);
    expect(patient.gender).toBeUndefined();
    expect(patient.extension).toBeUndefined();
    expect(patient.name).toEqual([{ use: 'usual', text: 'Sam' }]);
  });

  it('exports "declined" as an Observation coded SNOMED CT 871711000000103 Social prescribing declined', () => {
    const bundle = checked(toFhirBundle(referral({ outcome: { type: 'declined', at: new Date('2025-03-06T10:00:00Z') }, referredTo: undefined }), { identifierBase: BASE }));
    const outcome = of<Observation>(bundle, 'Observation').find((o) => o.identifier[0].value === 'SP-7K3QT/outcome');
    expect(outcome?.code.coding).toEqual([
      { system: 'http://snomed.info/sct', code: '871711000000103', display: 'Social prescribing declined' },
      { system: systems.outcome, code: 'declined', display: 'Social prescribing declined' },
    ]);
    expect(outcome).toMatchObject({ status: 'final', effectiveDateTime: '2025-03-06T10:00:00.000Z', subject: { reference: bundle.entry[0].fullUrl }, basedOn: [{ reference: bundle.entry[1].fullUrl }] });
  });

  it('exports other outcomes in the local outcome system, with the service referred to by name and id', () => {
    const bundle = checked(toFhirBundle(referral(), { identifierBase: BASE }));
    const outcome = of<Observation>(bundle, 'Observation').find((o) => o.identifier[0].value === 'SP-7K3QT/outcome');
    expect(outcome?.code.coding).toEqual([{ system: systems.outcome, code: 'referred', display: 'Referred to a named service' }]);
    const [request] = of<ServiceRequest>(bundle, 'ServiceRequest');
    expect(request.note?.map((n) => n.text)).toEqual([
      'What matters to me: Seeing people again',
      'Services offered: Fishponds Lunch Club (svc-1); Citizens Advice Bristol (svc-2)',
      'Referred to: Fishponds Lunch Club (svc-1)',
    ]);
  });

  it('exports each ONS4 score at intake and at the follow-up as an Observation with an integer value', () => {
    const bundle = checked(toFhirBundle(referral(), { identifierBase: BASE }));
    const scores = of<Observation>(bundle, 'Observation').filter((o) => o.code.coding?.[0].system === systems.ons4);
    expect(scores.map((o) => [o.identifier[0].value, o.valueInteger, o.effectiveDateTime])).toEqual([
      ['SP-7K3QT/intake/life-satisfaction', 3, '2025-03-04T09:15:00.000Z'],
      ['SP-7K3QT/intake/worthwhile', 4, '2025-03-04T09:15:00.000Z'],
      ['SP-7K3QT/intake/happiness', 2, '2025-03-04T09:15:00.000Z'],
      ['SP-7K3QT/intake/anxiety', 8, '2025-03-04T09:15:00.000Z'],
      ['SP-7K3QT/follow-up/life-satisfaction', 6, '2025-04-21T10:00:00.000Z'],
      ['SP-7K3QT/follow-up/worthwhile', 6, '2025-04-21T10:00:00.000Z'],
      ['SP-7K3QT/follow-up/happiness', 5, '2025-04-21T10:00:00.000Z'],
    ]);
    expect(scores[0].code.coding).toEqual([{ system: systems.ons4, ...ONS4_CODES.lifeSatisfaction }]);
    expect(scores[0].category).toEqual([{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] }]);
    // Each Observation has its own stable full URL and a conditional create on its identifier.
    const entries = bundle.entry.filter((e) => e.resource.resourceType === 'Observation');
    expect(new Set(entries.map((e) => e.fullUrl)).size).toBe(entries.length);
    expect(entries[0].request).toEqual({ method: 'POST', url: 'Observation', ifNoneExist: `identifier=${systems.observation}|SP-7K3QT/outcome` });
  });

  it('the UK Core checks are not vacuous', () => {
    const bundle = toFhirBundle(referral(), { identifierBase: BASE });
    const patient = bundle.entry[0].resource as Patient;
    const bad = (p: Partial<Patient>): Bundle => ({ ...bundle, entry: [{ ...bundle.entry[0], resource: { ...patient, ...p } }, ...bundle.entry.slice(1)] });
    expect(ukCoreProblems(bad({ meta: undefined }))).toEqual([`Patient does not claim ${UK_CORE.patient}`]);
    expect(ukCoreProblems(bad({ identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9434765918' }] }))).toEqual(['Patient NHS number 9434765918 fails its check digit']);
    expect(ukCoreProblems(bad({ generalPractitioner: [{ identifier: { system: ODS_CODE_SYSTEM, value: 'Fishponds' } }] }))).toHaveLength(1);
    expect(ukCoreProblems(bad({ extension: [{ url: UK_CORE.ethnicCategoryExtension, valueCodeableConcept: { coding: [{ system: UK_CORE.ethnicCategoryCodeSystem, code: 'Q' }] } }] }))).toHaveLength(1);
    expect(ukCoreProblems({ ...bundle, entry: bundle.entry.slice(1) })).toContain('ServiceRequest subject does not refer to the Bundle\'s Patient');
  });

  it('makes R4- and UK Core-valid Bundles from any dataset answers (property-based)', () => {
    const nhs = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }).map((d) => d.join('')).map((nine) => {
      const check = nhsCheckDigit(nine);
      return check === undefined ? undefined : `${nine}${check}`;
    });
    fc.assert(
      fc.property(
        fc.record({
          gender: fc.option(fc.constantFrom(...GENDER_IDENTITY.map((g) => g.code)), { nil: undefined }),
          ethnic: fc.option(fc.constantFrom(...ETHNIC_CATEGORY.map((e) => e.code)), { nil: undefined }),
          nhs,
          name: fc.option(fc.string({ unit: 'grapheme', maxLength: 30 }), { nil: undefined }),
          outcome: fc.option(fc.constantFrom('signposted', 'referred', 'no-contact', 'not-eligible', 'safeguarding-escalated', 'handed-back', 'declined'), { nil: undefined }),
          score: fc.integer({ min: 0, max: 10 }),
        }),
        (r) => {
          const base = referral();
          const bundle = toFhirBundle(referral({
            person: { ...base.person, genderIdentity: r.gender, ethnicCategory: r.ethnic, nhsNumber: r.nhs, preferredName: r.name },
            outcome: r.outcome ? { type: r.outcome, at: new Date('2025-03-10T11:00:00Z') } : undefined,
            wellbeingAtIntake: { lifeSatisfaction: r.score },
          }), { identifierBase: BASE });
          expect(fhir.validate(bundle).valid).toBe(true);
          expect(ukCoreProblems(bundle)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
