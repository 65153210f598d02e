/**
 * Signpost's code takes botbuilder-dialogs' classes from src/dialogs/dialogLibrary.ts, which imports each from its
 * own module: importing the package itself loads all its prompts and the text recognizers behind them (about 200
 * modules) that Signpost does not use. Types may still come from the package (they load nothing).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { projectPath } from '../../src/paths';
import { sourceFiles } from './sourceFiles';

jest.setTimeout(60_000);

it('no module of src/ but dialogLibrary.ts imports a value from the botbuilder-dialogs package', () => {
  const offending = sourceFiles(projectPath('src'))
    .filter((file) => !file.endsWith('dialogLibrary.ts'))
    .flatMap((file) => {
      const imports = readFileSync(file, 'utf8').match(/^import\s+(?!type\s)[^;]*?from\s+'botbuilder-dialogs'/gms) ?? [];
      return imports.map((statement) => `${file.replace(projectPath(), '')}: ${statement.replace(/\s+/g, ' ')}`);
    });
  expect(offending).toEqual([]);
});

it('the app loads neither botbuilder-dialogs\' index (its prompts) nor the text recognizers', async () => {
  const script = `require(${JSON.stringify(projectPath('dist', 'src', 'app.js'))}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, NODE_ENV: 'test' } });
  const modules = JSON.parse(stdout) as string[];
  expect(modules.some((m) => m.includes('/node_modules/botbuilder-dialogs/lib/componentDialog.js'))).toBe(true);
  expect(modules.filter((m) => m.includes('/node_modules/@microsoft/recognizers-text') || m.endsWith('/node_modules/botbuilder-dialogs/lib/index.js'))).toEqual([]);
});
