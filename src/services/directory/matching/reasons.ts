/** The words of a match's reasons. Every word comes from the content module. */
import { say } from '../../content/messages';
import type { Place } from '../../geography/Geography';
import type { DirectoryService } from '../DirectoryService';
import type { EligibilityNote } from './eligibility';
import { describeOpening } from './openingTimes';
import type { RestrictionJudgement } from './restrictions';

/** The text without the given sentences (each removed once), or undefined when nothing is left. */
export function restOf(text: string | undefined, shown: readonly string[]): string | undefined {
  if (!text) return undefined;
  let rest = text;
  for (const sentence of shown) rest = rest.replace(sentence, ' ');
  rest = rest.replace(/\s+/g, ' ').replace(/^[\s;,.]+|[\s;,]+$/g, '').trim();
  return rest === '' ? undefined : rest;
}

/** "1.2 miles", "1 mile", "less than 0.1 miles". */
export function spokenDistance(miles: number): string {
  if (miles < 0.1) return say('signpost.distance.under');
  if (miles === 1) return say('signpost.distance.oneMile');
  return say('signpost.distance.miles', { miles });
}

export function describeDistance(miles: number, from: string): string {
  return say('signpost.reason.distance', { distance: spokenDistance(miles), place: from });
}

/** "in S6, Sheffield", "in S6". */
export function describePlace(district: string | undefined, place: Place | undefined): string | undefined {
  if (!district) return undefined;
  return say('signpost.reason.locatedIn', { place: place?.area ? `${district}, ${place.area}` : district });
}

/**
 * Who a service that serves everyone can reach, honestly: the nations it says it serves when it says so ("by phone,
 * for people anywhere in England and Wales"), otherwise how people use it from home, and "anywhere in the UK" only
 * for a national service that names no nation and no way to use it from home.
 */
export function describeReach(reach: 'national' | 'online' | 'phone' | 'local' | 'unknown', service?: Pick<DirectoryService, 'nations' | 'delivery'>): string | undefined {
  const by = service?.delivery.includes('phone') ? 'phone' : service?.delivery.includes('online') ? 'online' : undefined;
  if (reach === 'national') {
    if (service?.nations?.length) return say(by === 'phone' ? 'signpost.reason.nations.phone' : by === 'online' ? 'signpost.reason.nations.online' : 'signpost.reason.nations', { nations: listOf(service.nations) });
    if (by) return say(by === 'phone' ? 'signpost.reason.phone' : 'signpost.reason.online');
    return say('signpost.reason.national');
  }
  if (reach === 'online') return say('signpost.reason.online');
  if (reach === 'phone') return say('signpost.reason.phone');
  return undefined;
}

/** "England", "England and Wales", "England, Scotland and Wales"; with "or": "Belfast or Newry and Mourne". */
export function listOf(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

export function describeAge(service: DirectoryService): string | undefined {
  const { minAge, maxAge } = service.eligibility;
  if (minAge !== undefined && maxAge !== undefined) return say('signpost.reason.agesBetween', { min: minAge, max: maxAge });
  if (minAge !== undefined && minAge > 0) return say('signpost.reason.agesFrom', { min: minAge });
  if (maxAge !== undefined) return say('signpost.reason.agesUpTo', { max: maxAge });
  return undefined;
}

/** "for carers, as you asked", "only for people who live in Sheffield". */
export function describeEligibility(note: EligibilityNote): string {
  if (note.kind === 'carers') return say(note.fits ? 'signpost.reason.forCarers' : 'signpost.reason.carersOnly');
  if (note.fits) return say('signpost.reason.residentsHere', { area: note.area });
  return say('signpost.reason.residentsElsewhere', { area: note.areas ? listOf(note.areas, 'or') : note.area });
}

/** A restriction's words as they are: 'may only be for some people: "Members only"'; one the person fits: 'who it is for: ...'. */
export function describeRestrictions(judged: RestrictionJudgement): string[] {
  return [
    ...judged.fits.map((text) => say('signpost.reason.whoFor', { text })),
    ...judged.unsure.map((text) => say('signpost.reason.restricted', { text })),
  ];
}

export const reasonsFor = {
  markedNotSuitable: (): string => say('signpost.reason.markedNotSuitable'),
  nearYou: (): string => say('signpost.reason.nearYou'),
  need: (label: string): string => say('signpost.reason.need', { need: label }),
  whereUnknown: (): string => say('signpost.reason.whereUnknown'),
  /** Who it is for, when it opens, cost, how to get it. */
  details(service: DirectoryService, openNow: boolean, restrictionsShown: readonly string[] = []): string[] {
    const reasons: string[] = [];
    // Who it is for in the source's words, less the sentences already shown as restrictions.
    const whoFor = restOf(service.eligibility.description, restrictionsShown);
    if (whoFor) reasons.push(say('signpost.reason.whoFor', { text: whoFor }));
    if (openNow) reasons.push(say('signpost.reason.openNow'));
    const when = service.openingText ? undefined : describeOpening(service.openingTimes);
    if (when) reasons.push(say('signpost.reason.open', { when }));
    else if (service.openingText) reasons.push(say('signpost.reason.openingText', { text: service.openingText }));
    if (service.free === true) reasons.push(say('signpost.reason.free'));
    if (service.howToAccess) reasons.push(say('signpost.reason.howToAccess', { text: service.howToAccess }));
    return reasons;
  },
};
