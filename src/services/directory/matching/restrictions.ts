/**
 * Restrictions in plain words: the sentences of a directory's own text that limit who a service is for ("For people
 * having alcohol/drug issues only!", "Members only", "You must be registered with a Bristol GP", "By referral from a
 * GP"). Found at import (kept in eligibility.restrictions and listed in the import report) and, for services stored
 * before, again at matching.
 *
 * What counts, in eligibility words, notes and referral rules: a sentence with "only" (not "not only"), "must", "for
 * people who/with/having/aged/...", "members only" and the like, or a referral rule ("referral from", "referred by",
 * "by referral", "no self-referrals"). Not: "no referral needed", "self-referral ...", "everyone welcome". In a
 * description (which talks about much else: "even if it's only an hour", "run by its members"), only plain limits:
 * "for women only", "only for carers", "Members only".
 *
 * How matching uses them (judgeRestrictions): Signpost knows only what the person asked help with and perhaps their
 * age. A restriction fits when it names one of the person's needs in everyday words (alcohol or drugs for
 * substance-use, carers for carers, ...), or an age the person has ("over 50" or "older people" for someone 67).
 * Otherwise it may not
 * be for them: the service goes after every service meeting as many needs that is not restricted, and its words are
 * shown as they are. It is never left out: people do not always say everything about themselves.
 */
import type { NeedId } from '../../needs/taxonomy';
import type { DirectoryService } from '../DirectoryService';

const ONLY = /\bonly\b/i;
const NOT_ONLY = /\bnot\s+only\b/i;
const MUST = /\bmust\b/i;
const FOR_PEOPLE = /\b(?:for|open\s+to)\s+(?:people|those|anyone|adults|men|women|families|parents|residents|individuals|young\s+people|children|someone)\s+(?:who|with|having|aged|living|over|under|affected|that|in\s+receipt|on|experiencing|recovering)\b/i;
 /** "for older people", "for young people": an age group Signpost can judge only against an age it knows. */
const AGE_GROUP = /\bfor\s+(?:older|elderly|young|younger)\s+(?:people|adults|residents)\b|\bfor\s+(?:the\s+)?elderly\b/i;
const MEMBERS = /\bmembers?\s+only\b|\bonly\s+(?:for\s+|open\s+to\s+)?members\b|\bmust\s+be\s+an?\s+member\b|\bopen\s+to\s+members\s+of\s+(?!the\s+public)|\bfor\s+members\b/i;
/** In a description, only plain "only" limits count ("for women only", "only for carers", "Members only."). */
const ONLY_PLAIN = /\bonly\s+(?:for|open\s+to|available\s+to)\b|\bfor\b[^.!?]{0,60}\bonly\b|^[^.!?]{0,40}\bonly\s*[.!]*$/i;
const REFERRAL_FROM = /\breferrals?\s+from\b|\breferred\s+(?:by|from)\b|\bby\s+referral\b|\breferral\s+only\b|\bno\s+self[-\s]?referrals?\b/i;
const OPEN_REFERRAL = /\bno\s+referrals?\s+(?:needed|required|necessary)\b|(?<!no\s)\bself[-\s]?referrals?\b|\beveryone\s+(?:is\s+)?welcome\b/i;

/** Sentences of text, split on new lines and sentence ends (keeping the full stop or mark). */
function sentencesOf(text: string): string[] {
  return text.split(/\n+/).flatMap((line) => line.split(/(?<=[.!?])\s+/)).map((s) => s.trim()).filter(Boolean);
}

/** Does this one sentence limit who the service is for? */
export function isRestriction(sentence: string): boolean {
  if (REFERRAL_FROM.test(sentence)) return !(OPEN_REFERRAL.test(sentence) && !/\bno\s+self[-\s]?referrals?\b/i.test(sentence));
  if (OPEN_REFERRAL.test(sentence) && !ONLY.test(sentence)) return false;
  return (ONLY.test(sentence) && !NOT_ONLY.test(sentence)) || MUST.test(sentence) || FOR_PEOPLE.test(sentence) || MEMBERS.test(sentence) || AGE_GROUP.test(sentence);
}

/** The restricting sentences of a text, as they are. */
export function findRestrictions(text: string | undefined): string[] {
  if (!text) return [];
  return sentencesOf(text).filter(isRestriction);
}

/** The restrictions of a service's own words: eligibility, referral rules and notes (the description only for plain "only"/"for people who"). */
export function restrictionsOfService(service: Pick<DirectoryService, 'eligibility' | 'notes' | 'referral' | 'description'>): string[] {
  if (service.eligibility.restrictions) return service.eligibility.restrictions;
  const found = [
    ...findRestrictions(service.eligibility.description),
    ...findRestrictions(service.referral),
    ...findRestrictions(service.notes),
    ...sentencesOf(service.description ?? '').filter((s) => ONLY_PLAIN.test(s) || MEMBERS.test(s)),
  ];
  return [...new Set(found)];
}

/** Everyday words for the needs a restriction may name: "for people having alcohol/drug issues" names substance-use. */
const NEED_WORDS: Partial<Record<NeedId, RegExp>> = {
  'substance-use': /\b(?:alcohol|drugs?|substance|addiction|gambling|recovery)\b/i,
  carers: /\bcar(?:ers?|ing\s+for)\b/i,
  bereavement: /\bbereave|\bgrie(?:f|ving)\b/i,
  'domestic-abuse': /\b(?:domestic\s+abuse|domestic\s+violence|abuse)\b/i,
  'mental-wellbeing': /\bmental\s+health\b|\banxiety\b|\bdepression\b/i,
  'long-term-condition': /\b(?:disab\w*|dementia|long[-\s]term|condition|cancer|stroke|parkinson'?s|diabetes|sight\s+loss|deaf)\b/i,
  families: /\b(?:parents?|families|family|children|mums?|dads?)\b/i,
  housing: /\b(?:homeless\w*|rough\s+sleep\w*|housing)\b/i,
  loneliness: /\b(?:lonel\w*|isolat\w*|live\s+alone|living\s+alone)\b/i,
  employment: /\b(?:unemployed|job\s*seekers?|looking\s+for\s+work)\b/i,
  money: /\b(?:debt|money)\b/i,
  benefits: /\b(?:benefits?|universal\s+credit)\b/i,
};

/**
 * "over 50", "aged 50 and over", "50+" -> 50; "under 25", "aged up to 25" -> max 25. "Older people" is taken as 65
 * and over (State Pension age, near enough) and "young people" as up to 25: a rough guide, used only to say a
 * service fits, never to leave one out.
 */
function agesIn(sentence: string): { min?: number; max?: number } {
  if (/\b(?:older|elderly)\b/i.test(sentence) && !/\d/.test(sentence)) return { min: 65 };
  if (/\b(?:young|younger)\s+(?:people|adults)\b/i.test(sentence) && !/\d/.test(sentence)) return { max: 25 };
  const min = /\b(?:over|aged)\s+(\d{1,3})\b/i.exec(sentence) ?? /\b(\d{1,3})\s*\+/.exec(sentence) ?? /\b(\d{1,3})\s+(?:and|or)\s+(?:over|above|older)\b/i.exec(sentence);
  const max = /\b(?:under|up\s+to)\s+(\d{1,3})\b/i.exec(sentence);
  return { ...(min ? { min: Number(min[1]) } : {}), ...(max ? { max: Number(max[1]) } : {}) };
}

/** true: the sentence names one of the person's needs, or ages that include theirs; undefined: Signpost cannot tell. */
function judgedByNeedsOrAge(sentence: string, needs: readonly NeedId[], age: number | undefined): boolean | undefined {
  const named = (Object.entries(NEED_WORDS) as [NeedId, RegExp][]).filter(([, words]) => words.test(sentence)).map(([need]) => need);
  if (named.some((need) => needs.includes(need))) return true;
  const ages = agesIn(sentence);
  if (age !== undefined && (ages.min !== undefined || ages.max !== undefined) && named.length === 0) {
    return (ages.min === undefined || age >= ages.min) && (ages.max === undefined || age <= ages.max);
  }
  return undefined;
}

export interface RestrictionJudgement {
  /** Restrictions the person seems to fit (by the needs they asked about or their age). */
  fits: string[];
  /** Restrictions Signpost cannot tell the person fits: shown as they are, and the service goes after unrestricted ones. */
  unsure: string[];
}

export function judgeRestrictions(restrictions: readonly string[], person: { needs: readonly NeedId[]; age?: number }): RestrictionJudgement {
  const fits: string[] = [];
  const unsure: string[] = [];
  for (const sentence of restrictions) (judgedByNeedsOrAge(sentence, person.needs, person.age) === true ? fits : unsure).push(sentence);
  return { fits, unsure };
}
