/**
 * The Dockerfile and .dockerignore. No Docker engine runs here, so this checks what can be checked without one: the
 * build stage runs the project's own scripts, the runtime stage is slim, non-root and health-checked, it copies every
 * folder the server reads, and a copy of the runtime stage's files (laid out as its COPY lines say) starts and passes
 * the image's own HEALTHCHECK command.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { VARIABLES } from '../../src/config';
import { projectPath } from '../../src/paths';
import { copyInstruction, envInstruction, parseDockerfile, type Stage } from './dockerfile';

const stages = parseDockerfile(readFileSync(projectPath('Dockerfile'), 'utf8'));
const [build, runtime] = stages;
const packageJson = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
const ignored = readFileSync(projectPath('.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

function all(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** .dockerignore patterns as Docker reads them (relative to the context root; * within one path segment). */
function isIgnored(file: string): boolean {
  return ignored.some((pattern) => {
    if (pattern.startsWith('!')) throw new Error('negated .dockerignore patterns are not handled here');
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/.*)?$`);
    return regex.test(file);
  });
}

/** The top-level folders the server's code reads at run time (projectPath('<folder>', ...) in src/). */
function foldersReadAtRunTime(dir = projectPath('src')): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) foldersReadAtRunTime(full).forEach((f) => found.add(f));
    else if (entry.endsWith('.ts')) for (const m of readFileSync(full, 'utf8').matchAll(/projectPath\('([^']+)'/g)) found.add(m[1]);
  }
  return found;
}

/** The image's HEALTHCHECK command, as exec-form argv. */
function healthcheckCommand(): string[] {
  const [healthcheck] = all(runtime, 'HEALTHCHECK');
  const cmd = /\bCMD (\[.*\])$/.exec(healthcheck);
  if (!cmd) throw new Error(`HEALTHCHECK is not in exec form: ${healthcheck}`);
  return JSON.parse(cmd[1]) as string[];
}

describe('the Dockerfile', () => {
  it('builds in one stage and runs in another, both on a slim Node 20 image', () => {
    expect(stages).toHaveLength(2);
    for (const stage of stages) expect(stage.image).toMatch(/^node:20(\.\d+)*-[a-z]+-slim$/);
    expect(build.name).toBe('build');
    expect(runtime.name).toBe('runtime');
  });

  it("builds with the project's own lock file and scripts, then drops the dev toolchain", () => {
    const runs = all(build, 'RUN');
    expect(runs.some((r) => /^npm ci\b/.test(r))).toBe(true);
    // npm ci runs our prepare script: it must build dist/, which the runtime stage copies.
    expect(runs.some((r) => /--ignore-scripts/.test(r) && /npm ci/.test(r))).toBe(false);
    expect(packageJson.scripts.prepare).toBe('npm run build');
    for (const run of runs) for (const m of run.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(packageJson.scripts)).toContain(m[1]);
    expect(runs.some((r) => /npm prune --omit=dev/.test(r))).toBe(true);
    // What `npm run build` compiles (tsconfig.build.json) is all copied in before npm ci.
    const copied = all(build, 'COPY').flatMap((c) => copyInstruction({ keyword: 'COPY', args: c }).sources);
    const buildConfig = JSON.parse(readFileSync(projectPath('tsconfig.build.json'), 'utf8')) as { extends: string; include: string[] };
    const roots = buildConfig.include.map((glob) => glob.split('/')[0]).filter((root) => root !== 'bench');
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', path.basename(buildConfig.extends), 'tsconfig.build.json', ...roots]));
  });

  it('leaves the benchmarks out of the image (they need the dev dependencies the image prunes)', () => {
    expect(isIgnored('bench')).toBe(true);
    expect(isIgnored('bench/run.ts')).toBe(true);
    const copied = stages.flatMap((stage) => all(stage, 'COPY').map((args) => copyInstruction({ keyword: 'COPY', args }))).flatMap((c) => c.sources);
    expect(copied.filter((source) => /(^|\/)bench(\/|$)/.test(source))).toEqual([]);
  });

  it('runs as a non-root user, health-checks /healthz, exposes the default port and starts the built server', () => {
    const user = all(runtime, 'USER');
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
    const keywords = runtime.instructions.map((i) => i.keyword);
    expect(keywords.indexOf('USER')).toBeLessThan(keywords.indexOf('CMD'));
    expect(all(runtime, 'EXPOSE')).toEqual([VARIABLES.PORT.default]);
    expect(healthcheckCommand().join(' ')).toContain('/healthz');
    expect(JSON.parse(all(runtime, 'CMD')[0])).toEqual(['node', packageJson.main]);
    const env = Object.assign({}, ...all(runtime, 'ENV').map((args) => envInstruction({ keyword: 'ENV', args }))) as Record<string, string>;
    expect(env).toMatchObject({ NODE_ENV: 'production', PORT: VARIABLES.PORT.default });
    // The data folder exists and belongs to the user the server runs as.
    expect(all(runtime, 'RUN').join('\n')).toContain(`chown ${user[0]}:${user[0]} ${env.SIGNPOST_DATA_DIR}`);
  });

  it('copies into the runtime image every folder the server reads, and the build outputs', () => {
    const copies = all(runtime, 'COPY').map((args) => copyInstruction({ keyword: 'COPY', args }));
    const fromContext = copies.filter((c) => !c.from).flatMap((c) => c.sources);
    const fromBuild = copies.filter((c) => c.from === 'build').flatMap((c) => c.sources.map((s) => path.posix.relative('/app', s)));
    const needed = [...foldersReadAtRunTime()].filter((f) => f !== 'package.json');
    expect(needed.length).toBeGreaterThanOrEqual(3);
    expect([...fromContext, ...fromBuild]).toEqual(expect.arrayContaining([...needed, 'package.json', 'node_modules', 'dist']));
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    for (const stage of stages) {
      for (const args of all(stage, 'COPY')) {
        const copy = copyInstruction({ keyword: 'COPY', args });
        if (copy.from) continue;
        for (const source of copy.sources) {
          expect({ source, exists: existsSync(projectPath(source)) }).toEqual({ source, exists: true });
          expect({ source, ignored: isIgnored(source) }).toEqual({ source, ignored: false });
        }
      }
    }
  });

  it('keeps secrets, local data and build output out of the build context (.dockerignore)', () => {
    for (const file of ['.env', '.env.local', '.data', '.data/referrals.db', 'node_modules', 'node_modules/x/index.js', 'dist', '.git', 'test-artifacts']) {
      expect({ file, ignored: isIgnored(file) }).toEqual({ file, ignored: true });
    }
    // Licences and provenance travel with the bundled data.
    expect(isIgnored('data/geography/LICENCE.md')).toBe(false);
    expect(isIgnored('data/directory/sheffield_food/PROVENANCE.md')).toBe(false);
  });
});

/** Folders of dist/ the build stage cannot have built: the roots tsconfig.build.json compiles that it did not copy in. */
function builtButNotInImage(relativeToDist: string): boolean {
  const copied = new Set(all(build, 'COPY').flatMap((args) => copyInstruction({ keyword: 'COPY', args }).sources));
  const top = relativeToDist.split(path.sep)[0];
  const buildConfig = JSON.parse(readFileSync(projectPath('tsconfig.build.json'), 'utf8')) as { include: string[] };
  return buildConfig.include.some((glob) => glob.split('/')[0] === top) && !copied.has(top);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('the runtime stage, laid out on disk', () => {
  let root: string;
  beforeAll(() => {
    root = path.join(os.tmpdir(), `signpost-image-${process.pid}-${Date.now()}`);
    mkdirSync(root);
    // COPY lines of the runtime stage: from the build stage (here: this checkout's build) or the context.
    for (const args of all(runtime, 'COPY')) {
      const copy = copyInstruction({ keyword: 'COPY', args });
      for (const source of copy.sources) {
        const from = copy.from === 'build' ? projectPath(path.posix.relative('/app', source)) : projectPath(source);
        const to = path.join(root, copy.destination);
        if (path.basename(from) === 'node_modules') symlinkSync(from, to, 'dir');
        // The build stage compiles only what it copied in: this checkout's dist/bench is not in the image.
        else if (path.basename(from) === 'dist') cpSync(from, to, { recursive: true, filter: (file) => !builtButNotInImage(path.relative(from, file)) });
        else cpSync(from, to, { recursive: true });
      }
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('answers `signpost bench` with a clear error: the benchmarks are not in the image', () => {
    const result = spawnSync(process.execPath, ['dist/src/cli.js', 'bench'], { cwd: root, env: { PATH: process.env.PATH, NODE_ENV: 'production' }, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/not in the production image.*npm run bench/s);
  });

  it("starts the server, which passes the image's HEALTHCHECK; once stopped, the check fails", async () => {
    const port = await freePort();
    const dataDir = path.join(root, 'data-volume');
    const imageEnv = Object.assign({}, ...all(runtime, 'ENV').map((args) => envInstruction({ keyword: 'ENV', args }))) as Record<string, string>;
    // The image's environment, with what production requires and loopback only (this machine's rule).
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ...imageEnv,
      PORT: String(port),
      HOST: '127.0.0.1',
      SIGNPOST_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      MicrosoftAppId: '00000000-0000-0000-0000-000000000000',
      MicrosoftAppPassword: 'not-a-real-password',
      SIGNPOST_SECRET: 'a-test-secret-of-at-least-thirty-two-characters',
    };
    const [command, ...args] = JSON.parse(all(runtime, 'CMD')[0]) as string[];
    const server = spawn(command === 'node' ? process.execPath : command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up line within 60 s: ${output}`)), 60_000);
        server.stdout.on('data', () => {
          if (output.includes('Signpost is running')) {
            clearTimeout(timer);
            resolve();
          }
        });
        void exited.then((code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      const [checkCommand, ...checkArgs] = healthcheckCommand();
      const check = () => spawnSync(checkCommand === 'node' ? process.execPath : checkCommand, checkArgs, { env, encoding: 'utf8', timeout: 20_000 });
      expect(check().status).toBe(0);
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(check().status).toBe(1);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  }, 120_000);
});
