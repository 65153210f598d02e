/**
 * Who a service is for, beyond age: what Signpost can fairly tell from what it knows. Deliberately modest: a judgement
 * is made only where the directory's words are plain and Signpost knows the matching fact about the person; otherwise
 * the source's words are just shown ("who it is for: ...", reasons.ts).
 *
 * What Signpost knows about the person when matching: what they asked for help with (need ids), their place (a
 * postcode district and its council area, Place.area) and perhaps their age. Nothing else: it does not ask gender,
 * health conditions, benefits, caring or where someone is registered.
 *
 * What the directory holds about eligibility: minAge/maxAge (matchServices: a service whose ages leave the person out
 * is not offered; an age-targeted one gets a small bonus) and eligibility.description, the source's free text (Open
 * Referral eligibility_description and eligibility, Open Place target audiences such as "Dementia, Carers", a CSV
 * "eligibility" column). Import keeps nothing more structured, and the bundled directory has no such text.
 *
 * Read from that text:
 * - Carers. Text naming carers ("Carers", "unpaid carers", "people with dementia and their carers"):
 *   - the person asked for support for carers: it fits (small bonus, "for carers, as you asked");
 *   - the text says carers only ("carers only", "only for carers", "must be a carer") and the person did not ask for
 *     carer support: it may not be for them. Ranked after the services meeting as many of their needs, and saying
 *     "only for carers (people who look after someone)". Not left out: people do not always say they look after
 *     someone.
 * - Residents. Text saying it is for people who live in a place ("residents of Sheffield", "Sheffield residents",
 *   "people who live in Sheffield", "a local connection to Sheffield"), judged only when that place is the council
 *   area of one of the service's own locations (so the directory itself shows it is a council area, not an estate or
 *   a town) and the person's council area is known:
 *   - the same area: it fits (small bonus, "for people who live in Sheffield, like you");
 *   - another area, and the text does not name the person's area anywhere ("Sheffield and Rotherham residents"): it
 *     is likely not for them. Ranked after the services meeting as many of their needs, saying "only for people who
 *     live in Sheffield". Not left out: a council area is a rough guide near its border, and people may have a local
 *     connection the postcode does not show.
 *
 * - Council areas. An Open Referral service whose service areas name only council areas (DirectoryService.councilAreas,
 *   import/serviceAreas.ts) is judged the same way, without any text: the person's council area among them fits,
 *   another does not ("only for people who live in Belfast or Newry and Mourne"). Its nations already keep it from
 *   people in other nations (matchServices).
 *
 * Not used: gender words ("women only", "men's group"), conditions and circumstances (dementia, veterans, refugees),
 * faith or language: Signpost does not ask them. Nor the service's description, service areas that are not only
 * council areas, or a residence place not tied to the service's own locations. Negations
 * ("not for Sheffield residents") are not understood; such text is rare, and the source's words are always shown too.
 */
import { authorityKey } from '../../geography/areaNations';
import type { Geography } from '../../geography/Geography';
import { postcodeDistrict } from '../../geography/postcode';
import type { NeedId } from '../../needs/taxonomy';
import type { DirectoryService } from '../DirectoryService';

export type EligibilityNote =
  | { fits: true; kind: 'carers' }
  | { fits: false; kind: 'carers' }
  | { fits: true; kind: 'residents'; area: string }
  /** areas: every council area it is for, when its service areas name more than one. */
  | { fits: false; kind: 'residents'; area: string; areas?: string[] };

export interface PersonFacts {
  needs: readonly NeedId[];
  /** The person's council area (Place.area), when their place is known. */
  area?: string;
}

const CARERS = /\bcarers?\b/i;
const CARERS_ONLY = /\bcarers\s+only\b|\bonly\s+(?:for|open\s+to)\s+(?:\w+\s+)?carers\b|\bmust\s+be\s+an?\s+(?:\w+\s+)?carer\b/i;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LIVES_IN = String.raw`(?:residents?\s+of|resident\s+in|who\s+lives?\s+in|living\s+in|live\s+in|local\s+connection\s+(?:to|with))\s+(?:the\s+)?(?:(?:city|county|borough|district)\s+of\s+)?`;

/** The text limits the service to people who live in this area. */
function saysResidentsOf(text: string, area: string): boolean {
  const name = escape(area).replace(/\s+/g, String.raw`\s+`);
  return new RegExp(String.raw`\b${LIVES_IN}${name}\b|\b${name}\s+residents?\b`, 'i').test(text);
}

const mentions = (text: string, area: string): boolean => new RegExp(String.raw`\b${escape(area).replace(/\s+/g, String.raw`\s+`)}\b`, 'i').test(text);

/** The council areas of the service's own locations, as the geography places their postcodes. */
function locationAreas(service: DirectoryService, geography: Geography | undefined): string[] {
  if (!geography) return [];
  const areas = service.locations.map((l) => (l.postcode ? postcodeDistrict(l.postcode) : undefined))
    .map((district) => (district ? geography.district(district)?.area : undefined))
    .filter((area): area is string => Boolean(area && area.trim()));
  return [...new Set(areas)];
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** What the service's eligibility text says about this person: fits, may not fit, or nothing (an empty list). */
export function eligibilityNotes(service: DirectoryService, person: PersonFacts, geography?: Geography): EligibilityNote[] {
  const notes = textNotes(service, person, geography);
  const council = notes.some((n) => n.kind === 'residents') ? undefined : councilAreaNote(service, person.area?.trim());
  return council ? [...notes, council] : notes;
}

function textNotes(service: DirectoryService, person: PersonFacts, geography?: Geography): EligibilityNote[] {
  const text = service.eligibility.description;
  if (!text) return [];
  const notes: EligibilityNote[] = [];

  if (CARERS.test(text)) {
    if (person.needs.includes('carers')) notes.push({ fits: true, kind: 'carers' });
    else if (CARERS_ONLY.test(text)) notes.push({ fits: false, kind: 'carers' });
  }

  const personArea = person.area?.trim();
  if (personArea) {
    const named = locationAreas(service, geography).filter((area) => saysResidentsOf(text, area));
    const home = named.find((area) => same(area, personArea));
    if (home) notes.push({ fits: true, kind: 'residents', area: home });
    else if (named.length > 0 && !mentions(text, personArea)) notes.push({ fits: false, kind: 'residents', area: named[0] });
  }
  return notes;
}

/** The council areas its service areas name, judged like residents' words (no text needed). */
function councilAreaNote(service: DirectoryService, personArea: string | undefined): EligibilityNote | undefined {
  const areas = service.councilAreas ?? [];
  if (!personArea || areas.length === 0) return undefined;
  const home = areas.find((area) => authorityKey(area) === authorityKey(personArea));
  if (home) return { fits: true, kind: 'residents', area: home };
  return { fits: false, kind: 'residents', area: areas[0], ...(areas.length > 1 ? { areas } : {}) };
}
