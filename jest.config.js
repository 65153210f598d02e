/** @type {import('jest').Config} */
module.exports = {
  // Jest's node environment with a V8 code cache of the modules the files load (test/codeCache.js).
  testEnvironment: '<rootDir>/test/environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Transpile only, with swc (a third of ts-jest's CPU on a cold cache, as CI has): `npm run typecheck`
    // (tsc --noEmit) type-checks everything, tests included. The same output as tsconfig.json asks of tsc: ES2022,
    // CommonJS with esModuleInterop's default imports.
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // Slowest files first, from jest's own timings or, on a clean clone, the committed ones (test/sequencer.js).
  testSequencer: '<rootDir>/test/sequencer.js',
  globalSetup: '<rootDir>/test/globalSetup.js',
  globalTeardown: '<rootDir>/test/globalTeardown.js',
  testTimeout: 30000,
  maxWorkers: 2,
};
