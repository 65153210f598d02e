/**
 * `npm run signpost -- <args>`, as the README tells people to run the command line: npm runs scripts/run-cli.js,
 * which builds if the sources changed, runs the command, and turns failures into a message and an exit code.
 */
import { runCli } from '../nlu/runCli';

// npm, then node with the whole CLI (and tsc, when someone changed the sources since the last build).
jest.setTimeout(240_000);

describe('npm run signpost', () => {
  it('-- --help lists the commands and exits 0', async () => {
    const run = await runCli(['--help'], { npm: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: signpost [options] [command]');
    for (const command of ['serve', 'directory', 'nlu', 'referrals', 'console', 'sms', 'bench']) expect(run.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('-- <a command that fails> prints the reason alone (no stack trace) and exits 1', async () => {
    // Refused before any store or .env is opened (npm runs in the repository, whose .data and .env are not the test's).
    const run = await runCli(['referrals', 'export', 'SP-7K3Q9'], { npm: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Say which format to export: --fhir (an HL7 FHIR R4 Bundle).\n');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('-- <an unknown command> says so and exits 1', async () => {
    const run = await runCli(['referals'], { npm: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown command 'referals'/);
  });
});
