/**
 * The directory searched by need in the embedded store (migration 7): through an index of services' needs kept by
 * triggers, whichever connection or process writes, instead of json_each over every service's document; and the
 * services a search has parsed kept, by version, so that a search parses again only those that changed.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS, migrate } from '../../src/storage/embedded/migrations';
import { DATABASE_FILE, openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import { toJson } from '../../src/storage/embedded/json';
import { tempDataDir } from '../helpers/tempDir';
import { directoryService } from './records';

const open = (dataDir: string) => openEmbeddedStores({ dataDir, retentionDays: 730 });
const ids = (services: { id: string }[]): string[] => services.map((s) => s.id).sort();

it('finds services by need through the needs index: no scan of every service\'s document', async () => {
  const dataDir = tempDataDir('signpost-directory-index-');
  const stores = await open(dataDir);
  try {
    await stores.directory.upsertMany([directoryService({ id: 'a', needs: ['money'] }), directoryService({ id: 'b', needs: ['loneliness', 'housing'] })]);
    const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT id, version FROM directory_services WHERE id IN (SELECT service_id FROM directory_service_needs WHERE need IN (SELECT value FROM json_each(?))) ORDER BY name, id").all('["money"]') as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan).toMatch(/directory_service_needs/);
      expect(plan).not.toMatch(/SCAN directory_service_needs/);
      expect(db.prepare('SELECT need, service_id FROM directory_service_needs ORDER BY need, service_id').all()).toEqual([
        { need: 'housing', service_id: 'b' }, { need: 'loneliness', service_id: 'b' }, { need: 'money', service_id: 'a' },
      ]);
    } finally {
      db.close();
    }
  } finally {
    await stores.close();
  }
});

it('brings a file from before migration 7 up: the needs of the services already there are indexed', async () => {
  const dataDir = tempDataDir('signpost-directory-index-');
  const stores = await open(dataDir);
  await stores.close();
  // Back to version 6, as a file written by the build before: the services table without version, no index of needs.
  const file = path.join(dataDir, DATABASE_FILE);
  const db = new BetterSqlite3(file);
  db.exec('DROP TRIGGER directory_services_inserted; DROP TRIGGER directory_services_changed; DROP TABLE directory_service_needs; DROP TABLE directory_version; ALTER TABLE directory_services DROP COLUMN version;');
  db.pragma('user_version = 6');
  const insert = db.prepare('INSERT INTO directory_services (id, doc) VALUES (?, ?)');
  for (const s of [directoryService({ id: 'old-1', needs: ['money', 'money'] }), directoryService({ id: 'old-2', needs: ['food'] })]) {
    const { id, ...rest } = s;
    insert.run(id, toJson(rest));
  }
  expect(migrate(db)).toBe(6);
  expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  db.close();
  const reopened = await open(dataDir);
  try {
    expect(ids(await reopened.directory.search({ needs: ['money'] }))).toEqual(['old-1']);
    expect(ids(await reopened.directory.search({ needs: ['food', 'money'] }))).toEqual(['old-1', 'old-2']);
    await reopened.directory.update('old-1', { needs: ['food'] });
    expect(ids(await reopened.directory.search({ needs: ['money'] }))).toEqual([]);
    expect(ids(await reopened.directory.search({ needs: ['food'] }))).toEqual(['old-1', 'old-2']);
  } finally {
    await reopened.close();
  }
});

it('sees what another process writes, by any statement: its next search has the service as written', async () => {
  const dataDir = tempDataDir('signpost-directory-index-');
  const stores = await open(dataDir);
  const other = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  try {
    await stores.directory.upsertMany([directoryService({ id: 'a', name: 'A', needs: ['money'] }), directoryService({ id: 'b', name: 'B', needs: ['money'] })]);
    const first = await stores.directory.search({ needs: ['money'] });
    expect(first.map((s) => s.name)).toEqual(['A', 'B']);
    // Another process: a plain UPDATE of the document, an INSERT OR REPLACE (nedb import), a DELETE.
    other.prepare('UPDATE directory_services SET doc = json_set(doc, \'$.name\', \'A2\') WHERE id = ?').run('a');
    expect((await stores.directory.search({ needs: ['money'] })).map((s) => s.name)).toEqual(['A2', 'B']);
    const { id: _id, ...c } = directoryService({ id: 'b', name: 'B2', needs: ['food'] });
    other.prepare('INSERT OR REPLACE INTO directory_services (id, doc) VALUES (?, ?)').run('b', toJson(c));
    expect((await stores.directory.search({ needs: ['money'] })).map((s) => s.name)).toEqual(['A2']);
    expect((await stores.directory.search({ needs: ['food'] })).map((s) => s.name)).toEqual(['B2']);
    other.prepare('DELETE FROM directory_services WHERE id = ?').run('a');
    expect(await stores.directory.search({ needs: ['money'] })).toEqual([]);
    expect(other.prepare('SELECT count(*) AS n FROM directory_service_needs').get()).toEqual({ n: 1 });
  } finally {
    other.close();
    await stores.close();
  }
});

it('hands every search the same parsed service until it changes, and no caller can change it for the next', async () => {
  const dataDir = tempDataDir('signpost-directory-index-');
  const stores = await open(dataDir);
  try {
    await stores.directory.upsertMany([directoryService({ id: 'a', needs: ['money'] })]);
    const [one] = await stores.directory.search({ needs: ['money'] });
    const [again] = await stores.directory.search({ needs: ['money'], near: { latitude: 51.45, longitude: -2.59, withinMiles: 1 } });
    expect(again).toBe(one);
    expect(() => {
      (one.locations[0] as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    expect((await stores.directory.get('a'))?.locations[0].name).toBe('Hall');
    await stores.directory.update('a', { name: 'Renamed' });
    const [changed] = await stores.directory.search({ needs: ['money'] });
    expect(changed).not.toBe(one);
    expect(changed.name).toBe('Renamed');
  } finally {
    await stores.close();
  }
});
