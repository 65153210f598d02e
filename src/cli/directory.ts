/**
 * `signpost directory import <file>` and `signpost directory match`: the community services directory in the
 * configured store (SIGNPOST_DATA_DIR or MONGODB_URI). Plain text for people, --json for programs.
 */
import { SingleBar, Presets } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, loadDotEnvFile } from '../config';
import { openStores } from '../storage';
import type { Stores } from '../storage/Stores';
import { ensureDefaultDirectory, importBundledDirectory } from '../services/directory/defaultDirectory';
import { importDirectoryFile, type ImportFormat, type ImportReport } from '../services/directory/import/importDirectory';
import { renderImportReport } from '../services/directory/import/renderReport';
import { TaxonomyMap } from '../services/directory/import/taxonomyMap';
import { findMatches } from '../services/directory/findMatches';
import type { MatchResult } from '../services/directory/matching/matchServices';
import { firstAddress } from '../services/directory/present/contact';
import { FeedError, renderSyncReport, syncFeed } from '../services/directory/sync/syncFeed';
import { bundledGeography, type Place } from '../services/geography/Geography';
import { isNeedId, NEED_IDS } from '../services/needs/taxonomy';

async function withStores<T>(work: (stores: Stores) => Promise<T>): Promise<T> {
  loadDotEnvFile();
  const stores = await openStores(loadConfig());
  try {
    return await work(stores);
  } finally {
    await stores.close();
  }
}

function parseFormat(value: string): ImportFormat {
  if (value !== 'oruk' && value !== 'csv') throw new InvalidArgumentError('use oruk or csv');
  return value;
}

function parseNeeds(value: string): string[] {
  const needs = value.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = needs.filter((n) => !isNeedId(n));
  if (needs.length === 0) throw new InvalidArgumentError(`name at least one need: ${NEED_IDS.join(', ')}`);
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown need ${unknown.join(', ')}; the needs are ${NEED_IDS.join(', ')}`);
  return [...new Set(needs)];
}

function parseAgeOption(value: string): number {
  const age = Number(value);
  if (!Number.isInteger(age) || age < 0 || age > 120) throw new InvalidArgumentError('a whole number of years, 0 to 120');
  return age;
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of at least 1');
  return n;
}

/** A progress bar on stderr: shown on a terminal, or always with --progress; never with --no-progress or --json. */
function progressBar(show: boolean, format = 'importing [{bar}] {percentage}% | {value}/{total} records'): { update(done: number, total: number): void; stop(): void } {
  if (!show) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ stream: process.stderr, noTTYOutput: !process.stderr.isTTY, notTTYSchedule: 200, format, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** What `directory match --json` prints for each result. */
export function matchAsJson(result: MatchResult): Record<string, unknown> {
  const { service } = result;
  return {
    id: service.id,
    name: service.name,
    needs: service.needs,
    needsMet: result.needsMet,
    distanceMiles: result.distanceMiles,
    reasons: result.reasons,
    contact: {
      phone: service.phone ?? null,
      url: service.url ?? null,
      email: service.email ?? null,
      address: firstAddress(service) ?? null,
    },
  };
}

export function registerDirectory(program: Command): void {
  const directory = program.command('directory').description('the community services directory: import Open Referral UK or CSV, match services to needs');

  directory
    .command('import [file]')
    .description('import services from Open Referral UK JSON or CSV (re-importing updates, never duplicates); prints a report')
    .option('--format <format>', 'oruk or csv (default: from the file extension)', parseFormat)
    .option('--dataset <name>', 'short name of the source, used in service ids (default: the file name)')
    .option('--licence <text>', 'the licence the data is published under', 'unknown')
    .option('--map <file>', 'taxonomy term to need mapping (default: data/directory/taxonomy-map.json)')
    .option('--bundled', 'import the bundled default directory (data/directory/manifest.json) instead of a file')
    .option('--json', 'print the report as JSON')
    .option('--progress', 'always show the progress bar (default: on a terminal only)')
    .option('--no-progress', 'never show the progress bar')
    .action(async (file: string | undefined, options: { format?: ImportFormat; dataset?: string; licence: string; map?: string; bundled?: boolean; json?: boolean; progress?: boolean }) => {
      if (!file && !options.bundled) throw new Error('say which file to import, or --bundled for the bundled directory');
      const taxonomy = TaxonomyMap.fromFile(options.map);
      const reports: ImportReport[] = await withStores(async (stores) => {
        if (options.bundled) return importBundledDirectory(stores.directory, { taxonomy });
        const bar = progressBar(!options.json && (options.progress ?? process.stderr.isTTY));
        try {
          return [await importDirectoryFile(stores.directory, file as string, { format: options.format, dataset: options.dataset, licence: options.licence, taxonomy, onProgress: (done, total) => bar.update(done, total) })];
        } finally {
          bar.stop();
        }
      });
      if (options.json) process.stdout.write(`${JSON.stringify(options.bundled ? reports : reports[0], null, 2)}\n`);
      else process.stdout.write(`${reports.map((r) => renderImportReport(r)).join('\n\n')}\n`);
    });

  directory
    .command('sync <url>')
    .description('bring the directory up to date with a live Open Referral UK API (v1 or HSDS 3.0 UK): pages through <url>/services, fetches each /services/{id}, updates what changed and makes services gone from the feed inactive')
    .option('--dataset <name>', 'short name of the feed, used in service ids (default: its host name)')
    .option('--licence <text>', 'the licence the feed is published under', 'unknown')
    .option('--map <file>', 'taxonomy term to need mapping (default: data/directory/taxonomy-map.json)')
    .option('--delay <ms>', 'pause between requests, in milliseconds', (v: string) => parseLimit(v), undefined)
    .option('--json', 'print the report as JSON')
    .option('--progress', 'always show the progress bar (default: on a terminal only)')
    .option('--no-progress', 'never show the progress bar')
    .action(async (url: string, options: { dataset?: string; licence: string; map?: string; delay?: number; json?: boolean; progress?: boolean }) => {
      const taxonomy = TaxonomyMap.fromFile(options.map);
      const show = !options.json && (options.progress ?? process.stderr.isTTY);
      const listing = progressBar(show, 'listing services | {value} found');
      const fetching = progressBar(show, 'fetching [{bar}] {percentage}% | {value}/{total} services');
      let stage: 'listing' | 'fetching' = 'listing';
      const report = await withStores(async (stores) => {
        try {
          return await syncFeed(stores.directory, {
            baseUrl: url, dataset: options.dataset, licence: options.licence, taxonomy, delayMs: options.delay,
            onProgress: (done, total, now) => {
              if (now !== stage) {
                listing.stop();
                stage = now;
              }
              (now === 'listing' ? listing : fetching).update(done, total);
            },
          });
        } catch (error) {
          if (error instanceof FeedError) throw new Error(`could not read the feed: ${error.message}`);
          throw error;
        } finally {
          listing.stop();
          fetching.stop();
        }
      });
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderSyncReport(report)}\n`);
    });

  directory
    .command('match')
    .description('the services that best match needs (and a postcode), best first, each with its reasons (an empty store gets the bundled directory first, as at server start)')
    .requiredOption('--needs <ids>', `comma-separated need ids: ${NEED_IDS.join(', ')}`, parseNeeds)
    .option('--postcode <postcode>', 'a UK postcode or its first half (district), e.g. "BS16 1QY" or BS16')
    .option('--age <years>', 'leave out services whose age limits exclude this age', parseAgeOption)
    .option('--online', 'only services people can use from home (online or by phone)')
    .option('--near', 'only in-person services within 3 miles (needs --postcode)')
    .option('--free', 'only services whose record says they are free')
    .option('--limit <n>', 'how many to show (default 10)', parseLimit, 10)
    .option('--json', 'print a JSON array of { id, name, needs, distanceMiles, reasons, contact }')
    .action(async (options: { needs: string[]; postcode?: string; age?: number; online?: boolean; near?: boolean; free?: boolean; limit: number; json?: boolean }) => {
      const geography = bundledGeography();
      let origin: Place | undefined;
      if (options.postcode !== undefined) {
        const located = geography.locate(options.postcode);
        if (located.status === 'found') origin = located.place;
        else if (located.status === 'unknown') throw new Error(`${located.district} is not a postcode district Signpost knows (retired, non-geographic, or mistyped)`);
        else throw new Error(`"${options.postcode}" does not look like a UK postcode: try "BS16 1QY" or BS16`);
      }
      if (options.near && !origin) throw new Error('--near needs --postcode');
      const results = await withStores(async (stores) => {
        // Like the server: a store with no services gets the bundled directory first.
        await ensureDefaultDirectory(stores.directory);
        return findMatches(stores.directory, {
          needs: options.needs,
          origin,
          age: options.age,
          filters: { remoteOnly: options.online, nearMe: options.near, freeOnly: options.free },
          now: new Date(),
          limit: options.limit,
        }, geography);
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(results.map(matchAsJson), null, 2)}\n`);
        return;
      }
      if (results.length === 0) {
        process.stdout.write(`no services match ${options.needs.join(', ')}${origin ? ` within reach of ${origin.label}` : ''}\n`);
        return;
      }
      // Loaded here: it brings the Bot Framework (for the web chat's cards), which no other directory command needs.
      const { serviceAsText } = require('../services/directory/present/serviceCards') as typeof import('../services/directory/present/serviceCards');
      process.stdout.write(`${results.map((r, i) => `${serviceAsText(r, i + 1)}\nid ${r.service.id}`).join('\n\n')}\n`);
    });
}
