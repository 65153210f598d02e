// Jest's node environment, with the V8 code cache of test/codeCache.js kept under jest's cacheDirectory.
const path = require('node:path');
const { TestEnvironment } = require('jest-environment-node');
const { installCodeCache } = require('./codeCache');

class SignpostTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    installCodeCache(path.join(config.projectConfig.cacheDirectory, 'v8-code-cache'));
  }
}

module.exports = SignpostTestEnvironment;
