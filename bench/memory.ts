/**
 * `memory`: the server's resident memory (RSS, from /proc) with 1 000 live web chats (BENCH_MEMORY_CONVERSATIONS):
 * each one a Direct Line conversation on Signpost's own Direct Line with its WebSocket stream open and a few turns of
 * a self-referral behind it, as 1 000 people with the chat page open would hold. The server runs in its own process
 * on the embedded store. Beside it, in the same run and the same process: its RSS idle, just started, before any
 * conversation. Also reported: what each conversation adds (measured from a warmed-up server, so the one-off cost of
 * the first turns is not counted), and what stays once every stream has closed (the embedded store keeps its data in
 * memory, so conversations that have ended still count). RSS also counts memory V8 took while busy and keeps, so a
 * second server, started with servers/heapOnSignal.ts preloaded, takes the same chats and reports its heap after a
 * full garbage collection: what each chat really keeps (the first server is left alone, as forced collections would
 * change its RSS).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { projectPath } from '../src/paths';
import { startChildServer, type ChildServer } from './childServer';
import { REFERRAL_SCRIPT } from './turn';
import type { Bench, BenchFigure } from './types';

/** Every chat of a bench comes from this one address: the per-address limit on new chats is raised out of the way. */
const BENCH_TOKENS = '100000000';

/** Read at each run, so tests can make it small. */
const conversations = (): number => Number(process.env.BENCH_MEMORY_CONVERSATIONS ?? 1000);
const turns = (): number => Number(process.env.BENCH_MEMORY_TURNS ?? 3);
const WARM_UP = 20;
/** Conversations started at once (the rest wait their turn), so the load itself does not inflate the figure. */
const AT_ONCE = 50;
const MB = 1024 * 1024;

async function postJson(url: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

/** One web chat: started, its stream open (and left open), and `turns` messages, each answered. */
async function liveWebChat(baseUrl: string, turns: number): Promise<WebSocket> {
  const dl = `${baseUrl}/v3/directline`;
  const generated = await postJson(`${dl}/tokens/generate`, {});
  const started = await postJson(`${dl}/conversations`, { locale: 'en-GB' }, generated.token as string);
  const { conversationId, token, streamUrl } = started as { conversationId: string; token: string; streamUrl: string };
  const ws = new WebSocket(streamUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('message', () => undefined);
  for (let turn = 0; turn < turns; turn += 1) {
    // A post resolves once its turn is over: the bot's replies are in the conversation (and on the stream) by then.
    await postJson(`${dl}/conversations/${conversationId}/activities`, { type: 'message', text: REFERRAL_SCRIPT[turn % REFERRAL_SCRIPT.length], from: { id: 'bench' } }, token);
  }
  return ws;
}

async function openChats(baseUrl: string, count: number, sockets: WebSocket[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(AT_ONCE, count) }, async () => {
      while (next < count) {
        next += 1;
        sockets.push(await liveWebChat(baseUrl, turns()));
      }
    }),
  );
}

/** The server's heap in use after a full garbage collection, in bytes (servers/heapOnSignal.ts writes it). */
async function heapAfterGc(server: ChildServer, reportFile: string): Promise<number> {
  if (existsSync(reportFile)) unlinkSync(reportFile);
  server.process.kill('SIGUSR2');
  for (let i = 0; i < 100; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (existsSync(reportFile)) return (JSON.parse(readFileSync(reportFile, 'utf8')) as NodeJS.MemoryUsage).heapUsed;
  }
  throw new Error('the server did not report its heap');
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(sockets.map((ws) => new Promise<void>((resolve) => {
    ws.once('close', () => resolve());
    ws.close();
  })));
}

/** The heap a warmed-up server keeps, after GC, with the chats open and once they have closed. */
async function heapWithChats(): Promise<{ warm: number; live: number; closed: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signpost-bench-heap-'));
  const report = path.join(dataDir, 'heap.json');
  const server = await startChildServer(
    projectPath('dist', 'src', 'index.js'),
    { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SIGNPOST_DATA_DIR: dataDir, WEBCHAT_TOKENS_PER_ADDRESS: BENCH_TOKENS, HEAP_REPORT_FILE: report },
    undefined,
    ['--expose-gc', '--require', projectPath('dist', 'bench', 'servers', 'heapOnSignal.js')],
  );
  const sockets: WebSocket[] = [];
  try {
    await openChats(server.baseUrl, WARM_UP, sockets);
    const warm = await heapAfterGc(server, report);
    await openChats(server.baseUrl, conversations() - WARM_UP, sockets);
    const live = await heapAfterGc(server, report);
    await closeAll(sockets);
    const closed = await heapAfterGc(server, report);
    return { warm, live, closed };
  } finally {
    for (const ws of sockets) ws.terminate();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** RSS once the process has been quiet for a moment: the median of a few samples. */
async function settledRss(server: ChildServer): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const samples: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    samples.push(server.rssBytes());
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return samples.sort((a, b) => a - b)[2];
}

/** The server's RSS idle, warmed up, with the chats open and once they have closed. */
async function rssWithChats(): Promise<{ idle: number; warm: number; live: number; closed: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signpost-bench-memory-'));
  const server = await startChildServer(projectPath('dist', 'src', 'index.js'), { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SIGNPOST_DATA_DIR: dataDir, WEBCHAT_TOKENS_PER_ADDRESS: BENCH_TOKENS });
  const sockets: WebSocket[] = [];
  try {
    const idle = await settledRss(server);
    await openChats(server.baseUrl, WARM_UP, sockets);
    const warm = await settledRss(server);
    await openChats(server.baseUrl, conversations() - WARM_UP, sockets);
    if (sockets.length !== conversations()) throw new Error(`only ${sockets.length} web chats started`);
    const live = await settledRss(server);
    await closeAll(sockets);
    const closed = await settledRss(server);
    return { idle, warm, live, closed };
  } finally {
    for (const ws of sockets) ws.terminate();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const memoryBench: Bench = {
  name: 'memory',
  get description() {
    return `server RSS with ${conversations()} live web chats (stream open, ${turns()} turns each), beside the same process idle; the heap they keep`;
  },
  async run(): Promise<BenchFigure[]> {
    const rss = await rssWithChats();
    const heap = await heapWithChats();
    const perChat = (bytes: number): number => bytes / (conversations() - WARM_UP) / 1024;
    const idle = { label: 'RSS idle, just started', value: rss.idle / MB, unit: 'MB' };
    return [
      { key: 'memoryRssLiveMb', label: `RSS with ${conversations()} live web chats`, value: rss.live / MB, unit: 'MB', baseline: idle },
      { key: 'memoryPerConversationKb', label: 'RSS each live web chat adds (after warm-up)', value: perChat(rss.live - rss.warm), unit: 'KB' },
      {
        key: 'memoryHeapPerConversationKb', label: 'heap each live web chat keeps (after GC)', value: perChat(heap.live - heap.warm), unit: 'KB',
        baseline: { label: 'RSS each adds', value: perChat(rss.live - rss.warm), unit: 'KB' },
      },
      { key: 'memoryHeapPerClosedConversationKb', label: 'heap each chat keeps once its stream has closed', value: perChat(heap.closed - heap.warm), unit: 'KB' },
      { key: 'memoryRssStreamsClosedMb', label: `RSS once all ${conversations()} streams have closed`, value: rss.closed / MB, unit: 'MB', baseline: idle },
    ];
  },
};
