/**
 * De-identified referral rows for export: no name, contact details, date of birth, full postcode, reference or free
 * text. The postcode becomes its outward code (district, "BS16"), the date of birth an age band at the time of the
 * referral, times become dates. Adapters read only the fields listed in ROW_SOURCE_FIELDS and pass them through
 * `deidentify`, so nothing else can leave the store by this route.
 */
import type { ContactMethod, FollowUp, Ons4Scores, Referral, ReferralStatus } from '../referrals/Referral';
import { isoWeekOf, londonDate } from './weeks';

/** The referral fields a row is made from (dotted paths, as both adapters' projections take them). */
export const ROW_SOURCE_FIELDS = [
  'createdAt',
  'channel',
  'status',
  'urgent',
  'needs',
  'servicesOffered',
  'person.dateOfBirth',
  'person.postcode',
  'person.contactMethod',
  'wellbeingAtIntake',
  'followUp.consentAt',
  'followUp.answeredAt',
  'followUp.wellbeing',
  'outcome.type',
  'firstContactAt',
] as const;

/** A projection that reads only those fields (and not the reference). */
export const ROW_SOURCE_PROJECTION: Record<string, 0 | 1> = { _id: 0, ...Object.fromEntries(ROW_SOURCE_FIELDS.map((f) => [f, 1])) };

export interface RowSource {
  createdAt: Date;
  channel: string;
  status: ReferralStatus;
  urgent: boolean;
  needs?: string[];
  servicesOffered?: string[];
  person?: { dateOfBirth?: string; postcode?: string; contactMethod?: ContactMethod };
  wellbeingAtIntake?: Ons4Scores;
  followUp?: Partial<Pick<FollowUp, 'consentAt' | 'answeredAt' | 'wellbeing'>>;
  outcome?: Partial<Pick<NonNullable<Referral['outcome']>, 'type'>>;
  firstContactAt?: Date;
}

export interface DeidentifiedReferral {
  /** London date the referral was made. */
  createdDate: string;
  isoWeek: string;
  channel: string;
  status: ReferralStatus;
  urgent: boolean;
  needs: string[];
  /** "25-34"; null when no date of birth was given. */
  ageBand: string | null;
  /** Outward code of the postcode ("BS16"); null when none was given. */
  postcodeDistrict: string | null;
  contactMethod: ContactMethod | null;
  servicesOffered: number;
  outcome: string | null;
  wellbeingAtIntake: Ons4Scores;
  followUpConsent: boolean;
  followUpAnsweredDate: string | null;
  wellbeingAtFollowUp: Ons4Scores;
  /** London date a link worker first reached the person (worklist contact, or picking up their chat); null: not yet. */
  firstContactDate: string | null;
}

/** Age bands as commissioners count them; under-16s are never kept, so the first band starts at 16. */
const BANDS: [number, string][] = [
  [85, '85+'],
  [75, '75-84'],
  [65, '65-74'],
  [55, '55-64'],
  [45, '45-54'],
  [35, '35-44'],
  [25, '25-34'],
  [16, '16-24'],
];

/** Whole years between a date of birth and a London date (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, onDate: string): number | undefined {
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  const on = /^(\d{4})-(\d{2})-(\d{2})$/.exec(onDate);
  if (!birth || !on) return undefined;
  const [by, bm, bd] = birth.slice(1).map(Number);
  const [oy, om, od] = on.slice(1).map(Number);
  const age = oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
  return age >= 0 ? age : undefined;
}

export function ageBand(dateOfBirth: string | undefined, onDate: string): string | null {
  if (!dateOfBirth) return null;
  const age = ageOn(dateOfBirth, onDate);
  if (age === undefined) return null;
  return BANDS.find(([from]) => age >= from)?.[1] ?? 'under 16';
}

/** The outward code (district) of a UK postcode: "BS16 1QY" -> "BS16"; null when it does not look like a postcode. */
export function postcodeDistrict(postcode: string | undefined): string | null {
  if (!postcode) return null;
  const compact = postcode.toUpperCase().replace(/\s+/g, '');
  const match = /^([A-Z]{1,2}[0-9][A-Z0-9]?)[0-9][A-Z]{2}$/.exec(compact);
  return match ? match[1] : null;
}

const scores = (s: Ons4Scores | undefined): Ons4Scores => ({
  ...(typeof s?.lifeSatisfaction === 'number' ? { lifeSatisfaction: s.lifeSatisfaction } : {}),
  ...(typeof s?.worthwhile === 'number' ? { worthwhile: s.worthwhile } : {}),
  ...(typeof s?.happiness === 'number' ? { happiness: s.happiness } : {}),
  ...(typeof s?.anxiety === 'number' ? { anxiety: s.anxiety } : {}),
});

export function deidentify(source: RowSource): DeidentifiedReferral {
  const createdDate = londonDate(source.createdAt);
  const answeredAt = source.followUp?.answeredAt;
  return {
    createdDate,
    isoWeek: isoWeekOf(createdDate),
    channel: source.channel,
    status: source.status,
    urgent: source.urgent,
    needs: [...(source.needs ?? [])],
    ageBand: ageBand(source.person?.dateOfBirth, createdDate),
    postcodeDistrict: postcodeDistrict(source.person?.postcode),
    contactMethod: source.person?.contactMethod ?? null,
    servicesOffered: source.servicesOffered?.length ?? 0,
    outcome: source.outcome?.type ?? null,
    wellbeingAtIntake: scores(source.wellbeingAtIntake),
    followUpConsent: source.followUp?.consentAt instanceof Date,
    followUpAnsweredDate: answeredAt instanceof Date ? londonDate(answeredAt) : null,
    wellbeingAtFollowUp: scores(source.followUp?.wellbeing),
    firstContactDate: source.firstContactAt instanceof Date ? londonDate(source.firstContactAt) : null,
  };
}
