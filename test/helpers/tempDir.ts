/**
 * A fresh data folder for a test, under os.tmpdir() (the run's own folder: see test/globalSetup.js). Apart from
 * testApp.ts so that tests which only need a folder do not load the whole app (about 1 s of CPU a file under jest).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDataDir(prefix = 'signpost-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
