import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../../src/paths';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The working directory it ran in (a fresh empty folder unless given). */
  cwd: string;
}

export interface CliOptions {
  stdin?: string;
  env?: Record<string, string>;
  cwd?: string;
  /** Through `npm run signpost -- <args>` (scripts/run-cli.js: builds if the sources changed), in the project folder. */
  npm?: boolean;
}

/** A fresh empty folder under the run's temporary folder: where runCli runs unless given a cwd. */
export function freshFolder(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'signpost-cli-'));
}

/** Runs the built `signpost` CLI (dist/src/cli.js) as a person would, with a clean environment and a fresh folder. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const cwd = options.cwd ?? (options.npm ? projectPath() : freshFolder());
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: os.tmpdir(), NODE_ENV: 'test', ...(options.npm ? { npm_config_update_notifier: 'false' } : {}), ...options.env };
  const [command, commandArgs] = options.npm ? ['npm', ['run', 'signpost', '--', ...args]] : [process.execPath, [projectPath('dist', 'src', 'cli.js'), ...args]];
  const child = spawn(command, commandArgs, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, cwd }));
  });
}
