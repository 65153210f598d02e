import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ChildServer {
  baseUrl: string;
  process: ChildProcess;
  /** Resident set size of the child in bytes (from /proc), or NaN where /proc is missing. */
  rssBytes(): number;
  /** CPU time the child has used so far (user + system, all its threads) in ms, from /proc; NaN where /proc is missing. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * Starts a server in its own process so that the load generator (this process) does not share its event loop.
 * `portPattern` finds the port in what the child prints; `nodeArgs` go to node before the script (e.g. --cpu-prof).
 */
export async function startChildServer(
  script: string,
  env: NodeJS.ProcessEnv,
  portPattern = /listening (\d+)|localhost:(\d+)/,
  nodeArgs: string[] = [],
  /** Each line the child prints once it is listening (its logs); dropped when not given. */
  onLine?: (line: string) => void,
): Promise<ChildServer> {
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${err.slice(-500)}`)), 30_000);
    const readPort = (d: Buffer): void => {
      out += d.toString();
      const m = portPattern.exec(out);
      if (m) {
        clearTimeout(timer);
        // From now on what it prints (its logs) is read, as a log collector would, and given to onLine or dropped.
        child.stdout.off('data', readPort);
        let rest = '';
        child.stdout.on('data', (chunk: Buffer) => {
          if (!onLine) return;
          const lines = (rest + chunk.toString()).split('\n');
          rest = lines.pop() ?? '';
          lines.forEach(onLine);
        });
        resolve(Number(m[1] ?? m[2]));
      }
    };
    child.stdout.on('data', readPort);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${err.slice(-500)}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    process: child,
    rssBytes: () => readRss(child.pid),
    cpuMs: () => readCpuMs(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function readRss(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status);
    return kb ? Number(kb[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** utime + stime of a process (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 10 ms on Linux). */
function readCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
