import { spawn } from 'node:child_process';
import { tempDataDir } from '../helpers/testApp';
import { projectPath } from '../../src/paths';

/** Runs the built server as `npm start` does, with no Signpost variables set, and stops it with SIGTERM. */
describe('the signpost process', () => {
  it('starts with no configuration, prints where to go, answers /healthz and exits 0 on SIGTERM', async () => {
    const dataDir = tempDataDir();
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', SIGNPOST_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, [projectPath('dist', 'src', 'index.js')], { env, cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up line within 15 s: ${out}`)), 15_000);
      child.stdout.on('data', () => {
        const match = /Signpost is running: web chat at (http:\/\/localhost:\d+)\/ .*console/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const health = await fetch(`${line.replace('localhost', '127.0.0.1')}/healthz`);
    expect(health.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
  });
});
