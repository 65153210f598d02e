// Converts a page of Buckinghamshire's Outpost directory API (scout-x fixture) into Open Referral UK (v1) service
// JSON at data/directory/bucks_outpost/services.json.
// Usage: node data/tools/convert-outpost.js <fixture_services.json>
// What changes: Outpost fields are renamed to their Open Referral UK names (locations -> service_at_locations,
// taxonomies -> service_taxonomys, min_age/max_age -> eligibilitys); the values the fixture's authors anonymised are
// removed, not replaced (points at latitude 0 longitude 0, phone "0777 777 7777", email "email@email.com", example.com links); contact people's names
// are left out (Signpost does not use them); the one opening time (a Brownies group "Monday 10:00-17:00") is left out
// because it reads like a test value. Nothing is added.
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const source = process.argv[2];
if (!source) throw new Error('usage: node data/tools/convert-outpost.js <fixture_services.json>');
const page = JSON.parse(readFileSync(source, 'utf8'));

const PLACEHOLDER_PHONES = new Set(['07777777777']);
const PLACEHOLDER_EMAILS = new Set(['email@email.com']);
const realPhone = (n) => (n && !PLACEHOLDER_PHONES.has(String(n).replace(/\D/g, '')) ? String(n).trim() : undefined);
const realEmail = (e) => (e && !PLACEHOLDER_EMAILS.has(String(e).trim().toLowerCase()) ? String(e).trim() : undefined);
function realUrl(u) {
  if (!u) return undefined;
  try {
    const host = new URL(u).hostname.toLowerCase();
    return host === 'example.com' || host.endsWith('.example.com') ? undefined : u;
  } catch {
    return undefined;
  }
}
// (0, 0) is how the fixture writes "no point".
const hasPoint = (l) => Boolean(l.geometry && l.geometry.coordinates && (l.geometry.coordinates[0] !== 0 || l.geometry.coordinates[1] !== 0));
const compact = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)));

const services = page.content.map((s) => compact({
  id: String(s.id),
  name: s.name,
  description: s.description,
  url: realUrl(s.url),
  status: 'active',
  last_modified: s.updated_at,
  organization: s.organisation && s.organisation.name ? compact({ id: String(s.organisation.id), name: s.organisation.name, url: realUrl(s.organisation.url), email: realEmail(s.organisation.email) }) : undefined,
  service_taxonomys: (s.taxonomies || []).map((t) => ({ id: String(t.id), taxonomy: { id: `bfis:${t.slug}`, name: t.name, vocabulary: 'Buckinghamshire Family Information Service' } })),
  service_at_locations: (s.locations || []).map((l) => ({
    id: String(l.id),
    location: compact({
      id: String(l.id),
      name: l.name,
      latitude: hasPoint(l) ? l.geometry.coordinates[1] : undefined,
      longitude: hasPoint(l) ? l.geometry.coordinates[0] : undefined,
      physical_addresses: [compact({ address_1: l.address_1 && l.address_1.trim(), city: l.city, state_province: l.state_province, postal_code: l.postal_code, country: l.country })],
    }),
  })),
  contacts: (s.contacts || [])
    .map((c) => compact({ id: String(c.id), email: realEmail(c.email), phones: realPhone(c.phone) ? [{ number: realPhone(c.phone) }] : undefined }))
    .filter((c) => c.email || c.phones),
  eligibilitys: s.min_age !== null || s.max_age !== null ? [compact({ minimum_age: s.min_age, maximum_age: s.max_age })] : undefined,
  cost_options: s.free === true ? [{ option: 'Free', amount: 0 }] : undefined,
}));

const out = path.join(__dirname, '..', 'directory', 'bucks_outpost', 'services.json');
writeFileSync(out, `${JSON.stringify(services, null, 1)}\n`);
process.stdout.write(`${services.length} services -> ${out}\n`);
