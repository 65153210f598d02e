/**
 * The command line loads a command's module only when that command runs (src/cli.ts): `signpost sms` starts
 * without the stores, the Bot Framework or the directory, and help still lists every command.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { projectPath } from '../../src/paths';

jest.setTimeout(60_000);

/** The packages and Signpost modules `buildProgram(argv)` loaded, in a fresh Node process. */
async function loadedBy(args: string[]): Promise<{ commands: string[]; modules: string[] }> {
  const script = `
    const { buildProgram } = require(${JSON.stringify(projectPath('dist', 'src', 'cli.js'))});
    const program = buildProgram(['node', 'signpost', ...${JSON.stringify(args)}]);
    process.stdout.write(JSON.stringify({ commands: program.commands.map((c) => c.name()), modules: Object.keys(require.cache) }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, NODE_ENV: 'test' } });
  return JSON.parse(stdout) as { commands: string[]; modules: string[] };
}

describe('signpost <command>', () => {
  it('registers and loads only the command it runs', async () => {
    const sms = await loadedBy(['sms', '07700900701', 'hi']);
    expect(sms.commands).toEqual(['sms']);
    for (const heavy of ['botbuilder', 'better-sqlite3', 'restify', 'cli-progress']) expect(sms.modules.filter((m) => m.includes(`/node_modules/${heavy}/`))).toEqual([]);
    expect(sms.modules.filter((m) => /dist\/src\/(storage|services\/directory)\//.test(m))).toEqual([]);
    // The directory's commands need the Bot Framework only to print matches (the web chat's card code does that).
    const directory = await loadedBy(['directory', 'import', 'services.csv']);
    expect(directory.commands).toEqual(['directory']);
    expect(directory.modules.filter((m) => m.includes('/node_modules/botbuilder'))).toEqual([]);
  });

  it('registers every command, in order, for help or anything not a command', async () => {
    const all = ['serve', 'bench', 'nlu', 'safety', 'directory', 'referrals', 'console', 'sms', 'backup', 'practices'];
    expect((await loadedBy(['--help'])).commands).toEqual(all);
    expect((await loadedBy(['referals'])).commands).toEqual(all);
    expect((await loadedBy([])).commands).toEqual(all);
  });
});
