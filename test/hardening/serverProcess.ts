/**
 * The real server in a process of its own (the built dist/src/index.js, as `npm start` runs it): for tests that kill
 * it with SIGKILL and start it again on the same data folder, and for fuzz runs, where a crash must show as the
 * process dying and the load generator (this process) should not share the server's event loop. Its stdout (pino JSON
 * lines and the start-up line) is kept for the test to read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { projectPath } from '../../src/paths';

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  /** Every line it printed on stdout so far (log lines are pino JSON). */
  stdout: string[];
  stderr(): string;
  /** Resolves when the process has exited, with its code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** kill -9: no shutdown, no flush, nothing the process could do about it. */
  kill9(): Promise<void>;
  /** SIGTERM, as a service manager stops it; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const STARTED = /Signpost is running: web chat at http:\/\/localhost:(\d+)\//;

export interface ServerProcessOptions {
  /** What to run with node (default: the built server, dist/src/index.js; `npm start` runs scripts/start.js). */
  script?: string;
  /** The working directory (default: SIGNPOST_DATA_DIR, so no .env from the repository is read). */
  cwd?: string;
  /** Only PATH, HOME and the given variables: none of the test defaults (NODE_ENV, PORT, HOST, LOG_LEVEL). */
  bare?: boolean;
  timeoutMs?: number;
}

/** Starts the server with only the given variables (plus PATH and HOME), by default on 127.0.0.1 and a free port. */
export async function startServerProcess(env: Record<string, string>, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const { script = projectPath('dist', 'src', 'index.js'), cwd = env.SIGNPOST_DATA_DIR, bare = false, timeoutMs = 30_000 } = options;
  const defaults = bare ? {} : { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...defaults, ...env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    stdout.push(...lines.filter(Boolean));
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs} ms: ${stderr.slice(-1000)}`)), timeoutMs);
    const look = (): void => {
      const line = stdout.find((l) => STARTED.test(l));
      if (!line) return;
      clearTimeout(timer);
      child.stdout!.off('data', look);
      resolve(Number(STARTED.exec(line)![1]));
    };
    child.stdout!.on('data', look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before it started: ${stderr.slice(-1000)}`));
    });
  });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    stdout,
    stderr: () => stderr,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return (await exited).code;
    },
  };
}

/** Its log lines at level error or above (pino: 50 error, 60 fatal). */
export function errorLines(server: ServerProcess): string[] {
  return server.stdout.filter((line) => line.startsWith('{') && ((JSON.parse(line) as { level?: number }).level ?? 0) >= 50);
}
