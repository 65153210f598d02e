// Runs the slowest test files first, so no worker is left with a long file at the end of the run while the other idles.
// Jest does this by itself only with timings from an earlier run in its cache, which a clean clone (CI) has not: there it
// sorts by file size, which put the 40-second fuzz, CLI and browser files anywhere in the run. This sequencer uses
// jest's own timings where it has them and otherwise the committed ones in test/durations.json (milliseconds a file
// took, written from a run's `jest --json` output by `node scripts/test-durations.js <output.json>`; only the order
// matters, so they need refreshing only when a file becomes much slower or faster).
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const committed = require('./durations.json');

class SlowestFirst extends Sequencer {
  time(test) {
    return super.time(test) ?? committed[path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/')];
  }
}

module.exports = SlowestFirst;
