/**
 * Profiles the `turn` bench's load for real: starts the server (Signpost, or the echo bot with --server echo) under
 * `node --cpu-prof`, warms it up, loads it with the referral script as the bench does, then reads the profile and
 * prints where the CPU time of the measured window went, per component and per function, in ms per turn.
 *
 *   npm run build && node dist/bench/profile/profileTurn.js [--server signpost|echo|floor] [--seconds 10] [--keep]
 *
 * --keep leaves the .cpuprofile in place (it can be opened in Chrome DevTools) and prints its path.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../../src/paths';
import { startChildServer } from '../childServer';
import { loadMessages, REFERRAL_SCRIPT } from '../turn';
import { readCpuProfile, summarise } from './cpuProfile';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

async function main(): Promise<void> {
  const which = option('server', 'signpost');
  const seconds = Number(option('seconds', '10'));
  const keep = process.argv.includes('--keep');
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'signpost-profile-'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signpost-profile-data-'));
  const scripts: Record<string, string> = { signpost: projectPath('dist', 'src', 'index.js'), echo: projectPath('dist', 'bench', 'servers', 'echoBot.js'), floor: projectPath('dist', 'bench', 'servers', 'floorBot.js') };
  const script = scripts[which];
  if (!script) throw new Error(`--server is one of ${Object.keys(scripts).join(', ')}`);
  const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SIGNPOST_DATA_DIR: dataDir };
  const server = await startChildServer(script, env, undefined, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=200']);
  let load;
  let from;
  let to;
  try {
    await loadMessages(server.baseUrl, REFERRAL_SCRIPT, 2);
    from = nowUs();
    load = await loadMessages(server.baseUrl, REFERRAL_SCRIPT, seconds);
    to = nowUs();
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`No profile was written in ${profileDir}`);
  const summary = summarise(readCpuProfile(path.join(profileDir, file)), from, to);
  const perTurn = (ms: number): string => (ms / load.turns).toFixed(3);
  const share = (ms: number): string => `${((100 * ms) / summary.busyMs).toFixed(1)}%`;
  const lines: string[] = [];
  lines.push(`${which}: ${load.turns} turns in ${seconds}s (${load.turnsPerSec.toFixed(0)} turns/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, errors ${load.errors})`);
  lines.push(`sampled ${summary.totalMs.toFixed(0)} ms, busy ${summary.busyMs.toFixed(0)} ms = ${perTurn(summary.busyMs)} ms CPU per turn; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  lines.push('', 'component'.padEnd(56) + 'ms/turn'.padStart(9) + 'share'.padStart(8));
  for (const c of summary.components) if (c.name !== 'idle') lines.push(c.name.padEnd(56) + perTurn(c.ms).padStart(9) + share(c.ms).padStart(8));
  lines.push('', 'function (self time)'.padEnd(56) + 'ms/turn'.padStart(9) + 'share'.padStart(8) + '  where');
  for (const f of summary.functions) if (f.name !== '(idle)') lines.push(f.name.slice(0, 55).padEnd(56) + perTurn(f.ms).padStart(9) + share(f.ms).padStart(8) + `  ${f.where}`);
  process.stdout.write(lines.join('\n') + '\n');
  if (keep) {
    writeFileSync(path.join(profileDir, 'window.json'), JSON.stringify({ fromUs: from, toUs: to, turns: load.turns }));
    process.stdout.write(`profile: ${path.join(profileDir, file)} (measured window in window.json beside it)\n`);
  }
  else rmSync(profileDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
