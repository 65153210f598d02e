/** A referral's person as a UK Core Patient: only what the person told us, nothing guessed. */
import { ethnicCategoryLabel, type GenderIdentityCode } from '../../dataset/demographics';
import { isValidNhsNumber } from '../../dataset/nhsNumber';
import type { Person, Referral } from '../../referrals/Referral';
import { NHS_NUMBER_SYSTEM, ODS_CODE_SYSTEM, UK_CORE, type SignpostSystems } from './codes';
import type { AdministrativeGender, ContactPoint, HumanName, Identifier, Patient, Reference } from './r4';
import { fhirString } from './text';

/** How the person asked to be contacted, as a FHIR contact point (rank 1: their preferred way). */
export function contactPoint(person: Person): ContactPoint | undefined {
  const value = fhirString(person.contactValue);
  if (!value) return undefined;
  switch (person.contactMethod) {
    case 'text':
      return { system: 'sms', value, use: 'mobile', rank: 1 };
    case 'phone':
      return { system: 'phone', value, rank: 1 };
    case 'email':
      return { system: 'email', value, rank: 1 };
    case 'none':
      return undefined;
  }
}

/**
 * The gender the person gave (NHS Data Dictionary GENDER IDENTITY CODE) as FHIR's administrative gender: male and
 * female as themselves, non-binary and "other" as other, "prefer not to say" as unknown. It is what they told us, not
 * a record of sex.
 */
const GENDER: Record<GenderIdentityCode, AdministrativeGender> = { '1': 'male', '2': 'female', '3': 'other', '4': 'other', Z: 'unknown' };

export function administrativeGender(code: GenderIdentityCode): AdministrativeGender {
  return GENDER[code];
}

/**
 * The name as the person gave it, in full as text. When it has more than one word, the last is also given as the
 * family name and the rest as given names (what GP systems match on); a one-word name is text only.
 */
export function humanName(text: string): HumanName {
  const words = text.split(/\s+/);
  if (words.length < 2) return { use: 'usual', text };
  return { use: 'usual', text, family: words[words.length - 1], given: words.slice(0, -1) };
}

function generalPractitioner(person: Person): Reference | undefined {
  const name = fhirString(person.gpPractice);
  const ods = fhirString(person.gpPracticeOds);
  if (ods) return { identifier: { system: ODS_CODE_SYSTEM, value: ods.toUpperCase() }, ...(name ? { display: name } : {}) };
  return name ? { display: name } : undefined;
}

export function toFhirPatient(referral: Pick<Referral, 'personId' | 'person'>, systems: SignpostSystems): Patient {
  const { person } = referral;
  const identifiers: Identifier[] = [];
  // Only a number that passes its check digit is sent as an NHS number.
  if (person.nhsNumber && isValidNhsNumber(person.nhsNumber)) identifiers.push({ system: NHS_NUMBER_SYSTEM, value: person.nhsNumber });
  identifiers.push({ system: systems.person, value: referral.personId });
  const patient: Patient = { resourceType: 'Patient', meta: { profile: [UK_CORE.patient] }, identifier: identifiers };
  if (person.ethnicCategory) {
    patient.extension = [{
      url: UK_CORE.ethnicCategoryExtension,
      valueCodeableConcept: { coding: [{ system: UK_CORE.ethnicCategoryCodeSystem, code: person.ethnicCategory, display: ethnicCategoryLabel(person.ethnicCategory) }] },
    }];
  }
  const name = fhirString(person.preferredName);
  if (name) patient.name = [humanName(name)];
  const telecom = contactPoint(person);
  if (telecom) patient.telecom = [telecom];
  if (person.genderIdentity) patient.gender = administrativeGender(person.genderIdentity);
  const birthDate = fhirString(person.dateOfBirth);
  if (birthDate) patient.birthDate = birthDate;
  const postcode = fhirString(person.postcode);
  if (postcode) patient.address = [{ use: 'home', postalCode: postcode }];
  const practice = generalPractitioner(person);
  if (practice) patient.generalPractitioner = [practice];
  return patient;
}
