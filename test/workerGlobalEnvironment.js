// Jest's test environment (jest.config.js `testEnvironment`): each test file runs in the worker's own global, as the
// server runs in Node's, instead of a vm context of its own.
//
// Why: in a vm context every dependency had to be loaded afresh for each test file, since an object made in one
// context is not an instance of another's built-ins (zod's `z.date()` refuses a Date from another context). About
// 1,500 of the 1,900 modules the app loads are dependencies (botbuilder, restify, mongoose, twilio...): loading them
// was most of a test file's CPU. In the worker's global, test/jestRuntime.js hands them out as Node's own modules,
// loaded once a worker, and jest still loads each test file's own modules and Signpost's afresh for each file.
//
// What a test file changes in the worker's global is put back when it ends, so the next file starts as the first did:
// the globals it added are removed and those it replaced restored (console, fetch, WebSocket, jest's own globals),
// with the functions on `process` (exit, emitWarning...), `process.env` and the listeners on `process`; jest's runtime
// restores spies (on dependencies' objects too). Fake timers fake the worker's timers for the test that asks. And the
// file's tests are forgotten, so nothing the file left running keeps its modules alive.
//
// Run `npx jest --testEnvironment node` for jest's own isolation (slower: each file loads every dependency again).
const { LegacyFakeTimers, ModernFakeTimers } = require('@jest/fake-timers');
const { ModuleMocker } = require('jest-mock');
const { requireSource } = require('./requireSource');

// The worker, like the server, drops restify's DEP0111 and only it (src/warnings.ts).
requireSource(require.resolve('../src/warnings.ts'));

/** The worker's global, `process` and its environment as they were before any test file ran. */
const pristineGlobals = new Map(Object.getOwnPropertyNames(globalThis).map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]));
const pristineSymbols = new Set(Object.getOwnPropertySymbols(globalThis));
const pristineProcessFunctions = new Map(
  Object.getOwnPropertyNames(process)
    .map((name) => [name, Object.getOwnPropertyDescriptor(process, name)])
    .filter(([, descriptor]) => typeof descriptor.value === 'function' && descriptor.writable),
);
const pristineEnv = { ...process.env };
const PROCESS_EVENTS = ['exit', 'beforeExit', 'uncaughtException', 'unhandledRejection', 'warning', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR2', 'message'];

const timerIdToRef = (id) => ({
  id,
  ref() {
    return this;
  },
  unref() {
    return this;
  },
});
const timerRefToId = (timer) => timer?.id;

/** Marks the environment for test/jestRuntime.js; jest asks for a context only to know the file is not torn down. */
const WORKER_GLOBAL = Object.freeze({ workerGlobal: true });

class WorkerGlobalEnvironment {
  constructor(config) {
    const { projectConfig } = config;
    this.global = globalThis;
    this.runsInWorkerGlobal = true;
    this.listeners = new Map(PROCESS_EVENTS.map((event) => [event, process.listeners(event)]));
    this.moduleMocker = new ModuleMocker(globalThis);
    this.fakeTimers = new LegacyFakeTimers({ config: projectConfig, global: globalThis, moduleMocker: this.moduleMocker, timerConfig: { idToRef: timerIdToRef, refToId: timerRefToId } });
    this.fakeTimersModern = new ModernFakeTimers({ config: projectConfig, global: globalThis });
    this.tornDown = false;
  }

  async setup() {}

  async teardown() {
    this.fakeTimers.dispose();
    this.fakeTimersModern.dispose();
    this.tornDown = true;
    restoreProcess(this.listeners);
    forgetTests();
    restoreGlobals();
  }

  exportConditions() {
    return ['node', 'node-addons'];
  }

  getVmContext() {
    return this.tornDown ? null : WORKER_GLOBAL;
  }
}

function restoreProcess(listenersBefore) {
  for (const [event, before] of listenersBefore) {
    for (const listener of process.listeners(event)) if (!before.includes(listener)) process.removeListener(event, listener);
  }
  for (const [name, descriptor] of pristineProcessFunctions) if (process[name] !== descriptor.value) Object.defineProperty(process, name, descriptor);
  for (const name of Object.keys(process.env)) if (!(name in pristineEnv)) delete process.env[name];
  for (const [name, value] of Object.entries(pristineEnv)) if (process.env[name] !== value) process.env[name] = value;
}

/**
 * Empties jest-circus's record of the file's tests (it has made the file's results by now). A timer or socket made
 * during a test that outlives the file (fetch's keep-alive timer, a dependency's cache timer) carries the test's
 * async context, which holds the test, its function and the error made for its stack: through them the file's
 * modules stayed alive, about 20 MB a file that starts the app (a worker reached 790 MB; now 250 MB), and the
 * garbage collector went through them again and again. Without jest-circus's state (another jest) this does nothing.
 */
function forgetTests() {
  const key = Object.getOwnPropertySymbols(globalThis).find((symbol) => symbol.description === 'JEST_STATE_SYMBOL');
  const state = key && globalThis[key];
  if (!state) return;
  const seen = new Set();
  const scrub = (entry) => {
    if (!entry || typeof entry !== 'object' || seen.has(entry)) return;
    seen.add(entry);
    for (const child of entry.children ?? []) scrub(child);
    for (const hook of entry.hooks ?? []) scrub(hook);
    for (const name of Object.keys(entry)) delete entry[name];
  };
  scrub(state.rootDescribeBlock);
  for (const name of Object.keys(state)) delete state[name];
}

function restoreGlobals() {
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    const before = pristineGlobals.get(name);
    const now = Object.getOwnPropertyDescriptor(globalThis, name);
    if (!now.configurable) continue;
    if (!before) delete globalThis[name];
    else if (now.value !== before.value || now.get !== before.get || now.set !== before.set) Object.defineProperty(globalThis, name, before);
  }
  for (const symbol of Object.getOwnPropertySymbols(globalThis)) {
    if (!pristineSymbols.has(symbol) && Object.getOwnPropertyDescriptor(globalThis, symbol).configurable) delete globalThis[symbol];
  }
}

module.exports = WorkerGlobalEnvironment;
