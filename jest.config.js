/** @type {import('jest').Config} */
module.exports = {
  // Each test file runs in the worker's own global, with the dependencies loaded once a worker and the file's own
  // modules and Signpost's afresh (test/workerGlobalEnvironment.js, test/jestRuntime.js).
  testEnvironment: '<rootDir>/test/workerGlobalEnvironment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Transpile only, with swc (less CPU than ts-jest on a cold cache, as CI has): `npm run typecheck`
    // (tsc --noEmit) type-checks everything, tests included. The same output as tsconfig.json asks of tsc: ES2022,
    // CommonJS with esModuleInterop's default imports, and import() left as it is (module node16 does; a test's
    // page.evaluate callback imports a module in the browser).
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: true } }],
  },
  // Slowest files first, from jest's own timings or, on a clean clone, the committed ones (test/sequencer.js).
  testSequencer: '<rootDir>/test/sequencer.js',
  // Hands out dependencies as Node's own modules and runs the rest in the worker's global (test/jestRuntime.js).
  runtime: '<rootDir>/test/jestRuntime.js',
  globalSetup: '<rootDir>/test/globalSetup.js',
  globalTeardown: '<rootDir>/test/globalTeardown.js',
  testTimeout: 30000,
  // Four workers on two cores: many files spend seconds waiting (tokens expiring, the CLI's and the benches' waits,
  // Chromium, child processes), and other files run meanwhile. The whole suite on a quiet machine (2026-12-07,
  // 09:19-09:32 UTC): 147.4 s wall-clock with three workers, 137.9 s and 138.3 s with four, 142.4 s with five.
  maxWorkers: 4,
};
