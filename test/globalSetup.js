// Once per `npm test`, before any test file runs:
// 1. Tests that run the real `signpost` process (CLI, SIGTERM) need dist/ current: build it if sources changed.
//    A type error does not stop the run here (tsc still emits); `npm run typecheck` is the gate for types.
// 2. The intent model, the crisis classifier and the typo fixer's words made once, into the cache that lasts between
//    runs (<the usual tmpdir>/signpost-nlu-cache, keyed by a digest of the models and of the code that reads them):
//    every test file, and every process a test starts, then loads them from there instead of several workers making
//    the same models at once.
// 3. A temporary folder of the run's own (TMPDIR for the test workers, removed by globalTeardown.js), linking to that
//    cache: on /dev/shm (memory) where there is one, so the stores' fsyncs (SQLite synchronous=FULL, several a turn,
//    about 5 ms each on these machines' disks) cost microseconds, with the same code and settings as production.
//    Everything a test makes with os.tmpdir() goes there, and nothing a test forgot to remove outlives the run.
const { mkdirSync, mkdtempSync, rmSync, symlinkSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { requireSource } = require('./requireSource');

/** The parent of the run's folder: SIGNPOST_TEST_TMPDIR, /dev/shm when it can be written, or the usual tmpdir. */
function tempParent() {
  if (process.env.SIGNPOST_TEST_TMPDIR) return process.env.SIGNPOST_TEST_TMPDIR;
  try {
    rmSync(mkdtempSync('/dev/shm/signpost-probe-'), { recursive: true, force: true });
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

/**
 * The intent model and the crisis classifier, from dist/ (for the processes tests start) and from src/ (for jest). The
 * trained-model cache keys include a digest of the code that turns text into a model's input (its files), so the
 * models the workers load are the ones trained from src/'s files, not dist/'s.
 */
async function trainModels(cacheDir) {
  for (const from of [path.join(__dirname, '..', 'dist', 'src'), path.join(__dirname, '..', 'src')]) {
    const load = (module) => (from.endsWith('dist/src') ? require(path.join(from, module)) : requireSource(path.join(from, `${module}.ts`)));
    const { createRecognizer } = load('services/nlu/createRecognizer');
    const { createSafetyAssessor } = load('services/safety/createSafetyAssessor');
    await createRecognizer({ nlu: { kind: 'local', minScore: 0.6 } }, { cacheDir });
    await createSafetyAssessor({ cacheDir });
  }
}

module.exports = async () => {
  try {
    require('../scripts/build-if-needed').buildIfNeeded();
  } catch (error) {
    process.stderr.write(`warning: the build reported errors (${error.message}); run npm run typecheck\n`);
  }

  const modelCache = path.join(os.tmpdir(), 'signpost-nlu-cache');
  mkdirSync(modelCache, { recursive: true });
  try {
    await trainModels(modelCache);
  } catch (error) {
    // Not fatal: each test file then trains (or loads) the models itself.
    process.stderr.write(`warning: could not train the NLU models before the tests (${error.message})\n`);
  }

  const runDir = mkdtempSync(path.join(tempParent(), 'signpost-jest-'));
  symlinkSync(modelCache, path.join(runDir, 'signpost-nlu-cache'), 'dir');
  process.env.SIGNPOST_TEST_RUN_DIR = runDir;
  // The workers start after this and inherit this environment; os.tmpdir() reads TMPDIR.
  process.env.TMPDIR = runDir;
};
