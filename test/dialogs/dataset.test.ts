/**
 * The information standard's dataset in the conversation (issue 23, item 3), on the real recognizer and embedded store:
 * gender, ethnic group and NHS number are asked only when the person asks ("add details" at the summary), each easy to
 * skip, the NHS number checked with its check digit and asked again with a clear error; the GP practice is matched to
 * its ODS code when a practice list has been imported, and stays as typed otherwise.
 */
import { MESSAGES } from '../../src/services/content/messages';
import { NHS_NUMBER_SYSTEM, ODS_CODE_SYSTEM, toFhirBundle, type Patient } from '../../src/services/interop/fhir';
import { fhirValidator } from '../interop/fhirSchema';
import { ukCoreProblems } from '../interop/ukCoreChecks';
import { DialogHarness, TEST_PERSON } from './harness';
import { driveTo, expectAsked } from './script';

describe('the dataset items of a self-referral', () => {
  let h: DialogHarness;
  beforeEach(async () => {
    h = await DialogHarness.start();
  });
  afterEach(async () => h.close());

  async function saved() {
    const [referral] = (await h.stores.referrals.list({ limit: 5 })).items;
    expect(referral.personId).toBe(TEST_PERSON);
    return referral;
  }

  it('asks none of them unless the person wants to, and says at the summary how to add them', async () => {
    const replies = await driveTo(h, 'summary.ask');
    const summary = replies[replies.length - 2].text ?? '';
    expect(summary).toContain(MESSAGES['summary.details']);
    expect(summary).not.toContain('Gender:');
    await h.send('yes');
    const referral = await saved();
    expect(referral.person).not.toHaveProperty('genderIdentity');
    expect(referral.person).not.toHaveProperty('nhsNumber');
    expect(referral.person).not.toHaveProperty('gpPracticeOds');
  });

  it('takes gender, ethnic group and a checked NHS number after "add details", re-asking a number that fails its check digit', async () => {
    await driveTo(h, 'summary.ask');
    let replies = await h.send('add details');
    expectAsked(replies, 'intake.gender.ask');
    expect(replies[replies.length - 1].text).toContain('5 Not stated (prefer not to say)');
    replies = await h.send('2');
    expectAsked(replies, 'intake.ethnicity.ask');
    replies = await h.send('prefer not to say');
    expectAsked(replies, 'intake.nhs.ask');
    replies = await h.send('943 476 5918');
    expect(replies.map((r) => r.text).join('\n')).toContain(MESSAGES['intake.nhs.checkDigit']);
    // (A second wrong try would bring the two-tries choices; the length error is in the answers table.)
    replies = await h.send('943 476 5919');
    expectAsked(replies, 'summary.ask');
    const summary = replies[replies.length - 2].text ?? '';
    expect(summary).toContain('Gender: Female (including trans woman)');
    expect(summary).toContain('Ethnic group: Not stated (prefer not to say)');
    expect(summary).toContain('NHS number: 943 476 5919');
    expect(summary).not.toContain(MESSAGES['summary.details']);
    await h.send('yes');
    expect((await saved()).person).toMatchObject({ genderIdentity: '2', ethnicCategory: 'Z', nhsNumber: '9434765919' });
  });

  it('lets each be skipped', async () => {
    await driveTo(h, 'summary.ask');
    await h.send('add details');
    await h.send('skip');
    await h.send('skip');
    const replies = await h.send("I don't know it");
    expectAsked(replies, 'summary.ask');
    await h.send('yes');
    const { person } = await saved();
    expect(person).not.toHaveProperty('genderIdentity');
    expect(person).not.toHaveProperty('ethnicCategory');
    expect(person).not.toHaveProperty('nhsNumber');
  });

  it('records the GP practice with its ODS code when the imported list names it once, and as typed when not', async () => {
    await h.stores.practices.replaceAll([{ odsCode: 'L81004', name: 'FISHPONDS FAMILY PRACTICE', postcode: 'BS16 3TD' }, { odsCode: 'L81018', name: 'THE PARK SURGERY' }]);
    const replies = await driveTo(h, 'summary.ask', { 'intake.gp.ask': 'fishponds surgery' });
    expect(replies[replies.length - 2].text).toContain('GP practice: Fishponds Family Practice');
    await h.send('yes');
    expect((await saved()).person).toMatchObject({ gpPractice: 'Fishponds Family Practice', gpPracticeOds: 'L81004' });
  });

  it('keeps an unknown practice as typed, with no code', async () => {
    await h.stores.practices.replaceAll([{ odsCode: 'L81004', name: 'FISHPONDS FAMILY PRACTICE' }]);
    await driveTo(h, 'summary.ask', { 'intake.gp.ask': 'Downend Health Group' });
    await h.send('yes');
    const { person } = await saved();
    expect(person.gpPractice).toBe('Downend Health Group');
    expect(person).not.toHaveProperty('gpPracticeOds');
  });

  it('exports a referral made this way as FHIR carrying the dataset, valid against R4 and the UK Core checks', async () => {
    await h.stores.practices.replaceAll([{ odsCode: 'L81004', name: 'FISHPONDS FAMILY PRACTICE' }]);
    await driveTo(h, 'summary.ask', { 'intake.gp.ask': 'Fishponds Family Practice', 'intake.name.ask': 'Sam Okafor' });
    await h.send('add details');
    await h.send('non-binary');
    await h.send('Indian');
    await h.send('9434765919');
    await h.send('yes');
    const referral = await saved();
    await h.stores.referrals.update(referral.reference, { status: 'closed', outcome: { type: 'declined', at: new Date('2025-03-10T11:00:00Z') } });
    const bundle = toFhirBundle((await h.stores.referrals.get(referral.reference))!, { identifierBase: 'https://fhir.example-icb.nhs.uk/signpost' });
    expect(fhirValidator().validate(bundle).errors).toEqual([]);
    expect(ukCoreProblems(bundle)).toEqual([]);
    const patient = bundle.entry[0].resource as Patient;
    expect(patient.identifier?.[0]).toEqual({ system: NHS_NUMBER_SYSTEM, value: '9434765919' });
    expect(patient.generalPractitioner?.[0].identifier).toEqual({ system: ODS_CODE_SYSTEM, value: 'L81004' });
    expect(patient).toMatchObject({ gender: 'other', name: [{ text: 'Sam Okafor', family: 'Okafor', given: ['Sam'] }] });
    expect(JSON.stringify(bundle)).toContain('871711000000103');
    expect(bundle.entry.filter((e) => e.resource.resourceType === 'Observation').length).toBeGreaterThan(1);
  }, 120_000);
});
