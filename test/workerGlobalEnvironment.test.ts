/**
 * The test environment (test/workerGlobalEnvironment.js, test/jestRuntime.js): test files share a worker's global and
 * its dependencies, and each starts as the first did. Two fixture files, run one after the other in one jest process,
 * each report what the other left and then leave all they can.
 */
import { spawnSync } from 'node:child_process';
import { projectPath } from '../src/paths';

interface Report {
  me: string;
  found: { heldStillAlive: number; global?: string; env?: string; listeners: number; exit: string; signpostModule?: string[]; dependency: string[]; spiedOn: boolean; fetch: string };
}

function runFixtures(): { reports: Report[]; output: string; status: number | null } {
  const jest = projectPath('node_modules', 'jest', 'bin', 'jest.js');
  const result = spawnSync(process.execPath, ['--expose-gc', jest, '--runInBand', '--ci', '--config', projectPath('test', 'fixtures', 'workerGlobal', 'jest.config.js')], {
    cwd: projectPath(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  const reports = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"me"'))
    .map((line) => JSON.parse(line) as Report);
  return { reports, output, status: result.status };
}

describe('test files in a worker', () => {
  let run: ReturnType<typeof runFixtures>;
  beforeAll(() => {
    run = runFixtures();
  }, 60_000);

  it('both fixture files ran and passed in one process', () => {
    expect({ status: run.status, output: run.status === 0 ? '' : run.output }).toEqual({ status: 0, output: '' });
    expect(run.reports.map((report) => report.me).sort()).toEqual(['one', 'other']);
  });

  it('the first file found nothing left; the second found its dependencies shared and everything else as it was', () => {
    const [first, second] = run.reports;
    const clean = { listeners: first.found.listeners, exit: first.found.exit, fetch: first.found.fetch, spiedOn: false, heldStillAlive: 0 };
    expect(first.found).toMatchObject({ ...clean, dependency: [] });
    expect(first.found.global).toBeUndefined();
    expect(first.found.env).toBeUndefined();
    expect(first.found.signpostModule).toBeUndefined();
    // The dependency is the same module in the second file (loaded once a worker): it carries the first file's mark.
    expect(second.found).toMatchObject({ ...clean, dependency: [first.me] });
    // The first file's modules were freed, though its timer lives on; its own modules, Signpost's, the global, process.env, process's listeners and functions, and spies: as before.
    expect(second.found.global).toBeUndefined();
    expect(second.found.env).toBeUndefined();
    expect(second.found.signpostModule).toBeUndefined();
    expect(first.found.fetch).toBe('fetch');
  });
});
