// Requires a module of src/ outside jest's workers' module loading (globalSetup, the test environment), as the workers
// see it: TypeScript compiled by swc with jest.config.js's own options.
const { readFileSync } = require('node:fs');
const Module = require('node:module');

function requireSource(file) {
  const { transformSync } = require('@swc/core');
  const [, options] = require('../jest.config.js').transform['^.+\\.ts$'];
  const previous = Module._extensions['.ts'];
  Module._extensions['.ts'] = (module, filename) => {
    const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
    module._compile(code, filename);
  };
  try {
    return require(file);
  } finally {
    if (previous) Module._extensions['.ts'] = previous;
    else delete Module._extensions['.ts'];
  }
}

module.exports = { requireSource };
