/**
 * Preloaded into a server by the memory bench (node --expose-gc --require): on SIGUSR2 it collects garbage and writes
 * process.memoryUsage() as JSON to HEAP_REPORT_FILE, so the bench can tell the heap the server keeps from the memory
 * V8 has taken and not given back (which RSS also counts). Nothing else in the server changes.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.HEAP_REPORT_FILE;
const collect = (globalThis as { gc?: () => void }).gc;
if (file && collect) {
  process.on('SIGUSR2', () => {
    collect();
    collect();
    writeFileSync(file, JSON.stringify(process.memoryUsage()));
  });
}
