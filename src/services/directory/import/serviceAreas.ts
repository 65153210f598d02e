/**
 * Open Referral service areas read into the nations a service is for, so that matching's rule (a service for other
 * nations is not offered) holds for imported services too. Both shapes: v1 {service_area, extent, uri} and HSDS 3 UK
 * {name, service_area, extent, extent_type}.
 *
 * An area is understood when it is
 * - whole nations, in words: "Wales", "England and Wales", "Great Britain" (England, Scotland and Wales), "Cymru",
 *   "anyone living in Scotland", "Wales wide";
 * - the whole UK: "UK wide", "National", "United Kingdom" (no nation recorded: it is for everyone);
 * - council areas named as in the bundled postcode districts: "Cardiff", "City of Edinburgh Council",
 *   "Bristol, City of", "Belfast; Newry and Mourne" (each district's nation from its postcode: areanations.ts);
 * - a drawn extent, GeoJSON, KML or TopoJSON (extentShapes.ts): the nations of the postcode district centres inside it.
 * - a GSS code ("E06000023", "W06000015", or an HSDS 3 area whose id is one): the nation its first letter names (below);
 * - a region of one nation in words: a compass part of a nation ("South West England", "the North West of England",
 *   "North Wales", "Mid and West Wales", "North East Scotland"), one of England's nine regions whose name no other
 *   nation shares ("Yorkshire and the Humber", "East Midlands", "West Midlands", "London", "the Midlands"), or the
 *   Highlands (the nation of the bundled districts' "Highland" council area). A region that could be in more than one
 *   nation ("North East", "South West" alone: England's regions, and parts of Scotland too) is not read.
 * Anything else ("Bristol and surrounding areas", "Not available in Wales", an extent that cannot be read, a GSS code
 * whose first letter is not one of the four) is not understood and is reported.
 *
 * GSS codes: nine characters, a letter and eight digits; the first letter is the nation: E England, W Wales,
 * S Scotland, N Northern Ireland. ONS's own page saying so was not found with the project's search tool on 2026-12-07
 * (ONS and ONS Geography pages, the Register of Geographic Codes, ONS's public code): the pages that say it are
 * encyclopaedia copies. The rule is read as UK government services' own published code reads it: the Ministry of
 * Housing, Communities and Local Government's electoral registration print service
 * (github.com/communitiesuk/eip-ero-print-api, GssCodeInterpreter's tests: "England ERO has GSS Code starting with
 * 'E'", "Wales ... 'W'", "Scotland ... 'S'", "Northern Ireland ... 'N'") and the Government Digital Service's location
 * importer (package uk.gov.gds.location.importer.model, countryForGssCode: E England, S Scotland, W Wales). Other first
 * letters (K for groupings such as the whole UK, and those of the Channel Islands and the Isle of Man) are not read.
 * England's nine region names are as UK Health Security Agency's data dashboard gives them with their E12 codes
 * (github.com/UKHSA-Internal/data-dashboard-frontend: "Yorkshire and The Humber" E12000003, "London" E12000007,
 * "South West" E12000009, each in the nation England, E92000001), all read 2026-12-07.
 *
 * A service gets nations only when every one of its areas is understood (one unknown area might be in another
 * nation), and always keeps the nations of its own locations' postcodes (an area name the district table places in
 * another nation, such as "Newport", never keeps a service from the nation it is in). It is national (serves everyone
 * in those nations) when every area is whole nations. When every area is a council area, those are kept too
 * (councilAreas): matching/eligibility.ts treats them as it treats "for residents of ..." words.
 */
import type { AreaNations } from '../../geography/areaNations';
import { inNationOrder, NATION_NAMES, nationOfPostcode, type Nation as PostcodeNation } from '../../geography/nation';
import type { Nation } from '../DirectoryService';
import { isNationalArea } from './delivery';
import { extentPolygons } from './extentShapes';
import { objectsOf, text, type Json } from './values';

export interface ServiceAreasReading {
  /** Every area is whole nations or the whole UK. */
  national: boolean;
  /** The nations it is for; undefined when not known (no areas, the whole UK, or an area not understood). */
  nations?: Nation[];
  /** The council areas it is for, when every area is one or more council areas (the district table's names). */
  councilAreas?: string[];
  /** What could not be read, for the import report. */
  warnings: string[];
}

/** whole: the nations themselves; councilAreas: council areas (the district table's names); neither: a drawn extent. */
type AreaAnswer = { kind: 'uk' } | { kind: 'nations'; nations: PostcodeNation[]; whole: boolean; councilAreas?: string[] } | { kind: 'unknown'; warning: string };

const WHOLE_NATIONS: Record<string, PostcodeNation[]> = {
  england: ['england'],
  scotland: ['scotland'],
  wales: ['wales'],
  cymru: ['wales'],
  'northern ireland': ['northern-ireland'],
  'great britain': ['england', 'scotland', 'wales'],
};

/** Words around a place that say no more than "here": "available to anyone living in", "the ... area", "... wide". */
const LEAD = /^(?:(?:the )?service is )?(?:(?:available|open) (?:to )?)?(?:(?:all|any) )?(?:(?:people|adults|residents|anyone|everyone|families|those|anywhere|everywhere) )?(?:(?:who (?:live|are|work)|living|based|resident) )?(?:(?:in|of|across|throughout|within) )?(?:all of )?(?:the )?/;
const TAIL = /(?: (?:area|areas|region|residents|only|wide|council area))+$/;

/** The nation a GSS code's first letter names (see above); other letters are not read. */
const GSS_NATIONS: Record<string, PostcodeNation> = { e: 'england', w: 'wales', s: 'scotland', n: 'northern-ireland' };
const GSS_CODE = /^([a-z])\d{8}$/;

function gssNation(code: string): PostcodeNation | undefined {
  const match = GSS_CODE.exec(code.trim().toLowerCase());
  return match ? GSS_NATIONS[match[1]] : undefined;
}

/** A compass part of one nation: "south west england", "north west of england", "mid and west wales", "west of scotland". */
const COMPASS = '(?:north(?: ?east| ?west)?|south(?: ?east| ?west)?|east|west|mid|central|northern|southern|eastern|western)';
const NATION_PART = new RegExp(`^${COMPASS}(?: and ${COMPASS})? (?:of )?(england|wales|scotland)$`);
/** England's regions whose names no other nation shares (the four compass regions need "England" with them). */
const ENGLISH_REGIONS = new Set(['yorkshire and the humber', 'yorkshire and humber', 'east midlands', 'west midlands', 'midlands', 'london', 'greater london']);
const HIGHLANDS = /^(?:scottish )?highlands(?: and islands)?$/;

/** A region of one nation, in words; undefined when the words are not one. */
function readRegion(words: string, lookup: AreaNations): PostcodeNation[] | undefined {
  const part = NATION_PART.exec(words);
  if (part) return WHOLE_NATIONS[part[1]];
  if (ENGLISH_REGIONS.has(words)) return WHOLE_NATIONS.england;
  if (HIGHLANDS.test(words)) return lookup.ofAuthority('Highland')?.nations;
  return undefined;
}

const plain = (value: string): string => value.toLowerCase().replace(/[-\u2013]/g, ' ').replace(/[^a-z0-9,;&/() ]/g, ' ').replace(/\s+/g, ' ').trim();
const trimmed = (value: string): string => value.replace(LEAD, '').replace(TAIL, '').trim();

/** One named part: a nation, the UK, or a council area. */
function readPart(part: string, lookup: AreaNations): AreaAnswer | undefined {
  const words = trimmed(part);
  if (!words) return undefined;
  if (WHOLE_NATIONS[words]) return { kind: 'nations', nations: WHOLE_NATIONS[words], whole: true };
  if (/^(?:uk|the uk|united kingdom|national|nationwide|uk wide|all of the uk)$/.test(words)) return { kind: 'uk' };
  if (GSS_CODE.test(words)) {
    const nation = gssNation(words);
    return nation ? { kind: 'nations', nations: [nation], whole: false } : undefined;
  }
  const region = readRegion(words, lookup);
  if (region) return { kind: 'nations', nations: region, whole: false };
  const authority = lookup.ofAuthority(words);
  return authority ? { kind: 'nations', nations: authority.nations, whole: false, councilAreas: [authority.name] } : undefined;
}

function combine(answers: AreaAnswer[]): AreaAnswer {
  if (answers.some((a) => a.kind === 'uk')) return { kind: 'uk' };
  const nations = answers.flatMap((a) => (a.kind === 'nations' ? a.nations : []));
  const councilAreas = answers.map((a) => (a.kind === 'nations' ? a.councilAreas : undefined));
  const allCouncilAreas = councilAreas.every((c) => c !== undefined) ? [...new Set(councilAreas.flat())] : undefined;
  return { kind: 'nations', nations, whole: answers.every((a) => a.kind === 'nations' && a.whole), ...(allCouncilAreas ? { councilAreas: allCouncilAreas } : {}) };
}

/** A place name, or names joined by commas, semicolons, "and" or "&", each of which must be understood. */
function readWords(value: string, lookup: AreaNations): AreaAnswer | undefined {
  const words = plain(value);
  if (/\b(?:not|except|excluding|outside|apart from)\b/.test(words)) return undefined;
  const whole = readPart(words, lookup);
  if (whole) return whole;
  const answers: AreaAnswer[] = [];
  for (const chunk of words.split(/[,;/]/).map((c) => c.trim()).filter(Boolean)) {
    const read = readPart(chunk, lookup);
    if (read) {
      answers.push(read);
      continue;
    }
    // "Belfast and Newry and Mourne" splits badly, "Argyll and Bute" not at all: try the whole chunk first (above),
    // then its pieces, joining neighbours back while the joined piece is a place.
    const pieces = trimmed(chunk).split(/ (?:and|&) /);
    let i = 0;
    while (i < pieces.length) {
      let found: { answer: AreaAnswer; next: number } | undefined;
      for (let j = pieces.length; j > i && !found; j -= 1) {
        const answer = readPart(pieces.slice(i, j).join(' and '), lookup);
        if (answer) found = { answer, next: j };
      }
      if (!found) return undefined;
      answers.push(found.answer);
      i = found.next;
    }
  }
  return answers.length > 0 ? combine(answers) : undefined;
}

function readExtent(extent: string, extentType: string | undefined, lookup: AreaNations): PostcodeNation[] {
  const polygons = extentPolygons(extent, extentType);
  return polygons ? lookup.ofPolygons(polygons) : [];
}

/** Extent types read as drawn shapes (extentShapes.ts). */
const EXTENT_TYPES = new Set(['geojson', 'kml', 'topojson']);

const quoted = (value: string): string => `"${value.length > 80 ? `${value.slice(0, 77)}...` : value}"`;

function readArea(area: Json, lookup: AreaNations): AreaAnswer | undefined {
  const extent = text(area.extent);
  const extentType = text(area.extent_type)?.toLowerCase();
  const names = [...new Set([text(area.service_area), text(area.name), extentType === 'text' ? extent : undefined].filter((v): v is string => v !== undefined))];
  if (extent && extentType !== 'text') {
    const nations = extentType === undefined || EXTENT_TYPES.has(extentType) ? readExtent(extent, extentType, lookup) : [];
    if (nations.length > 0) return { kind: 'nations', nations, whole: false };
    // A name beside an extent we cannot read may still say where.
    if (names.length === 0) return { kind: 'unknown', warning: `service area extent ${quoted(extent)} not understood: no nation recorded` };
  }
  if (names.length === 0) return undefined;
  const read = names.map((name) => readWords(name, lookup));
  const understood = read.find((r): r is AreaAnswer => r !== undefined);
  if (understood) return understood;
  // ALISS and other HSDS 3 feeds give a council area's GSS code as the area's id: it places the area when its name does not.
  const byCode = gssNation(text(area.id) ?? '');
  if (byCode) return { kind: 'nations', nations: [byCode], whole: false };
  return { kind: 'unknown', warning: `service area ${quoted(names[0])} not understood: no nation recorded` };
}

/** Reads a service's service_areas; locationPostcodes are its own locations' postcodes. */
export function readServiceAreas(serviceAreas: unknown, locationPostcodes: readonly string[], lookup: AreaNations): ServiceAreasReading {
  const answers = objectsOf(serviceAreas).map((area) => readArea(area, lookup)).filter((a): a is AreaAnswer => a !== undefined);
  const warnings = answers.flatMap((a) => (a.kind === 'unknown' ? [a.warning] : []));
  const words = objectsOf(serviceAreas).flatMap((a) => [text(a.service_area), text(a.name)]).filter((v): v is string => v !== undefined);
  // "National" anywhere in an area's words has always made a service national: kept.
  const saysNational = words.some(isNationalArea);
  if (answers.length === 0 || warnings.length > 0) return { national: saysNational, warnings };
  const combined = combine(answers);
  if (combined.kind !== 'nations') return { national: true, warnings };
  const own = locationPostcodes.map((p) => nationOfPostcode(p)).filter((n): n is PostcodeNation => n !== undefined);
  const nations = inNationOrder([...combined.nations, ...own]).map((n) => NATION_NAMES[n]);
  return { national: saysNational || combined.whole, nations, ...(combined.councilAreas && !saysNational ? { councilAreas: combined.councilAreas } : {}), warnings };
}
