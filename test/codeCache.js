// A V8 code cache for the modules the test files load (used by test/environment.js).
//
// Jest runs every test file in a fresh module registry, so a module every file loads (the app's 2,000-odd modules:
// botbuilder, restify, zod, the recognizers...) is parsed and compiled again for every file: about 0.8 s of CPU in each
// of the ~150 files that load the app. Jest compiles each module's code with vm.compileFunction; this wraps it so the
// code V8 produced for a given source is kept (in memory for the worker, and on disk under jest's cacheDirectory for the
// other worker and the next run) and handed back to V8 the next time the same source is compiled. The module still
// runs from scratch in each file's own context: only parsing and compiling are saved. The key is a SHA-256 of the
// source and parameters (V8 itself only checks the source's length), so a changed file never gets another's code; data
// V8 rejects (another Node version, other flags) is simply compiled afresh.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

let installedDir;

/** Wraps vm.compileFunction (once per process) to reuse V8's compiled code, kept in `dir`. */
function installCodeCache(dir) {
  if (installedDir !== undefined) return;
  installedDir = dir;
  fs.mkdirSync(dir, { recursive: true });
  const compile = vm.compileFunction;
  const memory = new Map();
  const salt = `${process.version}\0${process.arch}\0${process.execArgv.join(' ')}\0`;

  vm.compileFunction = function compileFunctionWithCache(code, params, options) {
    if (typeof code !== 'string' || (options && (options.cachedData || options.produceCachedData))) return compile.call(this, code, params, options);
    const key = crypto.createHash('sha256').update(salt).update(JSON.stringify(params ?? [])).update('\0').update(code).digest('hex');
    const file = path.join(dir, key);
    let data = memory.get(key);
    if (data === undefined) {
      try {
        data = fs.readFileSync(file);
      } catch {
        data = undefined;
      }
    }
    if (data !== undefined) {
      const fn = compile.call(this, code, params, { ...options, cachedData: data });
      if (!fn.cachedDataRejected) {
        memory.set(key, data);
        return fn;
      }
    }
    const fn = compile.call(this, code, params, { ...options, produceCachedData: true });
    if (fn.cachedDataProduced && fn.cachedData) {
      memory.set(key, fn.cachedData);
      try {
        // Written whole then renamed, so the other worker never reads half a file.
        const partial = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(partial, fn.cachedData);
        fs.renameSync(partial, file);
      } catch {
        // A cache that cannot be written only costs time.
      }
    }
    return fn;
  };
}

module.exports = { installCodeCache };
