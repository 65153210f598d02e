/**
 * The polygons a service area's drawn extent holds, in the three forms Open Referral feeds use: GeoJSON (a Polygon,
 * MultiPolygon, Feature, FeatureCollection or GeometryCollection), KML (each Polygon's outer and inner boundaries'
 * coordinates) and TopoJSON (arcs shared between polygons, plain or quantised with a transform). Positions are
 * longitude then latitude in all three. Anything else, or a shape that does not hold together, is undefined: the
 * caller reports it as not understood.
 */
import type { Polygon } from '../../geography/areaNations';
import type { LatLng } from '../../geography/distance';
import { isObject, listOf, objectsOf, type Json } from './values';

const isPosition = (value: unknown): value is number[] => Array.isArray(value) && value.length >= 2 && value.slice(0, 2).every((n) => typeof n === 'number' && Number.isFinite(n));
const ringOf = (value: unknown): LatLng[] => listOf(value).filter(isPosition).map(([longitude, latitude]) => ({ latitude, longitude }));
const polygonOf = (value: unknown): Polygon => listOf(value).map(ringOf).filter((ring) => ring.length >= 3);

/** The polygons in a GeoJSON geometry, Feature or FeatureCollection; undefined when it is not GeoJSON we can read. */
function geoJsonPolygons(geojson: unknown): Polygon[] | undefined {
  if (!isObject(geojson)) return undefined;
  switch (geojson.type) {
    case 'Polygon': return [polygonOf(geojson.coordinates)];
    case 'MultiPolygon': return listOf(geojson.coordinates).map(polygonOf);
    case 'Feature': return geoJsonPolygons(geojson.geometry);
    case 'FeatureCollection': return collect(objectsOf(geojson.features), geoJsonPolygons);
    case 'GeometryCollection': return collect(objectsOf(geojson.geometries), geoJsonPolygons);
    default: return undefined;
  }
}

function collect(parts: Json[], read: (part: Json) => Polygon[] | undefined): Polygon[] | undefined {
  const all = parts.map(read);
  return all.every((p) => p !== undefined) ? all.flat() : undefined;
}

/** KML: each <Polygon>'s <coordinates> blocks ("lon,lat[,alt]" separated by spaces), the outer boundary first. */
function kmlPolygons(kml: string): Polygon[] | undefined {
  const polygons = [...kml.matchAll(/<(?:\w+:)?Polygon\b[^>]*>([\s\S]*?)<\/(?:\w+:)?Polygon>/g)].map(([, body]) =>
    [...body.matchAll(/<(?:\w+:)?coordinates>([\s\S]*?)<\/(?:\w+:)?coordinates>/g)]
      .map(([, coordinates]) => coordinates.trim().split(/\s+/).map((tuple) => tuple.split(',').map(Number)))
      .map(ringOf)
      .filter((ring) => ring.length >= 3));
  return polygons.length > 0 ? polygons : undefined;
}

/** TopoJSON: arcs decoded (quantised ones by their transform), rings joined from arcs (~i is arc i reversed). */
function topoJsonPolygons(topology: Json): Polygon[] | undefined {
  const transform = isObject(topology.transform) ? topology.transform : undefined;
  const [sx, sy] = listOf(transform?.scale).map(Number);
  const [tx, ty] = listOf(transform?.translate).map(Number);
  const quantised = transform !== undefined && [sx, sy, tx, ty].every(Number.isFinite);
  if (transform !== undefined && !quantised) return undefined;
  const arcs: LatLng[][] = listOf(topology.arcs).map((arc) => {
    let [x, y] = [0, 0];
    return listOf(arc).filter(isPosition).map(([px, py]) => {
      if (!quantised) return { longitude: px, latitude: py };
      [x, y] = [x + px, y + py];
      return { longitude: x * sx + tx, latitude: y * sy + ty };
    });
  });
  const ring = (indexes: unknown): LatLng[] | undefined => {
    const points: LatLng[] = [];
    for (const index of listOf(indexes)) {
      if (typeof index !== 'number' || !Number.isInteger(index)) return undefined;
      const arc = index >= 0 ? arcs[index] : arcs[~index]?.slice().reverse();
      if (!arc) return undefined;
      points.push(...(points.length > 0 ? arc.slice(1) : arc));
    }
    return points;
  };
  const polygon = (rings: unknown): Polygon | undefined => {
    const read = listOf(rings).map(ring);
    return read.every((r): r is LatLng[] => r !== undefined) ? read.filter((r) => r.length >= 3) : undefined;
  };
  const geometry = (g: Json): Polygon[] | undefined => {
    switch (g.type) {
      case 'Polygon': { const p = polygon(g.arcs); return p ? [p] : undefined; }
      case 'MultiPolygon': { const ps = listOf(g.arcs).map(polygon); return ps.every((p): p is Polygon => p !== undefined) ? ps : undefined; }
      case 'GeometryCollection': return collect(objectsOf(g.geometries), geometry);
      default: return undefined;
    }
  };
  return isObject(topology.objects) ? collect(Object.values(topology.objects).filter(isObject), geometry) : undefined;
}

/**
 * The polygons of an extent; extentType as the feed gives it ("geojson", "kml", "topojson"), or undefined to tell by
 * the text itself. Empty polygons are dropped; undefined when nothing could be read.
 */
export function extentPolygons(extent: string, extentType?: string): Polygon[] | undefined {
  const type = extentType ?? (extent.trimStart().startsWith('<') ? 'kml' : undefined);
  let polygons: Polygon[] | undefined;
  if (type === 'kml') polygons = kmlPolygons(extent);
  else if (type === undefined || type === 'geojson' || type === 'topojson') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(extent);
    } catch {
      return undefined;
    }
    const topology = isObject(parsed) && parsed.type === 'Topology';
    if (type === 'topojson' && !topology) return undefined;
    polygons = topology ? topoJsonPolygons(parsed as Json) : type === 'topojson' ? undefined : geoJsonPolygons(parsed);
  }
  const kept = polygons?.filter((p) => p.length > 0);
  return kept && kept.length > 0 ? kept : undefined;
}
