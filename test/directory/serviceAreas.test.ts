/**
 * Open Referral service areas read into nations, so that matching's rule "a service for other nations is not offered"
 * holds for imported and synced services as it does for the bundled national set. Records are real ones from the
 * fixtures (a Bristol Open Place record, the official HSDS 3.0 UK example) with service areas in the shapes feeds use:
 * v1 {id, service_area, extent, uri}, HSDS 3 {id, name, extent, extent_type}, and ALISS's {id: GSS code, name,
 * extent_type: "Local Authority"}.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DirectoryService } from '../../src/services/directory/DirectoryService';
import { importDirectoryContent, type ImportReport } from '../../src/services/directory/import/importDirectory';
import { matchServices } from '../../src/services/directory/matching/matchServices';
import { syncFeed } from '../../src/services/directory/sync/syncFeed';
import { bundledGeography, type Place } from '../../src/services/geography/Geography';
import { openTempStores, type TempStores } from './directoryKit';
import { startFakeOruk } from './fakeOruk';

const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8'));
const bristol = fixture('bristol_openplace_services_2024-12_sample.json') as Record<string, unknown>[];
const hsds3 = fixture('oruk_hsds3_example_service_full.json') as Record<string, unknown>;
const geography = bundledGeography();
const place = (postcode: string): Place => {
  const located = geography.locate(postcode);
  if (located.status !== 'found') throw new Error(`cannot place ${postcode}`);
  return located.place;
};

/** A real Bristol record, made a befriending phone line with the given service areas and no location. */
function phoneLine(id: string, serviceAreas: Record<string, unknown>[]): Record<string, unknown> {
  const base = structuredClone(bristol.find((r) => r.name === 'Action for M.E')) as Record<string, unknown>;
  return { ...base, id, attending_type: 'Telephone', service_taxonomys: [{ taxonomy: { name: 'Befriending', vocabulary: 'Bristol service types' } }], service_areas: serviceAreas };
}

/** The HSDS 3 example, its locations removed, with the given service areas. */
function hsds3Line(id: string, serviceAreas: Record<string, unknown>[]): Record<string, unknown> {
  return { ...structuredClone(hsds3), id, service_at_locations: [], service_areas: serviceAreas };
}

let temp: TempStores;
beforeEach(async () => {
  temp = await openTempStores();
});
afterEach(async () => {
  await temp.close();
});

async function importRecords(records: Record<string, unknown>[]): Promise<ImportReport> {
  return importDirectoryContent(temp.stores.directory, JSON.stringify(records), { format: 'oruk', dataset: 'feed', now: new Date('2026-12-07T10:00:00Z') });
}
async function stored(id: string): Promise<DirectoryService> {
  const service = await temp.stores.directory.get(`feed:${id}`);
  if (!service) throw new Error(`feed:${id} not imported`);
  return service;
}

describe('service areas naming a nation', () => {
  it('a Welsh-only imported phone line is not offered to a Bristol postcode, and is to a Cardiff one', async () => {
    await importRecords([phoneLine('wales-only', [{ id: 'a1', service_area: 'Wales' }])]);
    const service = await stored('wales-only');
    expect(service).toMatchObject({ coverage: 'national', nations: ['Wales'], delivery: ['phone'] });

    expect(matchServices([service], { needs: ['loneliness'], origin: place('BS16 1QY') }, geography)).toEqual([]);
    const inCardiff = matchServices([service], { needs: ['loneliness'], origin: place('CF10 1EP') }, geography);
    expect(inCardiff).toHaveLength(1);
    expect(inCardiff[0].where).toBe('by phone, for people anywhere in Wales');
  });

  it('reads "England and Wales", "Great Britain", Cymru and a whole-nation phrase; UK-wide names no nation', async () => {
    await importRecords([
      phoneLine('e-and-w', [{ id: 'b1', service_area: 'England and Wales' }]),
      phoneLine('gb', [{ id: 'b2', service_area: 'Great Britain' }]),
      hsds3Line('scotland-wide', [{ id: 'b3', name: 'Available to anyone living in Scotland', extent_type: 'text' }]),
      phoneLine('uk', [{ id: 'b4', service_area: 'UK wide' }]),
      phoneLine('cymru', [{ id: 'b5', service_area: 'Cymru' }]),
      phoneLine('anywhere-england', [{ id: 'b6', service_area: 'Anywhere in England' }]),
    ]);
    expect(await stored('anywhere-england')).toMatchObject({ coverage: 'national', nations: ['England'] });
    expect(await stored('cymru')).toMatchObject({ coverage: 'national', nations: ['Wales'] });
    expect(await stored('e-and-w')).toMatchObject({ coverage: 'national', nations: ['England', 'Wales'] });
    expect(await stored('gb')).toMatchObject({ coverage: 'national', nations: ['England', 'Scotland', 'Wales'] });
    expect(await stored('scotland-wide')).toMatchObject({ coverage: 'national', nations: ['Scotland'] });
    const uk = await stored('uk');
    expect(uk.coverage).toBe('national');
    expect(uk.nations).toBeUndefined();

    // Great Britain does not reach Belfast; UK-wide does.
    const belfast = place('BT1 1AA');
    expect(matchServices([await stored('gb')], { needs: ['loneliness'], origin: belfast }, geography)).toEqual([]);
    expect(matchServices([uk], { needs: ['loneliness'], origin: belfast }, geography)).toHaveLength(1);
  });
});

describe('service areas naming a local authority', () => {
  it('maps council areas to their nation from the bundled postcode districts, in the ways feeds write them', async () => {
    await importRecords([
      phoneLine('cardiff', [{ id: 'c1', name: 'Cardiff', extent_type: 'text' }]),
      phoneLine('edinburgh', [{ id: 'c2', service_area: 'City of Edinburgh Council' }]),
      phoneLine('bristol', [{ id: 'c3', service_area: 'Bristol, City of' }]),
      phoneLine('argyll', [{ id: 'c4', service_area: 'Argyll and Bute' }]),
      phoneLine('two', [{ id: 'c5', service_area: 'Belfast' }, { id: 'c6', service_area: 'Newry and Mourne' }]),
      // ALISS's own shape: a GSS code as the id, the council area's name, "Local Authority" as its type.
      hsds3Line('aliss', [{ id: 'S12000050', name: 'North Lanarkshire', extent_type: 'Local Authority' }]),
      hsds3Line('aliss-cities', [{ id: 'S12000049', name: 'Glasgow City', extent_type: 'Local Authority' }, { id: 'S12000023', name: 'Shetland Islands', extent_type: 'Local Authority' }]),
    ]);
    expect(await stored('aliss-cities')).toMatchObject({ nations: ['Scotland'] });
    expect(await stored('cardiff')).toMatchObject({ coverage: 'local', nations: ['Wales'] });
    expect(await stored('edinburgh')).toMatchObject({ coverage: 'local', nations: ['Scotland'] });
    expect(await stored('bristol')).toMatchObject({ coverage: 'local', nations: ['England'] });
    expect(await stored('argyll')).toMatchObject({ nations: ['Scotland'] });
    expect(await stored('two')).toMatchObject({ nations: ['Northern Ireland'] });
    expect(await stored('aliss')).toMatchObject({ nations: ['Scotland'] });

    // A Cardiff phone line is not offered in Bristol (it was before: no nation was recorded).
    expect(matchServices([await stored('cardiff')], { needs: ['loneliness'], origin: place('BS16 1QY') }, geography)).toEqual([]);
    expect(matchServices([await stored('cardiff')], { needs: ['loneliness'], origin: place('CF10 1EP') }, geography)).toHaveLength(1);
  });

  it('records no nation when any of its areas is not understood, and the import report says which', async () => {
    const report = await importRecords([
      phoneLine('vague', [{ id: 'd1', service_area: 'Bristol and surrounding areas' }]),
      phoneLine('mixed', [{ id: 'd2', service_area: 'Cardiff' }, { id: 'd3', service_area: 'The MyCity area' }]),
      phoneLine('not', [{ id: 'd4', service_area: 'Not available in Wales' }]),
    ]);
    for (const id of ['vague', 'mixed', 'not']) expect((await stored(id)).nations).toBeUndefined();
    expect(report.warnings.map((w) => w.reason)).toEqual(expect.arrayContaining([
      'service area "Bristol and surrounding areas" not understood: no nation recorded',
      'service area "The MyCity area" not understood: no nation recorded',
      'service area "Not available in Wales" not understood: no nation recorded',
    ]));
    // Still offered to everyone, as before.
    expect(matchServices([await stored('vague')], { needs: ['loneliness'], origin: place('CF10 1EP') }, geography)).toHaveLength(1);
  });

  it('a service located in one nation is never kept from that nation by its areas', async () => {
    const located = phoneLine('located', [{ id: 'e1', service_area: 'Newport' }]);
    // Newport in the bundled districts is the Welsh one (NP); this service's own address is in Bristol.
    located.service_at_locations = [{ location: { name: 'Office', physical_addresses: [{ address_1: '1 Test Street', city: 'Bristol', postal_code: 'BS1 4DJ' }] } }];
    await importRecords([located]);
    expect(await stored('located')).toMatchObject({ nations: ['England', 'Wales'] });
  });
});

describe('a service for named council areas', () => {
  it('fits people living there and goes after the others elsewhere in the nation, saying whom it is for', async () => {
    await importRecords([
      phoneLine('cardiff-line', [{ id: 'k1', service_area: 'Cardiff Council' }]),
      phoneLine('belfast-newry', [{ id: 'k2', service_area: 'Belfast' }, { id: 'k3', service_area: 'Newry and Mourne' }]),
      phoneLine('wales-line', [{ id: 'k4', service_area: 'Wales' }]),
      phoneLine('cardiff-and-wales', [{ id: 'k5', service_area: 'Cardiff' }, { id: 'k6', service_area: 'Wales' }]),
    ]);
    const cardiffLine = await stored('cardiff-line');
    expect(cardiffLine.councilAreas).toEqual(['Cardiff']);
    expect((await stored('belfast-newry')).councilAreas).toEqual(['Belfast', 'Newry and Mourne']);
    // An area that is a whole nation means the service is for all of it.
    expect((await stored('wales-line')).councilAreas).toBeUndefined();
    expect((await stored('cardiff-and-wales')).councilAreas).toBeUndefined();

    const services = [cardiffLine, await stored('wales-line')];
    const inCardiff = matchServices(services, { needs: ['loneliness'], origin: place('CF10 1EP') }, geography);
    expect(inCardiff.map((r) => r.service.id)).toEqual(['feed:cardiff-line', 'feed:wales-line']);
    expect(inCardiff[0].reasons).toContain('for people who live in Cardiff, like you');

    const inSwansea = matchServices(services, { needs: ['loneliness'], origin: place('SA1 1AA') }, geography);
    expect(inSwansea.map((r) => r.service.id)).toEqual(['feed:wales-line', 'feed:cardiff-line']);
    expect(inSwansea[1].reasons).toContain('only for people who live in Cardiff');

    const inBangor = matchServices([await stored('belfast-newry')], { needs: ['loneliness'], origin: place('BT20 3AA') }, geography);
    expect(inBangor[0].reasons).toContain('only for people who live in Belfast or Newry and Mourne');
  });
});

describe('service areas drawn as an extent', () => {
  /** A rectangle as a GeoJSON polygon ([longitude, latitude] pairs, closed). */
  const box = (west: number, south: number, east: number, north: number): string => JSON.stringify({
    type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
  });

  it('maps a GeoJSON polygon to the nations of the postcode districts inside it', async () => {
    await importRecords([
      hsds3Line('cardiff-box', [{ id: 'f1', name: 'Cardiff', extent: box(-3.3, 51.44, -3.1, 51.55), extent_type: 'geojson' }]),
      // Bristol and the Severn into south-east Wales: both nations.
      phoneLine('severn-box', [{ id: 'f2', extent: box(-3.1, 51.4, -2.5, 51.65) }]),
      // A feature collection holding a multipolygon around Glasgow.
      hsds3Line('glasgow', [{ id: 'f3', extent_type: 'geojson', extent: JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [JSON.parse(box(-4.35, 55.82, -4.15, 55.9)).coordinates] } }] }) }]),
    ]);
    expect(await stored('cardiff-box')).toMatchObject({ nations: ['Wales'] });
    expect(await stored('severn-box')).toMatchObject({ nations: ['England', 'Wales'] });
    expect(await stored('glasgow')).toMatchObject({ nations: ['Scotland'] });
  });

  it('reads KML and TopoJSON extents too (quantised TopoJSON as well), by the district centres inside them', async () => {
    const ring = (west: number, south: number, east: number, north: number): number[][] => [[west, south], [east, south], [east, north], [west, north], [west, south]];
    const kml = (coords: number[][]): string => `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>${coords.map(([x, y]) => `${x},${y},0`).join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`;
    // A TopoJSON box around Glasgow: one arc, plain positions.
    const topo = { type: 'Topology', objects: { area: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [[0]] }] } }, arcs: [ring(-4.35, 55.82, -4.15, 55.9)] };
    // The same kind of box around Cardiff, quantised: integer deltas, scaled and translated back.
    const quantised = {
      type: 'Topology',
      transform: { scale: [0.001, 0.001], translate: [-3.3, 51.44] },
      objects: { area: { type: 'MultiPolygon', arcs: [[[0]]] } },
      arcs: [[[0, 0], [200, 0], [0, 110], [-200, 0], [0, -110]]],
    };
    await importRecords([
      hsds3Line('kml-cardiff', [{ id: 'n1', extent: kml(ring(-3.3, 51.44, -3.1, 51.55)), extent_type: 'kml' }]),
      phoneLine('kml-no-type', [{ id: 'n2', extent: kml(ring(-3.1, 51.4, -2.5, 51.65)) }]),
      hsds3Line('topo-glasgow', [{ id: 'n3', extent: JSON.stringify(topo), extent_type: 'topojson' }]),
      hsds3Line('topo-quantised', [{ id: 'n4', extent: JSON.stringify(quantised), extent_type: 'topojson' }]),
    ]);
    expect(await stored('kml-cardiff')).toMatchObject({ nations: ['Wales'] });
    expect(await stored('kml-no-type')).toMatchObject({ nations: ['England', 'Wales'] });
    expect(await stored('topo-glasgow')).toMatchObject({ nations: ['Scotland'] });
    expect(await stored('topo-quantised')).toMatchObject({ nations: ['Wales'] });
  });

  it('an extent it cannot read (KML, broken JSON, the sea) records no nation and is reported', async () => {
    const report = await importRecords([
      hsds3Line('kml', [{ id: 'g1', extent: '<kml><Polygon/></kml>', extent_type: 'kml' }]),
      phoneLine('broken', [{ id: 'g2', extent: '{"type":"Polygon","coordinates":[[[', extent_type: 'geojson' }]),
      phoneLine('sea', [{ id: 'g3', extent: box(-20, 45, -19, 46) }]),
    ]);
    for (const id of ['kml', 'broken', 'sea']) expect((await stored(id)).nations).toBeUndefined();
    expect(report.warnings.filter((w) => /extent .* not understood: no nation recorded/.test(w.reason))).toHaveLength(3);
  });
});

describe('service areas through directory sync', () => {
  it('a synced HSDS 3 record with a Welsh service area gets its nation', async () => {
    const fake = await startFakeOruk([hsds3Line('synced-wales', [{ id: 'h1', name: 'Wales', extent_type: 'text' }])], 'hsds3');
    try {
      const report = await syncFeed(temp.stores.directory, { baseUrl: fake.url, dataset: 'feed', sleep: async () => undefined, now: new Date('2026-12-07T10:00:00Z') });
      expect(report.inserted).toBe(1);
      expect(await stored('synced-wales')).toMatchObject({ coverage: 'national', nations: ['Wales'] });
    } finally {
      await fake.close();
    }
  });
});

describe('service areas given as GSS codes', () => {
  it('reads a code\'s nation from its first letter; an unknown code is still reported', async () => {
    const report = await importRecords([
      phoneLine('bristol-code', [{ id: 'm1', service_area: 'E06000023' }]),
      phoneLine('cardiff-code', [{ id: 'm2', service_area: 'W06000015' }]),
      hsds3Line('glasgow-code', [{ id: 'm3', name: 'S12000049', extent_type: 'text' }]),
      phoneLine('belfast-code', [{ id: 'm4', service_area: 'N09000003' }]),
      phoneLine('two-codes', [{ id: 'm5', service_area: 'E06000023; W06000015' }]),
      // ALISS's shape with a name Signpost does not know: the GSS code in its id still places it.
      hsds3Line('aliss-unknown-name', [{ id: 'S12000050', name: 'Somewhere Signpost has no name for', extent_type: 'Local Authority' }]),
      phoneLine('unknown-code', [{ id: 'm6', service_area: 'K02000001' }]),
      phoneLine('not-a-code', [{ id: 'm7', service_area: 'X99999999' }]),
    ]);
    const bristol = await stored('bristol-code');
    expect(bristol).toMatchObject({ coverage: 'local', nations: ['England'] });
    expect(await stored('cardiff-code')).toMatchObject({ nations: ['Wales'] });
    expect(await stored('glasgow-code')).toMatchObject({ nations: ['Scotland'] });
    expect(await stored('belfast-code')).toMatchObject({ nations: ['Northern Ireland'] });
    expect(await stored('two-codes')).toMatchObject({ nations: ['England', 'Wales'] });
    expect(await stored('aliss-unknown-name')).toMatchObject({ nations: ['Scotland'] });
    for (const id of ['unknown-code', 'not-a-code']) expect((await stored(id)).nations).toBeUndefined();
    expect(report.warnings.map((w) => w.reason)).toEqual(expect.arrayContaining([
      'service area "K02000001" not understood: no nation recorded',
      'service area "X99999999" not understood: no nation recorded',
    ]));
    expect(report.warnings.map((w) => w.reason).filter((r) => /E06000023|W06000015|S12000049|N09000003/.test(r))).toEqual([]);

    // England-only: offered in Bristol, not in Cardiff.
    expect(matchServices([bristol], { needs: ['loneliness'], origin: place('BS16 1QY') }, geography)).toHaveLength(1);
    expect(matchServices([bristol], { needs: ['loneliness'], origin: place('CF10 1EP') }, geography)).toEqual([]);
  });
});

describe('service areas in regional words', () => {
  it('reads a region of one nation as that nation, and leaves words that could be in more than one nation as not understood', async () => {
    const report = await importRecords([
      phoneLine('south-west-england', [{ id: 'r1', service_area: 'South West England' }]),
      phoneLine('north-wales', [{ id: 'r2', service_area: 'North Wales' }]),
      hsds3Line('highlands', [{ id: 'r3', name: 'Highlands', extent_type: 'text' }]),
      phoneLine('yorkshire', [{ id: 'r4', service_area: 'Yorkshire and the Humber' }]),
      phoneLine('south-west-of-england', [{ id: 'r5', service_area: 'The South West of England' }]),
      phoneLine('mid-and-west-wales', [{ id: 'r6', service_area: 'Mid and West Wales' }]),
      phoneLine('north-east-scotland', [{ id: 'r7', service_area: 'North East Scotland' }]),
      phoneLine('east-midlands', [{ id: 'r8', service_area: 'East Midlands' }]),
      phoneLine('mixed-regions', [{ id: 'r9', service_area: 'North Wales and the North West of England' }]),
      // "North East" alone is a region of England, and also a part of Scotland: not read.
      phoneLine('north-east', [{ id: 'r10', service_area: 'North East' }]),
    ]);
    const southWest = await stored('south-west-england');
    expect(southWest).toMatchObject({ coverage: 'local', nations: ['England'] });
    expect(southWest.councilAreas).toBeUndefined();
    expect(await stored('north-wales')).toMatchObject({ coverage: 'local', nations: ['Wales'] });
    expect(await stored('highlands')).toMatchObject({ nations: ['Scotland'] });
    expect(await stored('yorkshire')).toMatchObject({ nations: ['England'] });
    expect(await stored('south-west-of-england')).toMatchObject({ nations: ['England'] });
    expect(await stored('mid-and-west-wales')).toMatchObject({ nations: ['Wales'] });
    expect(await stored('north-east-scotland')).toMatchObject({ nations: ['Scotland'] });
    expect(await stored('east-midlands')).toMatchObject({ nations: ['England'] });
    expect(await stored('mixed-regions')).toMatchObject({ nations: ['England', 'Wales'] });
    expect((await stored('north-east')).nations).toBeUndefined();
    expect(report.warnings.map((w) => w.reason)).toContain('service area "North East" not understood: no nation recorded');

    // A North Wales line is not offered in Bristol; it is in Cardiff.
    const northWales = await stored('north-wales');
    expect(matchServices([northWales], { needs: ['loneliness'], origin: place('BS16 1QY') }, geography)).toEqual([]);
    expect(matchServices([northWales], { needs: ['loneliness'], origin: place('CF10 1EP') }, geography)).toHaveLength(1);
  });
});
