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
    // Eight full collections, not two: V8 drops the bytecode of functions unused for several collections, so code
    // that ran only at start-up was dropped at whichever later report came first, and a small run's heap could seem
    // to shrink as chats were added (the 40-chat test once measured -1.2 KB a chat against 9-10 KB usually).
    for (let i = 0; i < 8; i += 1) collect();
    writeFileSync(file, JSON.stringify(process.memoryUsage()));
  });
}
