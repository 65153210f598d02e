// Jest's runtime (jest.config.js `runtime`), with the built-ins bound in each module and V8's code cache.
//
// Jest loads every module afresh for each test file (its module registry is per file), and V8 compiles each again:
// about 2,200 modules a file here, the top level at load and then every function the first time it runs. Node keeps
// no compiled code between vm compilations by itself, so this runtime does what Node's own compile cache does: it
// compiles each module with the code V8 produced for the same source earlier (in this worker, or in an earlier
// worker or run: stored in jest's cache folder), and after a test file has run, keeps the code of the functions that
// file compiled for the next. The code run is the same (V8 rejects a cache made for other source, another V8 or other
// flags, and then compiles as usual); only the compiling is saved.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

/** Compiled code by module file and source hash, kept for the life of this worker. */
const memory = new Map();
/** Scripts compiled without a cache (or with a rejected one) in this worker, whose code is to be kept. */
const pending = new Map();
let folder;
let patched = false;
/** SIGNPOST_JEST_CODE_CACHE=0: bind the built-ins, compile without V8's code cache (to measure what it saves). */
const useCache = process.env.SIGNPOST_JEST_CODE_CACHE !== '0';

/** The last source seen for each module file and its key: the same source again (every later test file) is not hashed again. */
const keys = new Map();

function keyOf(filename, source) {
  const known = keys.get(filename);
  if (known && known.source === source) return known.key;
  const key = createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  keys.set(filename, { source, key });
  return key;
}

function cached(key) {
  if (memory.has(key)) return memory.get(key);
  let data;
  try {
    data = readFileSync(path.join(folder, key));
  } catch {
    data = undefined;
  }
  memory.set(key, data);
  return data;
}

/** Keeps the code of every script compiled afresh: in memory for this worker, on disk for the others and later runs. */
function keepPending() {
  for (const [key, script] of pending) {
    let data;
    try {
      data = script.createCachedData();
    } catch {
      continue;
    }
    memory.set(key, data);
    try {
      const temporary = path.join(folder, `${key}.${process.pid}.tmp`);
      writeFileSync(temporary, data);
      renameSync(temporary, path.join(folder, key));
    } catch {
      // Not kept on disk (a full or read-only disk): only this worker uses it.
    }
  }
  pending.clear();
}

/**
 * The global built-ins every module sees as its own local bindings. In a vm context (each test file's global) every
 * lookup of a global name goes through Node's interceptors into C++, which V8 cannot optimise: code that uses
 * Math.min in a loop ran 10 to 100 times slower under jest than in production (the spelling corrector's edit
 * distance: 4.4 s instead of 0.33 s for the same 300,000 calls). Bound once per module, they cost a lookup each.
 * They are the test file's own built-ins (the same objects a global lookup finds); only built-ins nothing replaces
 * while a test runs: jest's fake timers replace Date, the timers and queueMicrotask, tests replace fetch and spy on
 * console's methods (and process's: a property of the one process object, looked up on it each time), so those are looked up as globals as before. A module that declares one of these names itself
 * (`const Promise = require('bluebird')`) shadows the binding, as it shadowed the global.
 */
const INTRINSICS = ['Math', 'JSON', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Reflect', 'RegExp', 'Error', 'TypeError', 'RangeError', 'SyntaxError', 'Promise', 'ArrayBuffer', 'Uint8Array', 'Uint16Array', 'Uint32Array', 'Int32Array', 'Float64Array', 'Buffer', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'Infinity', 'NaN', 'undefined', 'process'];

/** The intrinsics a test file's global has, and their values: looked up once a file, not once a module. */
const intrinsicsByGlobal = new WeakMap();

function intrinsicsOf(global) {
  let found = intrinsicsByGlobal.get(global);
  if (!found) {
    const bound = INTRINSICS.filter((name) => name === 'undefined' || global[name] !== undefined);
    found = { bound, values: bound.map((name) => global[name]) };
    intrinsicsByGlobal.set(global, found);
  }
  return found;
}

function patchCompile(executor) {
  const prototype = Object.getPrototypeOf(executor);
  const original = prototype.compile;
  prototype.compile = function compile(scriptSource, filename) {
    const vmContext = this.environment.getVmContext();
    if (vmContext == null || this.resolution.isCoreModule(filename)) return original.call(this, scriptSource, filename);
    const { bound, values } = intrinsicsOf(this.environment.global);
    const source = `(function (${bound.join(', ')}) { return function (${this.injectedModuleParameters.join(', ')}) {${scriptSource}\n}; })`;
    const key = useCache ? keyOf(filename, source) : undefined;
    const cachedData = useCache ? cached(key) : undefined;
    let script;
    try {
      script = new vm.Script(source, {
        filename,
        cachedData,
        importModuleDynamically: (specifier, _script, importAttributes, ...rest) => this.dynamicImport(specifier, filename, vmContext, importAttributes, rest[0]),
      });
    } catch {
      // Jest's own compile reports the error as it does.
      return original.call(this, scriptSource, filename);
    }
    if (useCache && (cachedData === undefined || script.cachedDataRejected)) pending.set(key, script);
    return script.runInContext(vmContext)(...values);
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
 * test file (its file cache is per file), about 2,000 reads and 30 MB of strings a file. Only the dependencies' and
 * Signpost's own modules (node_modules/ and src/), which nothing changes while the suite runs; not test files, nor
 * anything a test writes.
 */
const sources = new Map();
const SHARED_SOURCE = new RegExp(`^${path.resolve(__dirname, '..').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(node_modules|src)/`);

class SignpostRuntime extends Runtime {
  constructor(config, environment, resolver, transformer, cacheFS, ...rest) {
    if (cacheFS) for (const [file, source] of sources) if (!cacheFS.has(file)) cacheFS.set(file, source);
    super(config, environment, resolver, transformer, cacheFS, ...rest);
    this.sourcesRead = cacheFS;
    if (!folder) {
      folder = path.join(config.cacheDirectory, `v8-code-cache-${process.version}-${process.arch}`);
      mkdirSync(folder, { recursive: true });
    }
    if (!patched && !process.env.SIGNPOST_JEST_PLAIN_RUNTIME) {
      patchCompile(this.executor);
      patched = true;
    }
  }

  teardown() {
    if (this.sourcesRead) for (const [file, source] of this.sourcesRead) if (SHARED_SOURCE.test(file)) sources.set(file, source);
    keepPending();
    disableStorages();
    super.teardown();
  }
}

module.exports = SignpostRuntime;
