// Tests that run the real `signpost` process (CLI, SIGTERM) need dist/ current: build it if sources changed.
module.exports = async () => {
  require('../scripts/build-if-needed').buildIfNeeded();
};
