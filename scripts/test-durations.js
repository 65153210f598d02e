// Writes test/durations.json (how long each test file took, in ms, for test/sequencer.js) from jest's --json output:
//   npx jest --json --outputFile=/tmp/jest.json; node scripts/test-durations.js /tmp/jest.json
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node scripts/test-durations.js <jest --json output>\n');
  process.exit(2);
}
const root = path.join(__dirname, '..');
const { testResults } = JSON.parse(readFileSync(file, 'utf8'));
const durations = Object.fromEntries(
  testResults
    .map((r) => [path.relative(root, r.name).split(path.sep).join('/'), Math.round(r.endTime - r.startTime)])
    .sort(([a], [b]) => (a < b ? -1 : 1)),
);
writeFileSync(path.join(root, 'test', 'durations.json'), `${JSON.stringify(durations, null, 1)}\n`);
process.stdout.write(`test/durations.json: ${Object.keys(durations).length} files\n`);
