/**
 * `match`: ranking 10 000 services for a person (needs, postcode district, sometimes age and a filter), as the signpost
 * dialog and `signpost directory match` do on every request. The 10 000 are the bundled real directory scaled up:
 * jittered copies of each real service, placed around real postcode districts across the UK (seeded, so every run
 * ranks the same directory). Beside it, in the same run, the least any matcher must do: a plain filter by need.
 */
import { readBundledServices } from '../src/services/directory/defaultDirectory';
import type { DirectoryService } from '../src/services/directory/DirectoryService';
import { matchServices, type MatchQuery } from '../src/services/directory/matching/matchServices';
import { bundledGeography, type Place } from '../src/services/geography/Geography';
import { percentile, type Bench, type BenchFigure } from './types';

const SERVICES = 10_000;
const QUERIES = Number(process.env.BENCH_MATCH_QUERIES ?? 2000);
const WARM_UP = 200;

/** mulberry32: a small seeded PRNG, so the scaled directory and the queries are the same every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Jittered copies of the real services, each moved to a real district (within about 2 miles of its centre). */
export function scaledDirectory(count: number, random = seeded(6)): { services: DirectoryService[]; districts: Place[] } {
  const real = readBundledServices({ now: new Date('2025-01-01T00:00:00Z') }).filter((s) => s.needs.length > 0);
  const geography = bundledGeography();
  const districts = ['BS16', 'S6', 'G15', 'HP21', 'M14', 'LS6', 'NE6', 'CF24', 'B15', 'L8', 'SW9', 'E3', 'N17', 'PL4', 'NR2', 'EH11', 'BT9', 'LE2', 'NG7', 'SO14']
    .map((d) => geography.district(d))
    .filter((p): p is Place => p !== undefined);
  const services: DirectoryService[] = [];
  for (let i = 0; i < count; i++) {
    const base = real[i % real.length];
    const home = districts[Math.floor(random() * districts.length)];
    const jitter = (): number => (random() - 0.5) * 0.06;
    services.push({
      ...base,
      id: `${base.id}#${i}`,
      locations: base.locations.map((l) => ({ ...l, postcode: undefined, latitude: home.latitude + jitter(), longitude: home.longitude + jitter() })),
      // One in twenty serves everyone, as national helplines and online groups do.
      ...(i % 20 === 0 ? { coverage: 'national' as const, delivery: ['phone' as const], locations: [] } : {}),
    });
  }
  return { services, districts };
}

function queries(districts: Place[], needs: string[], random = seeded(7)): MatchQuery[] {
  return Array.from({ length: QUERIES + WARM_UP }, (_, i) => {
    const first = needs[Math.floor(random() * needs.length)];
    const second = needs[Math.floor(random() * needs.length)];
    return {
      needs: i % 3 === 0 ? [first, second] : [first],
      origin: i % 10 === 0 ? undefined : districts[Math.floor(random() * districts.length)],
      age: i % 4 === 0 ? 18 + Math.floor(random() * 70) : undefined,
      filters: i % 7 === 0 ? { nearMe: true } : i % 11 === 0 ? { remoteOnly: true } : {},
      now: new Date('2024-07-02T10:30:00Z'),
    };
  });
}

/** Milliseconds per query, after the warm-up queries (JIT). */
function time(all: MatchQuery[], work: (q: MatchQuery) => unknown): number[] {
  const times: number[] = [];
  all.forEach((q, i) => {
    const start = process.hrtime.bigint();
    work(q);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (i >= WARM_UP) times.push(ms);
  });
  return times;
}

export const matchBench: Bench = {
  name: 'match',
  description: `rank ${SERVICES} services (the bundled real directory, scaled) for ${QUERIES} people, beside a plain filter by need`,
  async run(): Promise<BenchFigure[]> {
    const geography = bundledGeography();
    const { services, districts } = scaledDirectory(SERVICES);
    const needs = [...new Set(services.flatMap((s) => s.needs))].sort();
    const all = queries(districts, needs);
    let found = 0;
    const filterTimes = time(all, (q) => {
      const wanted = new Set(q.needs);
      found += services.filter((s) => s.needs.some((n) => wanted.has(n))).length;
    });
    let matched = 0;
    const matchTimes = time(all, (q) => {
      matched += matchServices(services, q, geography).length;
    });
    const topTimes = time(all, (q) => matchServices(services, { ...q, limit: 3 }, geography));
    const filterBase = (p: number) => ({ label: `filter by need p${p}`, value: percentile(filterTimes, p), unit: 'ms' });
    return [
      { key: 'matchP50Ms', label: 'match 10k services p50', value: percentile(matchTimes, 50), unit: 'ms', baseline: filterBase(50) },
      { key: 'matchP99Ms', label: 'match 10k services p99', value: percentile(matchTimes, 99), unit: 'ms', baseline: filterBase(99) },
      { key: 'matchTop3P50Ms', label: 'match, top 3 only, p50', value: percentile(topTimes, 50), unit: 'ms', baseline: filterBase(50) },
      { key: 'matchTop3P99Ms', label: 'match, top 3 only, p99', value: percentile(topTimes, 99), unit: 'ms', baseline: filterBase(99) },
      { key: 'matchResultsPerQuery', label: 'results per person (mean)', value: matched / all.length, unit: 'services', baseline: { label: 'meeting a need (mean)', value: found / all.length, unit: 'services' } },
    ];
  },
};
