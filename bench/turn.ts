/**
 * `turn`: a full Signpost referral-dialog turn (safety + NLU + dialogs + persistent embedded state, and its log line
 * at the default level, info) over /api/messages with expectReplies, 50 concurrent conversations, beside a botbuilder
 * echo bot and a bare restify handler started in the same run; and beside a floor (servers/floorBot.ts: the echo bot
 * plus safety, the recognizer and the recent turns in embedded state, no conversation), which shows what the parts
 * every turn must have cost before any dialog runs. Each server runs in its own process; autocannon loads it from
 * this one.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectPath } from '../src/paths';
import { say } from '../src/services/content/messages';
import { startChildServer, type ChildServer } from './childServer';
import { benchRateLimit, benchSeconds, percentile, type Bench, type BenchFigure } from './types';

const CONNECTIONS = 50;

/** What a person types through a referral, over and over ("start over" closes the loop). */
export const REFERRAL_SCRIPT = [
  'hi', 'refer myself', 'yes', 'Sam', '12/03/1961', 'BS16 1QY', 'text', '07700 900123', 'skip',
  'seeing my grandchildren', "I'm lonely and behind on my rent", 'yes', '7', '6', 'skip', '4', 'yes', 'start over',
];

export interface Load {
  turnsPerSec: number;
  /** Turns answered in the run. */
  turns: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

function activity(conversationId: string, text: string): string {
  return JSON.stringify({
    type: 'message', channelId: 'emulator', serviceUrl: 'http://127.0.0.1:1', deliveryMode: 'expectReplies', locale: 'en-GB',
    conversation: { id: conversationId }, from: { id: `user-${conversationId}`, role: 'user' }, recipient: { id: 'signpost', role: 'bot' }, text,
  });
}

/**
 * 50 connections, each walking the script in one conversation of its own and then starting a new one. Each step is
 * its own autocannon request: autocannon clears a connection's context after the last request of the list, so one
 * pass through the list is one conversation. Replies that are the bot's apology (a failed turn answered 200) count as
 * errors.
 */
export async function loadMessages(baseUrl: string, script: string[], durationS = benchSeconds(), connections = CONNECTIONS): Promise<Load> {
  // Ids unique to this call: a warm-up's conversations must not carry on, out of step, in the measured run.
  const run = randomUUID().slice(0, 8);
  let next = 0;
  let apologies = 0;
  const apology = JSON.stringify(say('error.apology')).slice(1, -1);
  type Context = { conversationId?: string };
  const result = await autocannon({
    url: `${baseUrl}/api/messages`,
    connections,
    duration: durationS,
    ...benchRateLimit(),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: script.map((text) => ({
      setupRequest: (request: autocannon.Request, context: Context) => {
        context.conversationId ??= `bench-${run}-${next++}`;
        return { ...request, body: activity(context.conversationId, text) };
      },
      onResponse: (_status: number, body: string) => {
        if (body.includes(apology)) apologies += 1;
      },
    })),
  });
  return {
    turnsPerSec: result.requests.average,
    turns: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + apologies,
  };
}

/** A load on a server, with the CPU time (all its threads) it spent per turn: steadier than turns/s on a busy machine. */
async function measure(server: ChildServer, script: string[], warmedUp = (): void => undefined): Promise<Load & { cpuMsPerTurn: number }> {
  try {
    await loadMessages(server.baseUrl, script, 2); // warm-up: JIT, NLU caches, store files
    warmedUp();
    const cpuBefore = server.cpuMs();
    const load = await loadMessages(server.baseUrl, script);
    return { ...load, cpuMsPerTurn: (server.cpuMs() - cpuBefore) / load.turns };
  } finally {
    await server.stop();
  }
}

export const turnBench: Bench = {
  name: 'turn',
  get description() {
    return `Signpost referral turns vs echo bot, floor and bare restify, ${CONNECTIONS} conversations, ${benchSeconds()}s each`;
  },
  async run(): Promise<BenchFigure[]> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signpost-bench-'));
    try {
      const bare = await measure(await startChildServer(projectPath('dist', 'bench', 'servers', 'bareRestify.js'), {}), ['hi']);
      const echo = await measure(await startChildServer(projectPath('dist', 'bench', 'servers', 'echoBot.js'), {}), REFERRAL_SCRIPT);
      const floor = await measure(await startChildServer(projectPath('dist', 'bench', 'servers', 'floorBot.js'), { SIGNPOST_DATA_DIR: mkdtempSync(path.join(dataDir, 'floor-')) }), REFERRAL_SCRIPT);
      // How long each turn took inside Signpost (its "turn" log line: bot.run, from the first line of safety to the state
      // saved), beside the latency autocannon sees (which adds HTTP, queueing and the load generator's own delays).
      const inServer: number[] = [];
      const readTurnLog = (line: string): void => {
        if (!line.includes('"msg":"turn"')) return;
        const ms = (JSON.parse(line) as { ms?: number }).ms;
        if (typeof ms === 'number') inServer.push(ms);
      };
      const signpostServer = await startChildServer(projectPath('dist', 'src', 'index.js'), { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SIGNPOST_DATA_DIR: dataDir }, undefined, [], readTurnLog);
      const signpost = await measure(signpostServer, REFERRAL_SCRIPT, () => (inServer.length = 0));
      const echoBase = { label: 'echo bot', value: echo.turnsPerSec, unit: 'turns/s' };
      return [
        { key: 'bareRestifyPerSec', label: 'bare restify', value: bare.turnsPerSec, unit: 'req/s' },
        { key: 'echoTurnsPerSec', label: 'echo bot', value: echo.turnsPerSec, unit: 'turns/s', baseline: { label: 'bare restify', value: bare.turnsPerSec, unit: 'req/s' } },
        { key: 'signpostTurnsPerSec', label: 'Signpost turn', value: signpost.turnsPerSec, unit: 'turns/s', baseline: echoBase },
        { key: 'ratioToEcho', label: 'Signpost / echo turns/s', value: signpost.turnsPerSec / echo.turnsPerSec, unit: 'x' },
        { key: 'floorTurnsPerSec', label: 'floor: echo + safety, NLU, state', value: floor.turnsPerSec, unit: 'turns/s', baseline: echoBase },
        { key: 'floorRatioToEcho', label: 'floor / echo', value: floor.turnsPerSec / echo.turnsPerSec, unit: 'x' },
        { key: 'p50Ms', label: 'Signpost turn p50', value: signpost.p50Ms, unit: 'ms', baseline: { label: 'echo p50', value: echo.p50Ms, unit: 'ms' } },
        { key: 'p99Ms', label: 'Signpost turn p99', value: signpost.p99Ms, unit: 'ms', baseline: { label: 'echo p99', value: echo.p99Ms, unit: 'ms' } },
        { key: 'serverTurnP50Ms', label: 'Signpost turn p50 inside the server', value: percentile(inServer, 50), unit: 'ms' },
        { key: 'serverTurnP99Ms', label: 'Signpost turn p99 inside the server', value: percentile(inServer, 99), unit: 'ms' },
        // The turn goal (issue 22): a Signpost turn's server CPU within 1.5x the floor's, in one run.
        { key: 'signpostCpuMsPerTurn', label: 'Signpost CPU per turn', value: signpost.cpuMsPerTurn, unit: 'ms', baseline: { label: 'floor', value: floor.cpuMsPerTurn, unit: 'ms' } },
        { key: 'echoCpuMsPerTurn', label: 'echo bot CPU per turn', value: echo.cpuMsPerTurn, unit: 'ms' },
        { key: 'floorCpuMsPerTurn', label: 'floor CPU per turn', value: floor.cpuMsPerTurn, unit: 'ms', baseline: { label: 'echo', value: echo.cpuMsPerTurn, unit: 'ms' } },
        { key: 'cpuRatioToFloor', label: 'Signpost CPU / floor CPU per turn (goal <= 1.5)', value: signpost.cpuMsPerTurn / floor.cpuMsPerTurn, unit: 'x' },
        { key: 'cpuRatioToEcho', label: 'Signpost CPU / echo CPU per turn', value: signpost.cpuMsPerTurn / echo.cpuMsPerTurn, unit: 'x' },
        { key: 'turnErrors', label: 'Signpost errors (non-2xx or apology)', value: signpost.errors, unit: 'count' },
      ];
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
