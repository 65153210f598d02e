// Builds dist/ with tsc when any source is newer than the last build (or there is none). Used by npm start and the CLI.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const marker = path.join(root, 'dist', 'src', 'index.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // Only TypeScript sources count (bench/results and other outputs do not).
    const t = entry.isDirectory() ? newestMtime(full) : entry.name.endsWith('.ts') ? statSync(full).mtimeMs : 0;
    if (t > newest) newest = t;
  }
  return newest;
}

function buildIfNeeded() {
  // What tsconfig.build.json compiles: src/ and bench/ (npm run bench runs from dist too).
  const sources = Math.max(newestMtime(path.join(root, 'src')), newestMtime(path.join(root, 'bench')), statSync(path.join(root, 'tsconfig.json')).mtimeMs, statSync(path.join(root, 'tsconfig.build.json')).mtimeMs);
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  process.stderr.write('Building Signpost (tsc)...\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  // tsc leaves unchanged outputs alone; touch the marker so the next start skips the build.
  const now = new Date();
  require('node:fs').utimesSync(marker, now, now);
}

module.exports = { buildIfNeeded };
