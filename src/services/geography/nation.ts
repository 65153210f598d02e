/**
 * Which UK nation a postcode is in, from its area and district: enough to give the right nation's helpline. Areas
 * that cross a border (CH, SY, TD, HR, LD's neighbours) are decided by district where the border is plain and left
 * unknown otherwise; the Isle of Man and the Channel Islands are not one of the four nations.
 */
import { postcodeDistrict } from './postcode';

export type Nation = 'england' | 'scotland' | 'wales' | 'northern-ireland';

/** The nations as people write them (and as the directory records them). */
export const NATION_NAMES = { england: 'England', scotland: 'Scotland', wales: 'Wales', 'northern-ireland': 'Northern Ireland' } as const;
export type NationName = (typeof NATION_NAMES)[Nation];

/** The nations given, once each, in the order England, Scotland, Wales, Northern Ireland. */
export function inNationOrder(nations: Iterable<Nation>): Nation[] {
  const found = new Set(nations);
  return (Object.keys(NATION_NAMES) as Nation[]).filter((n) => found.has(n));
}

const SCOTLAND = new Set(['AB', 'DD', 'DG', 'EH', 'FK', 'G', 'HS', 'IV', 'KA', 'KW', 'KY', 'ML', 'PA', 'PH', 'ZE']);
const WALES = new Set(['CF', 'LD', 'LL', 'NP', 'SA']);
const NOT_UK_NATIONS = new Set(['IM', 'GY', 'JE']);

export function nationOfPostcode(postcode: string | undefined): Nation | undefined {
  const district = postcode ? postcodeDistrict(postcode) : undefined;
  const match = district?.match(/^([A-Z]{1,2})(\d+)/);
  if (!match) return undefined;
  const [, area, digits] = match;
  const n = Number(digits);
  if (area === 'BT') return 'northern-ireland';
  if (SCOTLAND.has(area)) return 'scotland';
  if (area === 'TD') return n === 15 ? 'england' : 'scotland';
  if (WALES.has(area)) return 'wales';
  if (area === 'CH') return n >= 5 && n <= 8 ? 'wales' : n <= 4 || n >= 41 ? 'england' : undefined;
  if (area === 'SY') return n >= 15 && n <= 25 ? 'wales' : n <= 14 ? 'england' : undefined;
  if (area === 'HR') return undefined;
  if (NOT_UK_NATIONS.has(area)) return undefined;
  return 'england';
}
