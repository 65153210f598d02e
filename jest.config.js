/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
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
  globalSetup: '<rootDir>/test/globalSetup.js',
  globalTeardown: '<rootDir>/test/globalTeardown.js',
  testTimeout: 30000,
  maxWorkers: 2,
};
