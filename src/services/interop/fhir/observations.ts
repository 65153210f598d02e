/**
 * The referral's outcome and wellbeing scores as UK Core Observations about the Patient, based on the ServiceRequest.
 *
 * - Outcome: coded in Signpost's local outcome system (the handoff outcome ids); "declined" also carries the national
 *   SNOMED CT 871711000000103 |Social prescribing declined|, which GP systems record.
 * - Wellbeing: each ONS4 answer (0-10) as valueInteger, at intake and at the follow-up. No code for the ONS4 questions
 *   was found in the standard or NHS guidance (searched 2026-12-06), so they are in the local code system
 *   FHIR_IDENTIFIER_BASE/fhir/CodeSystem/ons4 with the codes below (README, FHIR export, documents them).
 */
import type { Ons4Scores, Referral } from '../../referrals/Referral';
import { OUTCOME_LABELS } from '../../reporting/report';
import { OBSERVATION_CATEGORY, SOCIAL_PRESCRIBING_DECLINED, UK_CORE, type SignpostSystems } from './codes';
import type { Coding, Observation } from './r4';
import { fhirString } from './text';

/** Local ONS4 codes: the key in Ons4Scores -> code and the question it stands for (ONS wording, short). */
export const ONS4_CODES: Record<keyof Ons4Scores, { code: string; display: string }> = {
  lifeSatisfaction: { code: 'life-satisfaction', display: 'ONS4: how satisfied with life nowadays (0-10)' },
  worthwhile: { code: 'worthwhile', display: 'ONS4: how worthwhile the things done in life are (0-10)' },
  happiness: { code: 'happiness', display: 'ONS4: how happy yesterday (0-10)' },
  anxiety: { code: 'anxiety', display: 'ONS4: how anxious yesterday (0-10)' },
};

interface Context {
  patientUrl: string;
  requestUrl: string;
  systems: SignpostSystems;
}

function observation(id: string, code: Coding[], effective: Date, ctx: Context, category: string): Observation {
  return {
    resourceType: 'Observation',
    meta: { profile: [UK_CORE.observation] },
    identifier: [{ system: ctx.systems.observation, value: id }],
    basedOn: [{ reference: ctx.requestUrl }],
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: category }] }],
    code: { coding: code, text: code[0].display },
    subject: { reference: ctx.patientUrl },
    effectiveDateTime: effective.toISOString(),
  };
}

export function outcomeObservation(referral: Referral, ctx: Context): Observation | undefined {
  const outcome = referral.outcome;
  if (!outcome) return undefined;
  const local: Coding = { system: ctx.systems.outcome, code: outcome.type, display: OUTCOME_LABELS[outcome.type] ?? outcome.type };
  const coding = outcome.type === 'declined' ? [{ ...SOCIAL_PRESCRIBING_DECLINED }, local] : [local];
  const result = observation(`${referral.reference}/outcome`, coding, outcome.at, ctx, 'social-history');
  const detail = fhirString(outcome.detail);
  if (detail) result.note = [{ text: detail }];
  return result;
}

export function wellbeingObservations(referral: Referral, ctx: Context): Observation[] {
  const sets: [string, Ons4Scores | undefined, Date | undefined][] = [
    ['intake', referral.wellbeingAtIntake, referral.createdAt],
    ['follow-up', referral.followUp?.wellbeing, referral.followUp?.answeredAt],
  ];
  const result: Observation[] = [];
  for (const [when, scores, at] of sets) {
    if (!scores || !at) continue;
    for (const key of Object.keys(ONS4_CODES) as (keyof Ons4Scores)[]) {
      const score = scores[key];
      if (score === undefined || !Number.isInteger(score)) continue;
      const { code, display } = ONS4_CODES[key];
      const item = observation(`${referral.reference}/${when}/${code}`, [{ system: ctx.systems.ons4, code, display }], at, ctx, 'survey');
      item.valueInteger = score;
      result.push(item);
    }
  }
  return result;
}
