/**
 * Keeps the directory in step with a live Open Referral UK API (`signpost directory sync <base URL>`, and
 * DIRECTORY_FEEDS on the server):
 * 1. pages through `<base>/services` (ORUK v1 as Open Place publishes it: {content, totalPages, last}; HSDS 3.0 UK
 *    profile: {contents, total_pages, last_page}), collecting each service's id;
 * 2. fetches each full record from `<base>/services/{id}` (list records lack locations, contacts, taxonomy and
 *    schedules), one at a time, politely;
 * 3. reads it as `signpost directory import` would (orukReader + finishService), and writes only what changed;
 * 4. marks services of this feed that are gone from it, or no longer active, as inactive (`active: false`: kept for
 *    history and referrals that name them, never matched). A service that comes back is active again.
 * A link worker's mark on a service is kept across syncs.
 *
 * Rate limits and failures: a 429 waits for Retry-After (seconds or an HTTP date, at most maxWaitMs) and tries again;
 * a network error or 5xx tries again after 1 s, 2 s, 4 s...; after maxAttempts the service is reported as failed and
 * left as it was (a failed fetch never deactivates anything). A listing that fails stops the sync before anything is
 * deactivated, so a feed that is down never empties the directory.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DirectoryRepository, DirectoryService } from '../DirectoryService';
import { draftFromOruk } from '../import/orukReader';
import { finishService } from '../import/serviceDraft';
import { TaxonomyMap } from '../import/taxonomyMap';
import { isObject, text, type Json } from '../import/values';

export interface SyncOptions {
  /** The API's base URL, e.g. https://bristol.openplace.directory/o/ServiceDirectoryService/v2 */
  baseUrl: string;
  /** Short name used in ids (`<dataset>:<service id>`); default: the feed's host name. */
  dataset?: string;
  licence?: string;
  taxonomy?: TaxonomyMap;
  now?: Date;
  /** Services asked for per page (sent as per_page and size). */
  pageSize?: number;
  maxAttempts?: number;
  /** The longest wait for one Retry-After. */
  maxWaitMs?: number;
  /** A pause between requests, to be gentle with small councils' servers. */
  delayMs?: number;
  /** Stop after this many pages (a safety net against a feed that never says it is on its last page). */
  maxPages?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (done: number, total: number, stage: 'listing' | 'fetching') => void;
}

export interface SyncReport {
  baseUrl: string;
  dataset: string;
  /** Services the listing named. */
  listed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Made inactive: gone from the feed, or no longer active in it. */
  deactivated: string[];
  /** Fetched but not usable (no name, no way to reach it...). */
  skipped: { id: string; reason: string }[];
  /** Could not be fetched after every attempt: left as they were. */
  failed: { id: string; reason: string }[];
  /** Imported, with something left out or worth checking. */
  warnings: { id: string; reason: string }[];
  /** Times the feed said "too many requests", and retries of any kind. */
  rateLimited: number;
  retries: number;
}

export class FeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedError';
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** "bristol.openplace.directory" for its API URL. */
export function datasetFromUrl(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname.toLowerCase().replace(/[^a-z0-9.]+/g, '_') || 'feed';
  } catch {
    throw new FeedError(`"${baseUrl}" is not a web address: give the API's base URL, e.g. https://example.org/api`);
  }
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface Fetcher {
  json(url: string): Promise<unknown>;
  rateLimited: number;
  retries: number;
}

function fetcher(options: SyncOptions): Fetcher {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  const state = { rateLimited: 0, retries: 0 };
  return Object.assign(state, {
    async json(url: string): Promise<unknown> {
      let lastProblem = '';
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        if (options.delayMs) await sleep(options.delayMs);
        let wait = 1000 * 2 ** (attempt - 1);
        try {
          const response = await doFetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
          if (response.ok) {
            try {
              return await response.json();
            } catch {
              throw new FeedError(`${url} did not answer with JSON`);
            }
          }
          lastProblem = `HTTP ${response.status}`;
          if (response.status === 429) {
            state.rateLimited += 1;
            wait = Math.min(maxWaitMs, retryAfterMs(response.headers.get('retry-after')) ?? wait);
          } else if (response.status < 500) {
            throw new FeedError(`${url} answered ${response.status}`);
          }
        } catch (error) {
          if (error instanceof FeedError) throw error;
          lastProblem = (error as Error).message;
        }
        if (attempt < maxAttempts) {
          state.retries += 1;
          await sleep(wait);
        }
      }
      throw new FeedError(`${url}: ${lastProblem} after ${maxAttempts} attempts`);
    },
  });
}

/** The records and whether this is the last page, for both page shapes. */
function readPage(page: unknown, pageNumber: number): { items: Json[]; last: boolean } {
  if (Array.isArray(page)) return { items: page.filter(isObject), last: true };
  if (!isObject(page)) throw new FeedError(`page ${pageNumber} is not a JSON object`);
  const list = [page.content, page.contents, page.items].find(Array.isArray) as unknown[] | undefined;
  if (!list) throw new FeedError(`page ${pageNumber} holds no services (no "content" or "contents")`);
  const items = list.filter(isObject);
  const totalPages = Number(page.totalPages ?? page.total_pages);
  const last = page.last === true || page.last_page === true || page.empty === true || items.length === 0
    || (Number.isFinite(totalPages) && pageNumber >= totalPages);
  return { items, last };
}

function join(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** A service as compared between syncs: everything the source decides (not when it was read, not the link worker's mark). */
function comparable(service: DirectoryService): unknown {
  const { updatedAt: _u, mark: _m, active: _a, ...rest } = service;
  return JSON.parse(JSON.stringify(rest));
}

/** Every service in the directory, page by page (the store caps a page). */
async function everyService(repository: DirectoryRepository): Promise<DirectoryService[]> {
  const all: DirectoryService[] = [];
  for (let offset = 0; ; offset += 10_000) {
    const page = await repository.search({ limit: 10_000, offset });
    all.push(...page);
    if (page.length < 10_000) return all;
  }
}

export async function syncFeed(repository: DirectoryRepository, options: SyncOptions): Promise<SyncReport> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const dataset = options.dataset ?? datasetFromUrl(baseUrl);
  const taxonomy = options.taxonomy ?? TaxonomyMap.fromFile();
  const now = options.now ?? new Date();
  const pageSize = options.pageSize ?? 50;
  const maxPages = options.maxPages ?? 10_000;
  const http = fetcher(options);
  const report: SyncReport = { baseUrl, dataset, listed: 0, inserted: 0, updated: 0, unchanged: 0, deactivated: [], skipped: [], failed: [], warnings: [], rateLimited: 0, retries: 0 };

  // 1. The listing: every id, page by page.
  const ids: string[] = [];
  const seenIds = new Set<string>();
  for (let pageNumber = 1; pageNumber <= maxPages; pageNumber++) {
    const url = `${join(baseUrl, 'services')}?page=${pageNumber}&per_page=${pageSize}&size=${pageSize}`;
    const { items, last } = readPage(await http.json(url), pageNumber);
    for (const item of items) {
      const id = text(item.id);
      if (id && !seenIds.has(id)) {
        seenIds.add(id);
        ids.push(id);
      }
    }
    options.onProgress?.(ids.length, ids.length, 'listing');
    if (last) break;
  }
  report.listed = ids.length;

  // 2-3. Each full record, compared with what the directory holds.
  const held = new Map((await everyService(repository)).filter((s) => s.source.dataset === dataset).map((s) => [s.id, s]));
  const current = new Set<string>();
  const toWrite: DirectoryService[] = [];
  const toDeactivate: string[] = [];
  for (const [index, id] of ids.entries()) {
    let record: unknown;
    try {
      record = await http.json(join(join(baseUrl, 'services'), encodeURIComponent(id)));
    } catch (error) {
      report.failed.push({ id, reason: (error as Error).message });
      current.add(`${dataset}:${id}`); // unknown: never deactivated for a failed fetch
      options.onProgress?.(index + 1, ids.length, 'fetching');
      continue;
    }
    const finished = finishService(draftFromOruk(record), { dataset, licence: options.licence ?? 'unknown', taxonomy, now });
    const serviceId = finished.ok ? finished.service.id : `${dataset}:${text(isObject(record) ? record.id : undefined) ?? id}`;
    if (!finished.ok) {
      report.skipped.push({ id, reason: finished.reason });
      if (held.has(serviceId) && held.get(serviceId)?.active !== false) toDeactivate.push(serviceId);
      current.add(serviceId);
    } else {
      current.add(serviceId);
      for (const warning of finished.warnings) report.warnings.push({ id, reason: warning });
      const before = held.get(serviceId);
      const service: DirectoryService = { ...finished.service, ...(before?.mark ? { mark: before.mark } : {}) };
      if (!before) {
        toWrite.push(service);
        report.inserted += 1;
      } else if (before.active === false || !isDeepStrictEqual(comparable(before), comparable(service))) {
        toWrite.push(service);
        report.updated += 1;
      } else {
        report.unchanged += 1;
      }
    }
    if (toWrite.length >= 200) await repository.upsertMany(toWrite.splice(0));
    options.onProgress?.(index + 1, ids.length, 'fetching');
  }
  if (toWrite.length > 0) await repository.upsertMany(toWrite);

  // 4. Gone from the feed: inactive.
  for (const [id, service] of held) {
    if (!current.has(id) && service.active !== false) toDeactivate.push(id);
  }
  for (const id of toDeactivate) await repository.update(id, { active: false, updatedAt: now });
  report.deactivated = toDeactivate;
  report.rateLimited = http.rateLimited;
  report.retries = http.retries;
  return report;
}

/** The report as plain text for a person. */
export function renderSyncReport(report: SyncReport, limit = 20): string {
  const lines = [
    `${report.baseUrl} (dataset "${report.dataset}")`,
    `listed ${report.listed}: ${report.inserted} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.deactivated.length} made inactive, ${report.skipped.length} skipped, ${report.failed.length} could not be fetched`,
  ];
  if (report.rateLimited > 0 || report.retries > 0) lines.push(`the feed asked us to slow down ${report.rateLimited} times; ${report.retries} requests were tried again`);
  const section = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    lines.push('', `${title}:`, ...items.slice(0, limit).map((i) => `  ${i}`));
    if (items.length > limit) lines.push(`  ... and ${items.length - limit} more (use --json for all)`);
  };
  section('made inactive (gone from the feed, or no longer active in it)', report.deactivated);
  section('could not be fetched (left as they were)', report.failed.map((f) => `${f.id}: ${f.reason}`));
  section('skipped', report.skipped.map((s) => `${s.id}: ${s.reason}`));
  section('warnings', report.warnings.map((w) => `${w.id}: ${w.reason}`));
  return lines.join('\n');
}
