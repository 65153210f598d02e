/**
 * The answers a person can change from the summary, and the words they may use for each ("change postcode",
 * "my phone number is wrong", "edit GP").
 */
import type { MessageId } from '../../services/content/messages';
import { normalise } from './text';

export const FIELD_GROUPS = ['name', 'dateOfBirth', 'postcode', 'contact', 'gpPractice', 'whatMatters', 'needs', 'wellbeing', 'details'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

export const FIELD_LABELS: Record<FieldGroup, MessageId> = {
  name: 'field.name',
  dateOfBirth: 'field.dateOfBirth',
  postcode: 'field.postcode',
  contact: 'field.contact',
  gpPractice: 'field.gpPractice',
  whatMatters: 'field.whatMatters',
  needs: 'field.needs',
  wellbeing: 'field.wellbeing',
  details: 'field.details',
};

export const FIELD_WORDS: Record<FieldGroup, readonly string[]> = {
  name: ['name', 'my name', 'preferred name', 'first name', 'what to call me', 'what you call me'],
  dateOfBirth: ['date of birth', 'dob', 'd.o.b', 'birthday', 'birth date', 'birthdate', 'age', 'my age', 'date'],
  postcode: ['postcode', 'post code', 'postal code', 'address', 'area', 'where i live'],
  contact: ['contact', 'contact details', 'contact method', 'how to contact me', 'how to contact you', 'phone', 'phone number', 'number', 'mobile', 'mobile number', 'telephone', 'email', 'email address', 'e-mail', 'text', 'how you contact me'],
  gpPractice: ['gp', 'gp practice', 'gp surgery', 'doctor', 'doctors', "doctor's", 'surgery', 'practice', 'health centre', 'medical centre'],
  whatMatters: ['what matters', 'what matters to me', 'what matters to you', 'what matters most', 'matters'],
  needs: ['needs', 'need', 'help', 'help with', 'what i need help with', 'support', 'what i need'],
  details: ['details', 'more details', 'my details', 'gp record', 'gender', 'my gender', 'ethnicity', 'ethnic group', 'my ethnic group', 'nhs number', 'my nhs number', 'nhs no'],
  wellbeing: ['wellbeing', 'well-being', 'well being', 'scores', 'wellbeing scores', 'score', 'how i feel', 'feelings', 'questions about how i feel'],
};

const VERBS = /^(i want to |i'd like to |id like to |i would like to |can i |please |can you )?(change|edit|update|fix|correct|amend|alter|redo|add|give)\b\s*/;

/**
 * "change postcode" -> { field: "postcode" }; "change" or "change something" -> { field: undefined };
 * anything else -> undefined.
 */
export function parseChange(text: string): { field?: FieldGroup } | undefined {
  const t = normalise(text);
  const verb = VERBS.exec(t);
  const rest = (verb ? t.slice(verb[0].length) : t).replace(/^(my|the|your)\s+/, '').replace(/\s+(is wrong|is not right|isn'?t right|was wrong|please|again)$/, '').replace(/^wrong\s+/, '').trim();
  if (verb && (rest === '' || rest === 'something' || rest === 'it' || rest === 'an answer' || rest === 'answers' || rest === 'something else')) return {};
  const field = fieldNamed(rest);
  if (field) return { field };
  return undefined;
}

/** The field a few words name, or undefined (also when they could name more than one). */
export function fieldNamed(text: string): FieldGroup | undefined {
  const t = normalise(text);
  const exact = FIELD_GROUPS.find((g) => FIELD_WORDS[g].some((w) => w === t));
  if (exact) return exact;
  const padded = ` ${t} `;
  const found = FIELD_GROUPS.filter((g) => FIELD_WORDS[g].some((w) => w.length > 3 && padded.includes(` ${w} `)));
  return found.length === 1 ? found[0] : undefined;
}
