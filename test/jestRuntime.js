// Jest's runtime (jest.config.js `runtime`), for test files run in the worker's own global
// (test/workerGlobalEnvironment.js):
// - dependencies (packages under node_modules/, other than jest's own) are Node's own modules, loaded once a worker
//   by Node's loader, as the server loads them; their own requires never reach jest;
// - a test file's own modules and Signpost's are loaded afresh for each test file, by jest, as usual, and run in the
//   worker's global.
// Under another environment (`npx jest --testEnvironment node`) it is jest's own runtime.
const path = require('node:path');
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

const NODE_MODULES = path.resolve(__dirname, '..', 'node_modules') + path.sep;
/** Jest's own packages, which jest gives each test file itself (`expect`, `@jest/globals`...). */
const JEST_OWN = /^(@jest\/|jest-|expect\/|@swc\/)/;

let patched = false;

/** Jest compiles a module for the file's vm context; in the worker's global it is compiled for Node's own. */
function patchCompile(executor) {
  const prototype = Object.getPrototypeOf(executor);
  const original = prototype.compile;
  prototype.compile = function compile(scriptSource, filename) {
    if (this.environment.runsInWorkerGlobal !== true || this.resolution.isCoreModule(filename)) return original.call(this, scriptSource, filename);
    let script;
    try {
      script = new vm.Script(`(function (${this.injectedModuleParameters.join(', ')}) {${scriptSource}\n})`, {
        filename,
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // Jest's own compile reports the error as it does.
      return original.call(this, scriptSource, filename);
    }
    return script.runInThisContext();
  };
}

/**
 * AsyncLocalStorage instances enabled while the current test file ran. Node (20) keeps every enabled one in a list
 * for the life of the process and calls each of them for every promise made afterwards. Each test file makes new
 * ones (jest-circus's test context, each app's conversation queue), so a worker that had run sixty files did sixty
 * times the work for each promise: a twentieth of the suite's CPU. They are disabled when their file is done (one
 * used again is enabled again, as Node does on first use).
 */
const enabledStorages = new Set();
const { AsyncLocalStorage } = require('node:async_hooks');
const enableStorage = AsyncLocalStorage.prototype._enable;
if (typeof enableStorage === 'function') {
  AsyncLocalStorage.prototype._enable = function _enable() {
    if (!this.enabled) enabledStorages.add(this);
    return enableStorage.call(this);
  };
}

function disableStorages() {
  for (const storage of enabledStorages) storage.disable();
  enabledStorages.clear();
}

/**
 * Module sources read in this worker, kept for the next test files: jest reads every module's file afresh for each
 * test file (its file cache is per file). Only Signpost's own modules (src/), which nothing changes while the suite
 * runs; not test files, nor anything a test writes.
 */
const sources = new Map();
const SHARED_SOURCE = new RegExp(`^${path.resolve(__dirname, '..').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/src/`);

class SignpostRuntime extends Runtime {
  constructor(config, environment, resolver, transformer, cacheFS, ...rest) {
    if (cacheFS) for (const [file, source] of sources) if (!cacheFS.has(file)) cacheFS.set(file, source);
    super(config, environment, resolver, transformer, cacheFS, ...rest);
    this.sourcesRead = cacheFS;
    if (!patched) {
      patchCompile(this.executor);
      patched = true;
    }
  }

  /**
   * A dependency asked for by a test or by Signpost's code, in the worker's global: Node's own module. A name that
   * resolves outside node_modules/ (Signpost's modules, the tests'), jest's own packages, and a module jest.mock
   * replaces (jest looks for mocks before it asks for the module) are jest's, as usual.
   */
  requireModule(from, moduleName, options, isRequireActual = false) {
    if (this._environment.runsInWorkerGlobal === true && !options?.isInternalModule && moduleName && !moduleName.startsWith('.') && !path.isAbsolute(moduleName) && !this._resolution.isCoreModule(moduleName)) {
      const resolved = this._resolution.resolveCjs(from, moduleName);
      if (resolved.startsWith(NODE_MODULES) && !JEST_OWN.test(resolved.slice(NODE_MODULES.length))) return require(resolved);
    }
    return super.requireModule(from, moduleName, options, isRequireActual);
  }

  teardown() {
    if (this.sourcesRead) for (const [file, source] of this.sourcesRead) if (SHARED_SOURCE.test(file)) sources.set(file, source);
    disableStorages();
    super.teardown();
  }
}

module.exports = SignpostRuntime;
