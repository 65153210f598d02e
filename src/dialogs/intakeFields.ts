/**
 * The intake questions in order: how each is asked, when it applies, and where its answer goes in the draft. The
 * summary's "change X" names a group of them (contact = method and detail; wellbeing = the four ONS4 questions).
 */
import type { MessageId } from '../services/content/messages';
import type { ReferralDraft } from '../services/referrals/draft';
import type { ContactMethod, Ons4Scores } from '../services/referrals/Referral';
import type { AnswerResult } from './prompts/AnswerPrompt';
import type { FieldGroup } from './prompts/fields';
import type { QuestionId } from './prompts/questions';

/** Signpost takes referrals from people aged 16 and over. */
export const MINIMUM_AGE = 16;

export type FieldId =
  | 'name' | 'dateOfBirth' | 'postcode' | 'contactMethod' | 'contactDetail' | 'gpPractice' | 'whatMatters' | 'needs'
  | 'lifeSatisfaction' | 'worthwhile' | 'happiness' | 'anxiety'
  | 'gender' | 'ethnicity' | 'nhsNumber';

export type StoreOutcome = 'next' | 'under16';

export interface IntakeField {
  id: FieldId;
  /** The question to ask, or 'needs' for the needs dialog. */
  ask(draft: ReferralDraft): QuestionId | 'needs';
  applies?(draft: ReferralDraft): boolean;
  /**
   * Asked only when the person asks for it (from the summary: "add details"), never in the usual run of questions:
   * the dataset items that are optional for the person cost nobody a question, or a text, unless they want them.
   */
  onRequest?: boolean;
  /** Said once before the question when it is reached going forward. */
  intro?: MessageId;
  store(draft: ReferralDraft, result: Exclude<AnswerResult, { kind: 'back' }>): StoreOutcome;
}

function answer<T>(result: Exclude<AnswerResult, { kind: 'back' }>): T | undefined {
  return result.kind === 'answer' ? (result.value as T) : undefined;
}

function simple(id: FieldId & keyof ReferralDraft, question: QuestionId): IntakeField {
  return {
    id,
    ask: () => question,
    store: (draft, result) => {
      const value = answer<string>(result);
      if (value === undefined) delete draft[id];
      else (draft as Record<string, unknown>)[id] = value;
      return 'next';
    },
  };
}

function wellbeing(id: keyof Ons4Scores & FieldId, intro?: MessageId): IntakeField {
  return {
    id,
    intro,
    ask: () => id,
    store: (draft, result) => {
      const scores: Ons4Scores = { ...draft.wellbeing };
      const value = answer<number>(result);
      if (value === undefined) delete scores[id];
      else scores[id] = value;
      draft.wellbeing = scores;
      return 'next';
    },
  };
}

/** A dataset item asked only on request: the answer, or nothing when skipped. */
function optionalCode(id: FieldId, question: QuestionId, key: 'genderIdentity' | 'ethnicCategory' | 'nhsNumber'): IntakeField {
  return {
    id,
    onRequest: true,
    ask: () => question,
    store: (draft, result) => {
      const value = answer<string>(result);
      if (value === undefined) delete draft[key];
      else (draft as Record<string, unknown>)[key] = value;
      return 'next';
    },
  };
}

const DETAIL_QUESTIONS: Record<Exclude<ContactMethod, 'none'>, QuestionId> = { text: 'mobile', phone: 'phone', email: 'email' };

export const INTAKE_FIELDS: readonly IntakeField[] = [
  {
    id: 'name',
    ask: () => 'name',
    store: (draft, result) => {
      const value = answer<string>(result);
      if (value === undefined) delete draft.preferredName;
      else draft.preferredName = value;
      return 'next';
    },
  },
  {
    id: 'dateOfBirth',
    ask: () => 'dateOfBirth',
    store: (draft, result) => {
      const value = answer<{ iso: string; age: number }>(result);
      if (value && value.age < MINIMUM_AGE) return 'under16';
      if (value === undefined) delete draft.dateOfBirth;
      else draft.dateOfBirth = value.iso;
      return 'next';
    },
  },
  simple('postcode', 'postcode'),
  {
    id: 'contactMethod',
    ask: () => 'contactMethod',
    store: (draft, result) => {
      const method = answer<ContactMethod>(result) ?? 'none';
      if (draft.contactMethod !== method) delete draft.contactValue;
      draft.contactMethod = method;
      return 'next';
    },
  },
  {
    id: 'contactDetail',
    applies: (draft) => draft.contactMethod !== undefined && draft.contactMethod !== 'none',
    ask: (draft) => DETAIL_QUESTIONS[draft.contactMethod as Exclude<ContactMethod, 'none'>],
    store: (draft, result) => {
      const value = answer<string>(result);
      if (value === undefined) delete draft.contactValue;
      else draft.contactValue = value;
      return 'next';
    },
  },
  simple('gpPractice', 'gpPractice'),
  simple('whatMatters', 'whatMatters'),
  {
    id: 'needs',
    ask: () => 'needs',
    store: (draft, result) => {
      draft.needs = answer<string[]>(result) ?? ['other'];
      return 'next';
    },
  },
  wellbeing('lifeSatisfaction', 'ons4.intro'),
  wellbeing('worthwhile'),
  wellbeing('happiness'),
  wellbeing('anxiety'),
  optionalCode('gender', 'gender', 'genderIdentity'),
  optionalCode('ethnicity', 'ethnicity', 'ethnicCategory'),
  optionalCode('nhsNumber', 'nhsNumber', 'nhsNumber'),
];

/** The usual run of questions (fields asked only on request are left out). */
export const ALL_FIELDS: readonly FieldId[] = INTAKE_FIELDS.filter((f) => !f.onRequest).map((f) => f.id);

export const GROUP_FIELDS: Record<FieldGroup, readonly FieldId[]> = {
  name: ['name'],
  dateOfBirth: ['dateOfBirth'],
  postcode: ['postcode'],
  contact: ['contactMethod', 'contactDetail'],
  gpPractice: ['gpPractice'],
  whatMatters: ['whatMatters'],
  needs: ['needs'],
  wellbeing: ['lifeSatisfaction', 'worthwhile', 'happiness', 'anxiety'],
  details: ['gender', 'ethnicity', 'nhsNumber'],
};

export function intakeField(id: FieldId): IntakeField {
  const field = INTAKE_FIELDS.find((f) => f.id === id);
  if (!field) throw new Error(`Unknown intake field ${id}`);
  return field;
}
