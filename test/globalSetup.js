// Tests that run the real `signpost` process (CLI, SIGTERM) need dist/ current: build it if sources changed.
// A type error does not stop the run here (tsc still emits); `npm run typecheck` is the gate for types.
module.exports = async () => {
  try {
    require('../scripts/build-if-needed').buildIfNeeded();
  } catch (error) {
    process.stderr.write(`warning: the build reported errors (${error.message}); run npm run typecheck\n`);
  }
};
