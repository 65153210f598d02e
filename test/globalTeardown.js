// Removes the run's temporary folder (see globalSetup.js), with whatever the tests left in it. The NLU model cache it
// links to is kept for the next run.
const { rmSync } = require('node:fs');

module.exports = async () => {
  const runDir = process.env.SIGNPOST_TEST_RUN_DIR;
  if (runDir && /signpost-jest-/.test(runDir)) rmSync(runDir, { recursive: true, force: true });
};
