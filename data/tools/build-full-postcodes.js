#!/usr/bin/env node
/**
 * Builds data/geography/full-postcodes.csv (postcode, latitude, longitude) from a full-postcode table with columns
 * postcode (with or without its space), lat and long, such as ../shared/data/postcodes/sheffield_postcodes_latlong.csv.
 * Usage: node data/tools/build-full-postcodes.js <source.csv> > data/geography/full-postcodes.csv
 * Keeps rows whose postcode is a valid UK full postcode and whose position is in the UK; writes them sorted.
 */
'use strict';
const { readFileSync } = require('node:fs');
const { parse } = require('csv-parse/sync');

const [source] = process.argv.slice(2);
if (!source) {
  process.stderr.write('usage: build-full-postcodes.js <source.csv>\n');
  process.exit(2);
}
const rows = parse(readFileSync(source, 'utf8'), { columns: true, skip_empty_lines: true });
const FULL = /^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$/;
const out = new Map();
for (const row of rows) {
  const match = FULL.exec(String(row.postcode ?? '').trim().toUpperCase());
  const latitude = Number(row.lat);
  const longitude = Number(row.long);
  if (!match || !Number.isFinite(latitude) || !Number.isFinite(longitude) || latitude < 49 || latitude > 61.5 || longitude < -9 || longitude > 2.5) continue;
  out.set(`${match[1]} ${match[2]}`, [latitude.toFixed(4), longitude.toFixed(4)]);
}
const lines = [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([postcode, [lat, long]]) => `${postcode},${lat},${long}`);
process.stdout.write(`postcode,latitude,longitude\n${lines.join('\n')}\n`);
process.stderr.write(`${lines.length} postcodes of ${rows.length} rows\n`);
