/**
 * `directline`: 200 web chat conversations at once, 10 turns each, through Signpost's own Direct Line (token, start,
 * a WebSocket stream per conversation, POST each message, wait for the bot's reply on the stream). Beside it, in the
 * same run and against the same server process, the same turns posted straight to /api/messages with expectReplies.
 * Reports turns/s, p50/p99 per turn, errors and order violations (activities on a stream out of watermark order, a
 * reply before its message, or a stream that differs from the stored conversation); either above 0 fails the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { projectPath } from '../src/paths';
import { startChildServer } from './childServer';
import { REFERRAL_SCRIPT } from './turn';
import { percentile, type Bench, type BenchFigure } from './types';

/** Every chat of a bench comes from this one address: the per-address limit on new chats is raised out of the way. */
const BENCH_TOKENS = '100000000';

const CONVERSATIONS = Number(process.env.BENCH_DL_CONVERSATIONS ?? 200);
const TURNS = Number(process.env.BENCH_DL_TURNS ?? 10);
const REPLY_TIMEOUT_MS = 30_000;

interface StreamedActivity {
  id: string;
  type: string;
  replyToId?: string;
  from: { role?: string };
}

interface Run {
  turns: number;
  seconds: number;
  latenciesMs: number[];
  errors: number;
  orderViolations: number;
}

const watermarkOf = (id: string): number => Number(id.split('|')[1]);

async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** One web chat: start, stream, and `turns` messages, each waiting for the bot's reply on the stream. */
async function webChatConversation(baseUrl: string, turns: number, run: Run): Promise<void> {
  const dl = `${baseUrl}/v3/directline`;
  const generated = await postJson(`${dl}/tokens/generate`, {});
  const started = await postJson(`${dl}/conversations`, { locale: 'en-GB' }, generated.json.token as string);
  if (started.status !== 201) throw new Error(`start answered ${started.status}`);
  const { conversationId, token, streamUrl } = started.json as { conversationId: string; token: string; streamUrl: string };

  const streamed: StreamedActivity[] = [];
  const waiting = new Map<string, () => void>();
  const ws = new WebSocket(streamUrl);
  let lastWatermark = 0;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { activities: StreamedActivity[]; watermark?: string };
    for (const activity of frame.activities) {
      if (!activity.id) continue;
      const watermark = watermarkOf(activity.id);
      if (watermark !== lastWatermark + 1) run.orderViolations += 1;
      lastWatermark = watermark;
      if (activity.replyToId && !streamed.some((a) => a.id === activity.replyToId)) run.orderViolations += 1; // reply before its message
      streamed.push(activity);
      if (activity.from.role === 'bot' && activity.replyToId) waiting.get(activity.replyToId)?.();
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  try {
    for (let turn = 0; turn < turns; turn += 1) {
      const started = performance.now();
      const text = REFERRAL_SCRIPT[turn % REFERRAL_SCRIPT.length];
      const replied = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no reply on the stream')), REPLY_TIMEOUT_MS);
        const posted = postJson(`${dl}/conversations/${conversationId}/activities`, { type: 'message', text, from: { id: 'bench' } }, token);
        posted.then(({ status, json }) => {
          if (status !== 200) return reject(new Error(`post answered ${status}`));
          const id = json.id as string;
          const done = () => {
            clearTimeout(timer);
            waiting.delete(id);
            resolve();
          };
          if (streamed.some((a) => a.from.role === 'bot' && a.replyToId === id)) done();
          else waiting.set(id, done);
        }, reject);
      });
      try {
        await replied;
        run.latenciesMs.push(performance.now() - started);
        run.turns += 1;
      } catch {
        run.errors += 1;
      }
    }
    // What the stream delivered is exactly the stored conversation, in order.
    const res = await fetch(`${dl}/conversations/${conversationId}/activities?watermark=0`, { headers: { authorization: `Bearer ${token}` } });
    const stored = ((await res.json()) as { activities: StreamedActivity[] }).activities.map((a) => a.id);
    const seen = streamed.map((a) => a.id);
    if (stored.length !== seen.length || stored.some((id, i) => id !== seen[i])) run.orderViolations += 1;
  } finally {
    ws.close();
  }
}

/** The baseline: the same turns straight to /api/messages, replies in the HTTP response. */
async function expectRepliesConversation(baseUrl: string, index: number, turns: number, run: Run): Promise<void> {
  const conversationId = `bench-er-${process.pid}-${index}`;
  for (let turn = 0; turn < turns; turn += 1) {
    const started = performance.now();
    const { status, json } = await postJson(`${baseUrl}/api/messages`, {
      type: 'message', channelId: 'emulator', serviceUrl: 'http://127.0.0.1:1', deliveryMode: 'expectReplies', locale: 'en-GB',
      conversation: { id: conversationId }, from: { id: `user-${conversationId}`, role: 'user' }, recipient: { id: 'signpost', role: 'bot' },
      text: REFERRAL_SCRIPT[turn % REFERRAL_SCRIPT.length],
    });
    if (status === 200 && Array.isArray(json.activities) && json.activities.length > 0) {
      run.latenciesMs.push(performance.now() - started);
      run.turns += 1;
    } else {
      run.errors += 1;
    }
  }
}

async function measure(conversations: number, one: (index: number, run: Run) => Promise<void>): Promise<Run> {
  const run: Run = { turns: 0, seconds: 0, latenciesMs: [], errors: 0, orderViolations: 0 };
  const started = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: conversations }, (_, i) => one(i, run)));
  run.errors += outcomes.filter((o) => o.status === 'rejected').length;
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

export const directLineBench: Bench = {
  name: 'directline',
  description: `web chat over Signpost's Direct Line (WebSocket), ${CONVERSATIONS} conversations x ${TURNS} turns, beside /api/messages with expectReplies`,
  async run(): Promise<BenchFigure[]> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signpost-bench-dl-'));
    const server = await startChildServer(projectPath('dist', 'src', 'index.js'), { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SIGNPOST_DATA_DIR: dataDir, WEBCHAT_TOKENS_PER_ADDRESS: BENCH_TOKENS });
    try {
      const base = server.baseUrl;
      await measure(20, (_i, run) => webChatConversation(base, 3, run)); // warm-up
      await measure(20, (i, run) => expectRepliesConversation(base, 10_000 + i, 3, run));
      const direct = await measure(CONVERSATIONS, (i, run) => expectRepliesConversation(base, i, TURNS, run));
      const webChat = await measure(CONVERSATIONS, (_i, run) => webChatConversation(base, TURNS, run));
      const rate = (r: Run) => r.turns / r.seconds;
      const baseline = (label: string, value: number, unit: string) => ({ label: `/api/messages expectReplies ${label}`, value, unit });
      return [
        { key: 'directLineTurnsPerSec', label: 'Direct Line turns/s', value: rate(webChat), unit: 'turns/s', baseline: baseline('turns/s', rate(direct), 'turns/s') },
        { key: 'directLineP50Ms', label: 'Direct Line turn p50', value: percentile(webChat.latenciesMs, 50), unit: 'ms', baseline: baseline('p50', percentile(direct.latenciesMs, 50), 'ms') },
        { key: 'directLineP99Ms', label: 'Direct Line turn p99', value: percentile(webChat.latenciesMs, 99), unit: 'ms', baseline: baseline('p99', percentile(direct.latenciesMs, 99), 'ms') },
        { key: 'directLineErrors', label: 'Direct Line errors (must be 0)', value: webChat.errors, unit: 'count', baseline: baseline('errors', direct.errors, 'count'), max: 0 },
        { key: 'directLineOrderViolations', label: 'Direct Line order violations (must be 0)', value: webChat.orderViolations, unit: 'count', max: 0 },
        { key: 'directLineTurns', label: 'Direct Line turns completed', value: webChat.turns, unit: 'turns', baseline: baseline('turns', direct.turns, 'turns') },
      ];
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
