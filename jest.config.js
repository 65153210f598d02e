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
  // Hands out dependencies as Node's own modules and compiles the rest with V8's code cache (test/jestRuntime.js).
  runtime: '<rootDir>/test/jestRuntime.js',
  globalSetup: '<rootDir>/test/globalSetup.js',
  globalTeardown: '<rootDir>/test/globalTeardown.js',
  testTimeout: 30000,
  // Three workers on two cores: many files spend seconds waiting (tokens expiring, the CLI's and the benches' waits,
  // Chromium, child processes), and a third file runs meanwhile. Twelve such and CPU-bound files together: 84.5 s and
  // 93.6 s wall-clock with two workers, 70.8 s and 90.7 s with three, for 3% more CPU (2026-12-07, load average 3.5-6).
  maxWorkers: 3,
};
