// Converts the ALISS allotments and community gardens export (CSV, one row per service location) into Open Referral
// UK service JSON (HSDS 3.0 UK profile shape) at data/directory/aliss_scotland/services.json.
// Usage: node data/tools/convert-aliss.js <aliss_allotments_community_gardens_2024-05.csv>
// What changes: rows of the same service are merged (one service, several locations); the Python-style lists in
// `categories`, `organisation` and `service_areas` are read into JSON; only the categories ALISS marks as selected
// become taxonomy terms; HTML is left out (the plain `description` is used). Nothing is added that is not in the export.
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { parse } = require('csv-parse/sync');

const source = process.argv[2];
if (!source) throw new Error('usage: node data/tools/convert-aliss.js <aliss csv>');
const [header, ...rows] = parse(readFileSync(source, 'utf8'), { relax_column_count: true });
// The export repeats id, name and description for the location: the second occurrence is the location's.
const seen = new Set();
const columns = header.map((name) => (seen.has(name) ? `location_${name}` : (seen.add(name), name)));
const records = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, (row[i] ?? '').trim()])));

/** Items of a Python-repr list of dicts: [{'name': 'X', 'slug': 'x', 'selected': True}, ...]. */
function pyDicts(text) {
  const items = [];
  for (const match of text.matchAll(/\{([^{}]*)\}/g)) {
    const item = {};
    for (const field of match[1].matchAll(/'(\w+)': (?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(True|False|None|-?\d+(?:\.\d+)?))/g)) {
      const [, key, single, double, bare] = field;
      item[key] = single ?? double ?? (bare === 'True' ? true : bare === 'False' ? false : bare === 'None' ? null : Number(bare));
    }
    items.push(item);
  }
  return items;
}

const services = new Map();
for (const r of records) {
  const organisation = pyDicts(r.organisation)[0] ?? {};
  let service = services.get(r.id);
  if (!service) {
    service = {
      id: r.id,
      name: r.name || organisation.name || r.slug,
      description: r.description || r.summary,
      url: r.url || r.aliss_url,
      email: r.email || undefined,
      status: 'active',
      last_modified: r.last_updated ? `${r.last_updated}Z` : undefined,
      organization: organisation.name ? { id: organisation.id, name: organisation.name } : undefined,
      phones: r.phone ? [{ number: r.phone }] : undefined,
      service_areas: pyDicts(r.service_areas).map((a) => ({ id: a.code, name: a.name, extent_type: a.type })),
      attributes: pyDicts(r.categories)
        .filter((c) => c.selected === true)
        .map((c) => ({ taxonomy_term: { id: `aliss:${c.slug}`, name: String(c.name).trim(), taxonomy: 'ALISS categories' } })),
      service_at_locations: [],
    };
    services.set(r.id, service);
  }
  if (r.location_id && !service.service_at_locations.some((l) => l.location.id === r.location_id)) {
    service.service_at_locations.push({
      location: {
        id: r.location_id,
        location_type: 'physical',
        name: r.location_name || undefined,
        latitude: r.latitude ? Number(r.latitude) : undefined,
        longitude: r.longitude ? Number(r.longitude) : undefined,
        addresses: [{ address_1: r.street_address, city: r.locality, postal_code: r.postal_code, country: r.country || 'GB' }],
      },
    });
  }
}

const out = path.join(__dirname, '..', 'directory', 'aliss_scotland', 'services.json');
const list = [...services.values()].sort((a, b) => a.id.localeCompare(b.id));
writeFileSync(out, `${JSON.stringify(list, null, 1)}\n`);
process.stdout.write(`${records.length} rows -> ${list.length} services -> ${out}\n`);
