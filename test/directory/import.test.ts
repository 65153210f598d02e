import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundledDatasets, ensureDefaultDirectory, importBundledDirectory } from '../../src/services/directory/defaultDirectory';
import { importDirectoryContent, importDirectoryFile } from '../../src/services/directory/import/importDirectory';
import { ImportFormatError } from '../../src/services/directory/import/orukReader';
import { renderImportReport } from '../../src/services/directory/import/renderReport';
import { DEFAULT_TAXONOMY_MAP_FILE, TaxonomyMap, TaxonomyMapError } from '../../src/services/directory/import/taxonomyMap';
import { NEED_IDS } from '../../src/services/needs/taxonomy';
import { openTempStores, type TempStores } from './directoryKit';

const fixture = (name: string): string => path.join(__dirname, 'fixtures', name);
const dataset = (name: string) => {
  const found = bundledDatasets().find((d) => d.dataset === name);
  if (!found) throw new Error(`no bundled dataset ${name}`);
  return found;
};

let temp: TempStores;
beforeEach(async () => {
  temp = await openTempStores();
});
afterEach(async () => {
  await temp.close();
});

describe('importing the bundled Sheffield food directory (CSV, MIT)', () => {
  it('imports all 36 services with their contacts, places, times and needs', async () => {
    const d = dataset('sheffield_food');
    const report = await importDirectoryFile(temp.stores.directory, d.file, { format: d.format, dataset: d.dataset, licence: d.licence });
    expect(report).toMatchObject({ format: 'csv', dataset: 'sheffield_food', read: 36, imported: 36, updated: 0, skipped: [] });
    expect(report.unusedColumns).toEqual(expect.arrayContaining(['support', 'referral_link', 'delivery_option']));
    expect(report.unusedColumns).not.toContain('info');
    expect(await temp.stores.directory.count()).toBe(36);

    const hillsborough = await temp.stores.directory.get('sheffield_food:0');
    expect(hillsborough).toMatchObject({
      name: 'Hillsborough',
      needs: ['food'],
      taxonomyTerms: ['foodbank'],
      phone: '0114 321 0733',
      url: 'https://sheffields6.foodbank.org.uk/',
      email: 'info@sheffields6.foodbank.org.uk',
      locations: [{ address: '66 Cross Bedford Street Sheffield', postcode: 'S6 3BS', latitude: 53.3917, longitude: -1.4817 }],
      coverage: 'local',
      delivery: ['in-person'],
      openingTimes: [{ days: [2], opens: '11:00', closes: '13:00' }, { days: [5], opens: '11:00', closes: '13:00' }],
      howToAccess: 'you need a referral first',
      source: { dataset: 'sheffield_food', originalId: '0' },
    });
    // Internal notes in the source ("info") never reach the directory.
    const all = await temp.stores.directory.search({ limit: 100 });
    expect(JSON.stringify(all)).not.toMatch(/left them a message|Bryony/);
  });

  it('keeps the words of opening times it cannot read, and says so', async () => {
    const d = dataset('sheffield_food');
    const report = await importDirectoryFile(temp.stores.directory, d.file, { format: d.format, dataset: d.dataset });
    expect(report.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'FoodCycle Broomhall', reason: expect.stringMatching(/opening times only partly understood/) })]));
    expect(await temp.stores.directory.get('sheffield_food:29')).toMatchObject({ openingTimes: [], openingText: 'Wednesday 12.30' });
  });

  it('is idempotent: importing again updates every service and duplicates none', async () => {
    const d = dataset('sheffield_food');
    await importDirectoryFile(temp.stores.directory, d.file, { format: d.format, dataset: d.dataset });
    const again = await importDirectoryFile(temp.stores.directory, d.file, { format: d.format, dataset: d.dataset });
    expect(again).toMatchObject({ read: 36, imported: 0, updated: 36, skipped: [] });
    expect(await temp.stores.directory.count()).toBe(36);
  });

  it('reports progress to the end, batch by batch', async () => {
    const d = dataset('sheffield_food');
    const calls: [number, number][] = [];
    const batches: number[] = [];
    const directory = temp.stores.directory;
    const counting = { ...directory, count: () => directory.count(), get: (id: string) => directory.get(id), update: directory.update.bind(directory), search: directory.search.bind(directory), upsertMany: (s: Parameters<typeof directory.upsertMany>[0]) => (batches.push(s.length), directory.upsertMany(s)) };
    await importDirectoryFile(counting, d.file, { format: d.format, dataset: d.dataset, batchSize: 10, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls[0]).toEqual([0, 36]);
    expect(calls[calls.length - 1]).toEqual([36, 36]);
    expect(batches).toEqual([10, 10, 10, 6]);
  });
});

describe('importing Open Referral UK JSON', () => {
  it('imports the bundled ALISS set (HSDS 3.0 shape): 98 services, all placed on the map', async () => {
    const d = dataset('aliss_scotland');
    const report = await importDirectoryFile(temp.stores.directory, d.file, { format: d.format, dataset: d.dataset, licence: d.licence });
    expect(report).toMatchObject({ format: 'oruk', read: 98, imported: 98, skipped: [] });
    const all = await temp.stores.directory.search({ limit: 500 });
    expect(all).toHaveLength(98);
    expect(all.every((s) => s.locations.length > 0 && s.locations.every((l) => typeof l.latitude === 'number'))).toBe(true);
    expect(all.every((s) => s.source.licence.startsWith('CC BY 4.0'))).toBe(true);
    const growchapel = await temp.stores.directory.get('aliss_scotland:bf672db0-aff1-4b49-9365-85ad1d23a5a7');
    expect(growchapel).toMatchObject({ name: 'Growchapel Community Growing Space', needs: expect.arrayContaining(['loneliness', 'physical-activity']), locations: [expect.objectContaining({ postcode: 'G15 8AA' })] });
    // Parent categories that say little are reported as unmapped, not guessed.
    expect(report.unmappedTerms[0]).toEqual({ term: 'Food and Nutrition', services: 72 });
  });

  it('imports the bundled Buckinghamshire set (v1 shape) and says why two were skipped', async () => {
    const d = dataset('bucks_outpost');
    const report = await importDirectoryFile(temp.stores.directory, d.file, { format: d.format, dataset: d.dataset });
    expect(report).toMatchObject({ read: 20, imported: 18 });
    expect(report.skipped.map((s) => [s.name, s.reason])).toEqual([
      ['627 Transfer', 'no way to reach it: no phone, email, website or address'],
      ['ABRSM Piano, Keyboard and Organ Lessons (Buckinghamshire)', 'no way to reach it: no phone, email, website or address'],
    ]);
    expect(await temp.stores.directory.get('bucks_outpost:1')).toMatchObject({ name: '12th Aylesbury Brownies', needs: ['families'], eligibility: { minAge: 5, maxAge: 11 }, locations: [expect.objectContaining({ postcode: 'HP21 7JF' })] });
    expect(report.warnings.some((w) => w.name === 'ABA Horizons' && /no needs/.test(w.reason))).toBe(true);
  });

  it('imports a real list-level feed with no places or taxonomy (Bristol, tests only), explaining what it could not do', async () => {
    const report = await importDirectoryFile(temp.stores.directory, fixture('bristol_openplace_services_2024-12_sample.json'), { dataset: 'bristol' });
    expect(report.read).toBe(40);
    expect(report.skipped).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'no name' })]));
    expect(report.imported).toBe(40 - report.skipped.length);
    const pictureOfHealth = await temp.stores.directory.get('bristol:3121dd2f-3900-4c90-b529-4c265f026d6f');
    expect(pictureOfHealth).toMatchObject({ name: 'A Picture of Health', organisation: 'NHS', url: 'http://www.apictureofhealth.southwest.nhs.uk/', locations: [] });
    expect(pictureOfHealth?.description).toBe('This website helps clinicians provide Easy Read information to people with learning disabilities.\nYou can use the website to print Easy Read examples that are being used by other clinicians to help you and your patients.\nIf you do develop new health information, you can share it by going to the \u2018Contact Us\u2019 page and submitting your document.');
    // Target audiences count as what a service is for.
    const all = await temp.stores.directory.search({ limit: 100 });
    expect(all.some((s) => s.needs.length > 0)).toBe(true);
    const selfReferral = all.filter((s) => s.howToAccess !== undefined);
    expect(selfReferral.every((s) => s.howToAccess === 'you need a referral first')).toBe(true);
  });

  it('reads the HSDS 3.0 example: weekly schedules, ages, cost, and drops impossible values with warnings', async () => {
    const report = await importDirectoryFile(temp.stores.directory, fixture('oruk_hsds3_example_service_full.json'), { dataset: 'example' });
    expect(report).toMatchObject({ read: 1, imported: 1 });
    const service = await temp.stores.directory.get('example:ac148810-d857-441c-9679-408f346de14b');
    expect(service).toMatchObject({
      name: 'Community Counselling',
      organisation: 'Example Organization Inc.',
      needs: [],
      openingTimes: [{ days: [4, 5], opens: '10:00', closes: '18:00' }],
      eligibility: { minAge: 12, maxAge: 100 },
      free: false,
      delivery: expect.arrayContaining(['online', 'in-person']),
    });
    expect(service?.locations).toEqual([{ name: 'MyCity Civic Center', address: '1-30 Main Street, MyCity' }]);
    expect(report.warnings.map((w) => w.reason)).toEqual(expect.arrayContaining(['postcode not understood, left out', 'map position outside the UK, left out']));
  });
});

describe('nothing about who a service is for or what it costs is lost (issue 17)', () => {
  const taxonomy = TaxonomyMap.fromFile();
  it('keeps v1 eligibility, fees, referral rules, notes, languages and accessibility, in the source\'s words', async () => {
    const v1 = {
      id: 'v1-1', name: 'Made-up Lunch Club', status: 'active', url: 'https://example.org', description: '<p>A weekly lunch.</p>',
      fees: '£3 a meal', attending_access: 'Professional referral', pc_attendingAccess_additionalInfo: 'By referral from a GP or social worker.',
      alert: 'Closed in August.', eligibilitys: [{ eligibility: 'For people who are over 60 and live alone', minimum_age: 60 }],
      languages: [{ language: 'English' }, { language: 'Urdu' }],
      service_at_locations: [{ location: { name: 'Hall', physical_addresses: [{ address_1: '1 High St', postal_code: 'S10 2FD' }], accessibility_for_disabilities: [{ accessibility: 'Wheelchair accessible' }] } }],
      service_taxonomys: [{ taxonomy: { name: 'Lunch Club' } }],
    };
    const report = await importDirectoryContent(temp.stores.directory, JSON.stringify([v1]), { format: 'oruk', dataset: 'kept', taxonomy });
    const service = await temp.stores.directory.get('kept:v1-1');
    expect(service).toMatchObject({
      fees: '£3 a meal', referral: 'Professional referral\nBy referral from a GP or social worker.', notes: 'Closed in August.',
      languages: ['English', 'Urdu'], accessibility: ['Wheelchair accessible'], free: false,
      eligibility: { minAge: 60, description: 'For people who are over 60 and live alone', restrictions: ['For people who are over 60 and live alone', 'By referral from a GP or social worker.'] },
    });
    expect(report.restricted).toEqual([expect.objectContaining({ id: 'v1-1', words: service?.eligibility.restrictions })]);
  });

  it('keeps HSDS 3 cost options and languages by name', async () => {
    const hsds3 = { id: 'h3-1', name: 'Made-up Counselling', status: 'active', url: 'https://example.org', cost_options: [{ option: 'Under 18s', amount: 0 }, { option: 'Adults', amount: 35, amount_description: 'per session' }], languages: [{ name: 'Welsh', code: 'cy' }] };
    await importDirectoryContent(temp.stores.directory, JSON.stringify(hsds3), { format: 'oruk', dataset: 'kept', taxonomy });
    expect(await temp.stores.directory.get('kept:h3-1')).toMatchObject({ fees: 'Under 18s: free; Adults: £35 per session', languages: ['Welsh'] });
  });
});

describe('importing a plain CSV', () => {
  const taxonomy = TaxonomyMap.fromFile();
  const csv = [
    'Service Name,Needs,Category,Website,Telephone,Postcode,Delivery,Coverage,Opening Hours,Min Age,Max Age,Eligibility,Free,Status,Notes,E-mail',
    'Made-up Test Helpline,money;benefits,,https://example.org/help,0114 496 0000,,phone,national,Mon-Fri 9am-5pm,18,,Adults only,yes,active,x',
    'Made-up Test Lunch Club,,Lunch Club | Befriending,,,S10 2FD,,,Tuesday 12.00 - 14.00,60,,,no,,x',
    'Made-up Closed Group,,Befriending,https://example.org,,,,,,,,,,inactive,x',
    ',,Befriending,https://example.org,,,,,,,,,,,x',
    'Made-up No Contact,,Befriending,,,,,,,,,,,,x',
    'Made-up Odd Values,loneliness;lonely,,not a url,12345,ZZZ,,,,70,20,,,,x,odd@example.org',
    'Made-up Nothing Valid,loneliness,,not a url,12345,ZZZ,,,,,,,,,x,not an email',
  ].join('\n');

  it('maps columns by name, reads needs and terms, and reports each skip', async () => {
    const report = await importDirectoryContent(temp.stores.directory, csv, { format: 'csv', dataset: 'test_csv', taxonomy });
    expect(report).toMatchObject({ read: 7, imported: 3 });
    expect(report.unusedColumns).toEqual([]);
    expect(report.skipped.map((s) => [s.record, s.reason])).toEqual([
      [4, 'status is "inactive", not active'],
      [5, 'no name'],
      [6, 'no way to reach it: no phone, email, website or address'],
      [8, 'no way to reach it: no phone, email, website or address'],
    ]);
    const services = await temp.stores.directory.search({ limit: 10 });
    const helpline = services.find((s) => s.name === 'Made-up Test Helpline');
    expect(helpline).toMatchObject({ needs: ['money', 'benefits'], coverage: 'national', delivery: ['phone'], free: true, phone: '0114 496 0000', eligibility: { minAge: 18, description: 'Adults only' }, openingTimes: [{ days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00' }] });
    expect(helpline?.id).toMatch(/^test_csv:~[0-9a-f]{12}$/);
    const lunch = services.find((s) => s.name === 'Made-up Test Lunch Club');
    expect(lunch).toMatchObject({ needs: ['loneliness', 'food'], locations: [{ postcode: 'S10 2FD' }], delivery: ['in-person'], free: false, eligibility: { minAge: 60 } });
    const odd = report.warnings.filter((w) => w.record === 7).map((w) => w.reason);
    expect(odd).toEqual(expect.arrayContaining(['phone number not understood, left out', 'web address not understood, left out', 'postcode not understood, left out', 'unknown need ids left out: lonely', 'minimum age above maximum age, ages left out']));
  });

  it('gives the same ids when re-imported without an id column', async () => {
    await importDirectoryContent(temp.stores.directory, csv, { format: 'csv', dataset: 'test_csv', taxonomy });
    const again = await importDirectoryContent(temp.stores.directory, csv, { format: 'csv', dataset: 'test_csv', taxonomy });
    expect(again).toMatchObject({ imported: 0, updated: 3 });
  });

  it('skips a repeated id within one file', async () => {
    const report = await importDirectoryContent(temp.stores.directory, 'id,name,website\n1,One,https://a.example.org\n1,One again,https://b.example.org\n', { format: 'csv', dataset: 'dup', taxonomy });
    expect(report.imported).toBe(1);
    expect(report.skipped).toEqual([{ record: 3, id: '1', name: 'One again', reason: 'the same id appears earlier in this file' }]);
  });
});

describe('bad input gets a clear error and changes nothing', () => {
  it.each([
    ['oruk', '{ not json', /not valid JSON/],
    ['oruk', '{"hello": "world"}', /holds no Open Referral services/],
    ['csv', 'title,website\nA,https://example.org\n', /no name column/],
    ['csv', '', /empty/],
    ['csv', 'name,"unclosed\nx', /could not be read/],
  ] as const)('%s %j', async (format, content, message) => {
    await expect(importDirectoryContent(temp.stores.directory, content, { format, dataset: 'bad' })).rejects.toThrow(ImportFormatError);
    await expect(importDirectoryContent(temp.stores.directory, content, { format, dataset: 'bad' })).rejects.toThrow(message);
    expect(await temp.stores.directory.count()).toBe(0);
  });

  it('asks for the format when the file name does not say', async () => {
    const file = path.join(temp.dataDir, 'services.txt');
    writeFileSync(file, '[]');
    await expect(importDirectoryFile(temp.stores.directory, file)).rejects.toThrow(/--format oruk or --format csv/);
  });
});

describe('the taxonomy mapping', () => {
  it('maps the shipped file only to need ids in the taxonomy', () => {
    const map = TaxonomyMap.fromFile();
    expect(map.map([{ name: 'Befriending' }, { name: '  debt / MONEY ' }, { name: 'Things to do' }])).toEqual({ needs: ['loneliness', 'money'], unmapped: ['Things to do'] });
    expect(map.map([{ name: 'Clubs and groups', vocabulary: 'Buckinghamshire Family Information Service' }]).needs).toEqual(['families']);
    expect(map.map([{ name: 'Clubs and groups', vocabulary: 'Somewhere else' }]).needs).toEqual([]);
    expect(map.map([{ name: 'Food & Nutrition' }]).unmapped).toEqual(['Food & Nutrition']);
  });

  it('refuses a mapping to a need that does not exist, naming it', () => {
    expect(() => new TaxonomyMap([{ needs: ['lonely'], terms: ['Befriending'] }], 'my-map.json')).toThrow(TaxonomyMapError);
    expect(() => new TaxonomyMap([{ needs: ['lonely'], terms: ['Befriending'] }], 'my-map.json')).toThrow(/my-map.json: mappings\[0\] names need "lonely"/);
    expect(() => new TaxonomyMap([{ needs: ['money'], terms: [] }])).toThrow(/non-empty "terms"/);
  });

  it('covers every need except "other" somewhere', () => {
    const map = TaxonomyMap.fromFile();
    const raw = JSON.parse(readFileSync(DEFAULT_TAXONOMY_MAP_FILE, 'utf8')) as { mappings: { needs: string[] }[] };
    const mapped = new Set(raw.mappings.flatMap((m) => m.needs));
    expect(NEED_IDS.filter((n) => n !== 'other' && !mapped.has(n))).toEqual([]);
    expect(map).toBeInstanceOf(TaxonomyMap);
  });
});

describe('the bundled default directory', () => {
  it('is imported once into an empty store, then left alone', async () => {
    const first = await ensureDefaultDirectory(temp.stores.directory);
    expect(first).toEqual({ imported: true, services: 36 + 98 + 18 + 22 });
    expect(await temp.stores.directory.count()).toBe(174);
    const second = await ensureDefaultDirectory(temp.stores.directory);
    expect(second).toEqual({ imported: false, services: 174 });
  });

  it('re-imports idempotently', async () => {
    await importBundledDirectory(temp.stores.directory);
    const reports = await importBundledDirectory(temp.stores.directory);
    expect(reports.map((r) => [r.dataset, r.imported, r.updated])).toEqual([['sheffield_food', 0, 36], ['aliss_scotland', 0, 98], ['bucks_outpost', 0, 18], ['national_remote', 0, 22]]);
    expect(await temp.stores.directory.count()).toBe(174);
  });

  it('an upgrade adds new bundled services with "directory import --bundled", keeping a link worker\'s marks', async () => {
    await importBundledDirectory(temp.stores.directory);
    const mark = { kind: 'wrong-number' as const, by: 'user-1', byName: 'Sam', at: '2026-12-07T09:00:00.000Z', note: 'rang twice' };
    await temp.stores.directory.update('national_remote:macmillan-support-line', { mark });
    await temp.stores.directory.update('sheffield_food:0', { mark: { ...mark, kind: 'closed' } });
    const reports = await importBundledDirectory(temp.stores.directory);
    expect(reports.find((r) => r.dataset === 'national_remote')?.updated).toBe(22);
    expect((await temp.stores.directory.get('national_remote:macmillan-support-line'))?.mark).toEqual(mark);
    expect((await temp.stores.directory.get('sheffield_food:0'))?.mark).toEqual({ ...mark, kind: 'closed' });
    expect((await temp.stores.directory.get('sheffield_food:1'))?.mark).toBeUndefined();
  });

  it('renders a report a person can read', async () => {
    const [report] = await importBundledDirectory(temp.stores.directory);
    const text = renderImportReport(report);
    expect(text).toContain('read 36: 36 new, 0 updated, 0 skipped');
    expect(text).toContain('columns not used: delivery_option, support, referral_link');
    expect(text).toContain('record 33 "Ben\'s Centre" (id 31): "For people having alcohol/drug issues only!"');
    expect(text).toContain('a working note (who contacted the service, and when) left out of its notes');
    expect(text).not.toMatch(/Bryony|emailed them/);
  });
});
