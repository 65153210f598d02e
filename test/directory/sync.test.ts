/**
 * `signpost directory sync`: an Open Referral UK API read page by page, each full record fetched, changes written,
 * services gone from the feed made inactive, rate limits respected. Against a local fake ORUK server serving real
 * records from the fixtures (test/directory/fakeOruk.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/logging';
import { matchServices } from '../../src/services/directory/matching/matchServices';
import { FeedRefresher } from '../../src/services/directory/sync/FeedRefresher';
import { renderSyncReport, retryAfterMs, syncFeed } from '../../src/services/directory/sync/syncFeed';
import { openTempStores, type TempStores } from './directoryKit';
import { startFakeOruk, type FakeOruk } from './fakeOruk';

const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8'));
const bristol = fixture('bristol_openplace_services_2024-12_sample.json') as Record<string, unknown>[];
const hsds3 = fixture('oruk_hsds3_example_service_full.json') as Record<string, unknown>;

describe('directory sync from an Open Referral UK API', () => {
  let temp: TempStores;
  let fake: FakeOruk;
  const waits: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    waits.push(ms);
  };
  beforeAll(async () => {
    temp = await openTempStores();
    fake = await startFakeOruk([...bristol, hsds3].map((r) => structuredClone(r)));
  });
  afterAll(async () => {
    await fake.close();
    await temp.close();
  });

  it('pages through /services, fetches each full record, waits when asked to, and imports them', async () => {
    const named = bristol.find((r) => typeof r.name === 'string' && r.name !== '' && typeof r.url === 'string' && r.url !== '') as Record<string, unknown>;
    fake.tooManyOnce.add(String(named.id));
    fake.failOnce.add(String(hsds3.id));
    const report = await syncFeed(temp.stores.directory, { baseUrl: fake.url, dataset: 'fake', pageSize: 15, sleep, now: new Date('2026-12-06T12:00:00Z') });
    expect(report.listed).toBe(41);
    expect(fake.requests.filter((r) => r.startsWith('/api/services?'))).toEqual(['/api/services?page=1&per_page=15&size=15', '/api/services?page=2&per_page=15&size=15', '/api/services?page=3&per_page=15&size=15']);
    expect(fake.requests.filter((r) => r === `/api/services/${String(named.id)}`)).toHaveLength(2);
    expect(report.rateLimited).toBe(1);
    expect(report.retries).toBe(2);
    expect(waits).toEqual(expect.arrayContaining([1000]));
    expect(report.inserted + report.skipped.length).toBe(41);
    expect(report.failed).toEqual([]);
    expect(report.deactivated).toEqual([]);
    // The HSDS 3 example's full record: its schedule, ages and taxonomy came through the detail call.
    const example = await temp.stores.directory.get(`fake:${String(hsds3.id)}`);
    expect(example).toMatchObject({ name: 'Community Counselling', source: { dataset: 'fake' } });
    expect(example?.fees).toContain('35');
    expect(renderSyncReport(report)).toContain(`listed 41: ${report.inserted} new, 0 updated, 0 unchanged, 0 made inactive`);
  });

  it('a second run with one service changed and one removed updates and deactivates exactly those', async () => {
    const kept = [...fake.records.values()].filter((r) => typeof r.name === 'string' && r.name !== '' && typeof r.url === 'string' && r.url !== '');
    const changed = kept[1];
    const removed = kept[2];
    changed.description = 'Changed for the second run.';
    fake.records.delete(String(removed.id));
    const before = (await temp.stores.directory.search({ limit: 1000 })).filter((s) => s.source.dataset === 'fake').length;
    const report = await syncFeed(temp.stores.directory, { baseUrl: fake.url, dataset: 'fake', pageSize: 15, sleep, now: new Date('2026-12-07T12:00:00Z') });
    expect(report.inserted).toBe(0);
    expect(report.updated).toBe(1);
    expect(report.deactivated).toEqual([`fake:${String(removed.id)}`]);
    expect(report.unchanged).toBe(before - 2);
    expect(await temp.stores.directory.get(`fake:${String(changed.id)}`)).toMatchObject({ description: 'Changed for the second run.' });
    const gone = await temp.stores.directory.get(`fake:${String(removed.id)}`);
    expect(gone?.active).toBe(false);
    // Never matched once inactive.
    expect(matchServices([{ ...gone!, needs: ['loneliness'] }], { needs: ['loneliness'] })).toEqual([]);
  });

  it('a record that cannot be fetched is left as it was, never made inactive', async () => {
    const someone = [...fake.records.values()].find((r) => typeof r.name === 'string' && r.name !== '' && typeof r.url === 'string' && r.url !== '') as Record<string, unknown>;
    fake.alwaysFail.add(String(someone.id));
    const report = await syncFeed(temp.stores.directory, { baseUrl: fake.url, dataset: 'fake', pageSize: 50, sleep, maxAttempts: 2 });
    fake.alwaysFail.clear();
    expect(report.failed).toEqual([{ id: String(someone.id), reason: expect.stringContaining('HTTP 500 after 2 attempts') }]);
    expect(report.deactivated).toEqual([]);
    expect((await temp.stores.directory.get(`fake:${String(someone.id)}`))?.active).not.toBe(false);
  });

  it('a feed that is down stops before anything is made inactive', async () => {
    await expect(syncFeed(temp.stores.directory, { baseUrl: 'http://127.0.0.1:9/api', dataset: 'fake', sleep, maxAttempts: 2 })).rejects.toThrow(/after 2 attempts/);
    const inactive = (await temp.stores.directory.search({ limit: 1000 })).filter((s) => s.source.dataset === 'fake' && s.active === false);
    expect(inactive).toHaveLength(1);
  });

  it('a service that comes back to the feed is active again', async () => {
    const [inactive] = (await temp.stores.directory.search({ limit: 1000 })).filter((s) => s.source.dataset === 'fake' && s.active === false);
    const original = bristol.find((r) => `fake:${String(r.id)}` === inactive.id) as Record<string, unknown>;
    fake.records.set(String(original.id), structuredClone(original));
    const report = await syncFeed(temp.stores.directory, { baseUrl: fake.url, dataset: 'fake', sleep });
    expect(report.updated).toBe(1);
    expect((await temp.stores.directory.get(inactive.id))?.active).not.toBe(false);
  });

  it('reads the HSDS 3 page shape too', async () => {
    const other = await startFakeOruk([structuredClone(hsds3)], 'hsds3');
    try {
      const report = await syncFeed(temp.stores.directory, { baseUrl: other.url, dataset: 'fake3', sleep });
      expect(report).toMatchObject({ listed: 1, inserted: 1 });
    } finally {
      await other.close();
    }
  });

  it('understands Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(Date.UTC(2026, 11, 6, 12, 0, 5)).toUTCString(), Date.UTC(2026, 11, 6, 12, 0, 0))).toBe(5000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('DIRECTORY_FEEDS on the server', () => {
  it('reads the feeds and the refresh interval from the environment', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).directory).toEqual({ feeds: [], refreshHours: 24 });
    expect(loadConfig({ NODE_ENV: 'test', DIRECTORY_FEEDS: 'https://a.example/api, https://b.example/v2', DIRECTORY_REFRESH_HOURS: '6' }).directory).toEqual({ feeds: ['https://a.example/api', 'https://b.example/v2'], refreshHours: 6 });
    expect(() => loadConfig({ NODE_ENV: 'test', DIRECTORY_FEEDS: 'not a url' })).toThrow(/DIRECTORY_FEEDS is invalid/);
  });

  it('refreshes each feed in turn, logs a feed that fails and carries on', async () => {
    const temp = await openTempStores();
    const fake = await startFakeOruk([structuredClone(hsds3)]);
    const logged: string[] = [];
    const logger = { info: (o: { event: string }) => logged.push(o.event), warn: (o: { event: string }) => logged.push(o.event) } as unknown as Logger;
    try {
      const refresher = new FeedRefresher({ directory: temp.stores.directory, feeds: ['http://127.0.0.1:9/api', fake.url], refreshHours: 24, logger, sync: { maxAttempts: 1, sleep: async () => undefined } });
      const reports = await refresher.runOnce();
      expect(reports.map((r) => r.inserted)).toEqual([1]);
      expect(logged).toEqual(['directory-feed-failed', 'directory-feed-synced']);
      refresher.start();
      await refresher.stop();
    } finally {
      await fake.close();
      await temp.close();
    }
  });
});
