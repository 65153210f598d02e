/** restify 11's DEP0111 (process.binding('http_parser')) is silenced at start-up, and only that warning (issue 21). */
import { spawnSync } from 'node:child_process';
import { projectPath } from '../src/paths';

function warningsPrinted(script: string): string {
  const result = spawnSync(process.execPath, ['-e', script], { cwd: projectPath(), encoding: 'utf8', timeout: 30_000 });
  return result.stderr;
}

describe('start-up warnings', () => {
  it('drops DEP0111 from restify and lets every other warning through', () => {
    const stderr = warningsPrinted(`
      require(${JSON.stringify(projectPath('dist', 'src', 'warnings.js'))});
      process.emitWarning("Access to process.binding('http_parser') is deprecated.", 'DeprecationWarning', 'DEP0111');
      process.emitWarning('something else is deprecated', 'DeprecationWarning', 'DEP0005');
      process.emitWarning('a plain warning');
    `);
    expect(stderr).not.toContain('DEP0111');
    expect(stderr).toContain('DEP0005');
    expect(stderr).toContain('a plain warning');
  });

  it('loading restify through the server prints no DEP0111', () => {
    const stderr = warningsPrinted(`require(${JSON.stringify(projectPath('dist', 'src', 'warnings.js'))}); require('restify');`);
    expect(stderr).not.toContain('DEP0111');
    const without = warningsPrinted(`require('restify');`);
    expect(without).toContain('DEP0111');
  });
});
