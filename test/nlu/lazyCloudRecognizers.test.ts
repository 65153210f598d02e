/**
 * The cloud recognizers' modules load only when NLU names them: a start with the local recognizer (the default)
 * does not load the LUIS runtime client and its REST stack.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { projectPath } from '../../src/paths';

jest.setTimeout(60_000);

it('createRecognizer with NLU=local loads neither the LUIS nor the CLU module', async () => {
  const script = `
    const { createRecognizer } = require(${JSON.stringify(projectPath('dist', 'src', 'services', 'nlu', 'createRecognizer.js'))});
    createRecognizer({ nlu: { kind: 'local', minScore: 0.6 } }).then(() => process.stdout.write(JSON.stringify(Object.keys(require.cache))));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, NODE_ENV: 'test' } });
  const modules = JSON.parse(stdout) as string[];
  expect(modules.some((m) => m.endsWith('createRecognizer.js'))).toBe(true);
  expect(modules.filter((m) => /\/node_modules\/@azure\/(cognitiveservices-luis-runtime|ms-rest-js)\//.test(m) || /dist\/src\/services\/nlu\/(luis|clu)\//.test(m))).toEqual([]);
});
