/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self time by function, and every sample
 * put in one component of a turn (storage, NLU, safety, dialogs, the adapter, HTTP, logging...) by the nearest frame
 * on its stack that belongs to one (node's own frames count for their caller). Only samples inside a time window count, so start-up is left out.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Components of a turn, tried from the leaf of a stack upwards: the first that matches a frame takes the sample. */
export const COMPONENTS: { name: string; test: (url: string, fn: string) => boolean }[] = [
  { name: 'idle', test: (url, fn) => url === '' && (fn === '(idle)' || fn === '(program)') },
  { name: 'garbage collection', test: (url, fn) => url === '' && fn === '(garbage collector)' },
  { name: 'storage: nedb', test: (url) => url.includes('/node_modules/@seald-io/nedb/') },
  { name: 'storage: Signpost adapters', test: (url) => url.includes('/src/storage/') },
  { name: 'NLU: NLP.js', test: (url) => url.includes('/node_modules/@nlpjs/') },
  { name: 'NLU: Signpost recognizer', test: (url) => url.includes('/src/services/nlu/') },
  { name: 'safety', test: (url) => url.includes('/src/services/safety/') },
  { name: 'activity validation (zod)', test: (url) => url.includes('/node_modules/zod/') },
  { name: 'logging (pino)', test: (url) => /\/node_modules\/(pino|pino-std-serializers|fast-redact|sonic-boom|@pinojs)\//.test(url) },
  { name: 'dialogs: botbuilder-dialogs', test: (url) => url.includes('/node_modules/botbuilder-dialogs/') },
  { name: 'dialogs: Signpost', test: (url) => url.includes('/src/dialogs/') },
  { name: 'services: directory, referrals, content...', test: (url) => url.includes('/src/services/') },
  { name: 'bot: Signpost (routing, transcript)', test: (url) => url.includes('/src/bots/') },
  { name: 'adapter: botbuilder (CloudAdapter, state, connector)', test: (url) => /\/node_modules\/(botbuilder|botbuilder-core|botframework-connector|botframework-schema|@azure|botframework-streaming|jsonwebtoken|axios|uuid)\//.test(url) },
  { name: 'HTTP: restify', test: (url) => /\/node_modules\/(restify|find-my-way|formidable|send|mime|csv|lru-cache|negotiator|spdy)\//.test(url) },
  { name: 'Signpost: channels, server, app', test: (url) => url.includes('/src/') },
];

/** Samples with nothing but node's own frames on the stack. */
export const NODE_ITSELF = 'node: http parser, fs and timer callbacks';

export interface ProfileSummary {
  /** Milliseconds sampled inside the window. */
  totalMs: number;
  /** Milliseconds not idle. */
  busyMs: number;
  components: { name: string; ms: number }[];
  functions: { name: string; where: string; ms: number }[];
}

export function readCpuProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

/** Sums the samples taken between fromUs and toUs (the profile's microsecond clock, CLOCK_MONOTONIC on Linux). */
export function summarise(profile: CpuProfile, fromUs = -Infinity, toUs = Infinity, top = 40): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Node's own frames (http, streams, fs, crypto, natives) count for whoever called them; only a stack of nothing
  // else (an fs callback, the HTTP parser) is put down to node itself.
  const nodeOwn = (url: string): boolean => url === '' || url.startsWith('node:');
  const componentOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = componentOf.get(id);
    if (known) return known;
    const leaf = byId.get(id)!.callFrame;
    let name = COMPONENTS.slice(0, 2).find((c) => c.test(leaf.url, leaf.functionName))?.name;
    for (let at: number | undefined = id; !name && at !== undefined; at = parent.get(at)) {
      const { url, functionName } = byId.get(at)!.callFrame;
      if (!nodeOwn(url)) name = COMPONENTS.find((c) => c.test(url, functionName))?.name;
    }
    name ??= NODE_ITSELF;
    componentOf.set(id, name);
    return name;
  };

  const components = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; ms: number }>();
  let t = profile.startTime;
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    const next = profile.timeDeltas[i + 1] ?? 0;
    if (t < fromUs || t > toUs) return;
    const ms = next / 1000;
    totalMs += ms;
    const component = classify(id);
    components.set(component, (components.get(component) ?? 0) + ms);
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const entry = functions.get(key) ?? { name: functionName || '(anonymous)', where, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
  });
  const idleMs = components.get('idle') ?? 0;
  return {
    totalMs,
    busyMs: totalMs - idleMs,
    components: [...components].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms),
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms).slice(0, top),
  };
}

function shortUrl(url: string): string {
  const i = url.lastIndexOf('/node_modules/');
  if (i >= 0) return url.slice(i + '/node_modules/'.length);
  const s = url.indexOf('/dist/');
  return s >= 0 ? url.slice(s + '/dist/'.length) : url.replace(/^file:\/\//, '');
}
