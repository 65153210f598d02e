/** A referral's person as a FHIR R4 Patient: only what the person told us, nothing guessed. */
import type { Person, Referral } from '../../referrals/Referral';
import type { SignpostSystems } from './codes';
import type { ContactPoint, Patient } from './r4';
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

export function toFhirPatient(referral: Pick<Referral, 'personId' | 'person'>, systems: SignpostSystems): Patient {
  const { person } = referral;
  const patient: Patient = { resourceType: 'Patient', identifier: [{ system: systems.person, value: referral.personId }] };
  const name = fhirString(person.preferredName);
  // A preferred name only: the person chose what to be called, so it is "usual" text, never split into given/family.
  if (name) patient.name = [{ use: 'usual', text: name }];
  const telecom = contactPoint(person);
  if (telecom) patient.telecom = [telecom];
  const birthDate = fhirString(person.dateOfBirth);
  if (birthDate) patient.birthDate = birthDate;
  const postcode = fhirString(person.postcode);
  if (postcode) patient.address = [{ use: 'home', postalCode: postcode }];
  const practice = fhirString(person.gpPractice);
  if (practice) patient.generalPractitioner = [{ display: practice }];
  return patient;
}
