// Builds data/geography/postcode-districts.csv from Doogal's "Postcode districts" CSV (see data/geography/PROVENANCE.md).
// Usage: node data/tools/build-geography.js <doogal_postcode_districts.csv>
// Keeps districts with active postcodes and a centroid; drops retired and non-geographic districts.
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { parse } = require('csv-parse/sync');
const { stringify } = require('csv-stringify/sync');

const source = process.argv[2];
if (!source) throw new Error('usage: node data/tools/build-geography.js <doogal_postcode_districts.csv>');
const rows = parse(readFileSync(source, 'utf8'), { columns: true, skip_empty_lines: true });
const kept = rows
  .filter((r) => Number(r['Active postcodes']) > 0)
  .filter((r) => r.Latitude !== '' && r.Longitude !== '')
  .filter((r) => r['Town/Area'] !== 'Non-geographic' && r['Town/Area'] !== 'British Forces')
  .map((r) => ({ district: r.Postcode.trim().toUpperCase(), latitude: Number(r.Latitude).toFixed(4), longitude: Number(r.Longitude).toFixed(4), area: r.Region.trim() }))
  .sort((a, b) => a.district.localeCompare(b.district));
const out = path.join(__dirname, '..', 'geography', 'postcode-districts.csv');
writeFileSync(out, stringify(kept, { header: true, columns: ['district', 'latitude', 'longitude', 'area'] }));
process.stdout.write(`kept ${kept.length} of ${rows.length} districts -> ${out}\n`);
