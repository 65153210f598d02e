import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tempDataDir } from '../helpers/tempDir';
import { startServerProcess, type ServerProcess } from '../hardening/serverProcess';
import { projectPath } from '../../src/paths';

// `npm start` builds first when the sources changed since the last build (others may be editing them): time for tsc.
jest.setTimeout(240_000);

const START_LINE = /^Signpost is running: web chat at (http:\/\/localhost:(\d+))\/ and the link worker console at http:\/\/localhost:\2\/console \(storage: embedded, NLU: local\)\. No one can sign in to the console yet: add the first user with npm run signpost -- console add-user <email>$/;

/** What the process printed for people: every stdout line that is not a pino JSON log line. */
const plainLines = (server: ServerProcess): string[] => server.stdout.filter((line) => !line.startsWith('{'));

/** Runs the server as a person would, with no Signpost variables set, and stops it with SIGTERM. */
describe('the signpost process', () => {
  let server: ServerProcess | undefined;
  const folders: string[] = [];
  afterEach(async () => {
    if (server?.alive()) await server.kill9();
    server = undefined;
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('dist/src/index.js starts with no configuration, prints where to go, answers /healthz and exits 0 on SIGTERM', async () => {
    const dataDir = tempDataDir();
    folders.push(dataDir);
    server = await startServerProcess({ PORT: '0', HOST: '127.0.0.1', SIGNPOST_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, { bare: true });
    expect(plainLines(server)).toEqual([expect.stringMatching(START_LINE)]);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    await expect(server.stop()).resolves.toBe(0);
  });

  it('`npm start` (scripts/start.js) with only PATH and HOME: one line saying where to go, the store in ./.data, exits 0 on SIGTERM', async () => {
    // A fresh working directory: the default SIGNPOST_DATA_DIR, ./.data, is made there (never in the repository), and
    // no .env is read. PORT=0 is the one variable set: the default port, 3978, may be taken on a machine running other
    // Signposts or tests at once, and the line then names the port given (config.test.ts checks the default is 3978).
    const cwd = tempDataDir('signpost-npm-start-');
    folders.push(cwd);
    const repositoryData = projectPath('.data');
    const repositoryHadData = existsSync(repositoryData);
    server = await startServerProcess({ PORT: '0' }, { script: projectPath('scripts', 'start.js'), cwd, bare: true, timeoutMs: 200_000 });

    const lines = plainLines(server);
    expect(lines).toEqual([expect.stringMatching(START_LINE)]);
    const [, webChat] = START_LINE.exec(lines[0])!;
    expect(webChat).toBe(server.baseUrl.replace('127.0.0.1', 'localhost'));
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ storage: { kind: 'embedded', reachable: true } });
    for (const page of ['/', '/console']) expect((await fetch(`${server.baseUrl}${page}`)).status).toBe(200);

    await expect(server.stop()).resolves.toBe(0);
    expect(readdirSync(path.join(cwd, '.data'))).toEqual(expect.arrayContaining(['signpost.db']));
    expect(existsSync(repositoryData)).toBe(repositoryHadData);
    expect(server.stderr()).not.toMatch(/error|could not start/i);
  });
});
