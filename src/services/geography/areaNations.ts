/**
 * Which of the UK's nations a council area or a drawn area lies in, from the bundled postcode districts
 * (data/geography/postcode-districts.csv: each district's centre and its local authority as Doogal names it) and
 * nationOfPostcode. Nothing here is a hand-made list: a council area's nations are those of its districts whose
 * nation their postcode area tells (so "Hereford", whose HR districts cross the border, has none), and a drawn
 * area's nations are those of the district centres inside it.
 */
import { milesBetween, type LatLng } from './distance';
import { bundledGeography, type Place } from './Geography';
import { inNationOrder, nationOfPostcode, type Nation } from './nation';

/** A polygon: its outer ring first, then any holes; each ring a list of points. */
export type Polygon = LatLng[][];

/** A drawn area with no district centre inside is placed by its nearest centre, when one is this close. */
const NEAREST_WITHIN_MILES = 10;

/**
 * A council area's name as feeds and the district table both write it: case, "&", full stops, hyphens, "City of",
 * ", County of", a trailing "Council", "City" or "Islands" set aside ("City of Edinburgh Council" and "Edinburgh",
 * "Bristol, City of" and "Bristol", "Glasgow City" and "Glasgow", "Shetland Islands" and "Shetland",
 * "Stockton-on-Tees Borough Council" and "Stockton-on-Tees").
 */
export function authorityKey(name: string): string {
  return name.toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.'\u2019]/g, '')
    .replace(/[-\u2013]/g, ' ')
    .replace(/,\s*(city|county|borough) of\s*$/, '')
    .replace(/^(the )?((royal|london|metropolitan) )?(city and county|city|county|borough) of /, '')
    .replace(/\s+((metropolitan|county) )?((city|county|borough|district) )?council$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ (city|islands)$/, '');
}

/** Is the point inside the ring? (Ray casting on longitude and latitude: fine for areas of a country's size.) */
function insideRing(point: LatLng, ring: readonly LatLng[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [a, b] = [ring[i], ring[j]];
    if ((a.latitude > point.latitude) !== (b.latitude > point.latitude)
      && point.longitude < ((b.longitude - a.longitude) * (point.latitude - a.latitude)) / (b.latitude - a.latitude) + a.longitude) inside = !inside;
  }
  return inside;
}

function insidePolygon(point: LatLng, polygon: Polygon): boolean {
  const [outer, ...holes] = polygon;
  return outer !== undefined && insideRing(point, outer) && !holes.some((hole) => insideRing(point, hole));
}

interface Centre extends LatLng {
  nation: Nation;
}

export class AreaNations {
  private readonly authorities = new Map<string, { name: string; nations: Set<Nation> }>();
  private readonly centres: Centre[] = [];

  constructor(places: Iterable<Place>) {
    for (const place of places) {
      const nation = nationOfPostcode(place.district);
      const key = place.area ? authorityKey(place.area) : '';
      if (key && !this.authorities.has(key)) this.authorities.set(key, { name: place.area, nations: new Set() });
      if (!nation) continue;
      if (key) this.authorities.get(key)?.nations.add(nation);
      this.centres.push({ latitude: place.latitude, longitude: place.longitude, nation });
    }
  }

  /**
   * A council area named as in the district table: the table's name for it and its nations; undefined when it is not
   * there or no nation is known.
   */
  ofAuthority(name: string): { name: string; nations: Nation[] } | undefined {
    const found = this.authorities.get(authorityKey(name));
    return found && found.nations.size > 0 ? { name: found.name, nations: inNationOrder(found.nations) } : undefined;
  }

  /** The nations of the district centres inside the polygons; else of the nearest centre within 10 miles; else none. */
  ofPolygons(polygons: readonly Polygon[]): Nation[] {
    const rings = polygons.map((p) => p[0]).filter((ring): ring is LatLng[] => ring !== undefined && ring.length >= 3);
    if (rings.length === 0) return [];
    const found = new Set<Nation>();
    for (const polygon of polygons) {
      const outer = polygon[0] ?? [];
      const [south, north] = [Math.min(...outer.map((p) => p.latitude)), Math.max(...outer.map((p) => p.latitude))];
      const [west, east] = [Math.min(...outer.map((p) => p.longitude)), Math.max(...outer.map((p) => p.longitude))];
      for (const centre of this.centres) {
        if (centre.latitude < south || centre.latitude > north || centre.longitude < west || centre.longitude > east) continue;
        if (insidePolygon(centre, polygon)) found.add(centre.nation);
      }
    }
    if (found.size > 0) return inNationOrder(found);
    const points = rings.flat();
    const middle = { latitude: points.reduce((s, p) => s + p.latitude, 0) / points.length, longitude: points.reduce((s, p) => s + p.longitude, 0) / points.length };
    let nearest: { centre: Centre; miles: number } | undefined;
    for (const centre of this.centres) {
      const miles = milesBetween(middle, centre);
      if (!nearest || miles < nearest.miles) nearest = { centre, miles };
    }
    return nearest && nearest.miles <= NEAREST_WITHIN_MILES ? [nearest.centre.nation] : [];
  }
}

let bundled: AreaNations | undefined;

/** From the bundled geography, built once. */
export function bundledAreaNations(): AreaNations {
  bundled ??= new AreaNations(bundledGeography().districts());
  return bundled;
}
