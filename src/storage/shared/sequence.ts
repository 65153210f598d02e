let lastSeq = 0;

/** Arrival order across the process: microsecond-scaled time, then a counter, so a burst within 1 ms keeps its order. */
export function nextSeq(now: Date): number {
  lastSeq = Math.max(lastSeq + 1, now.getTime() * 1000);
  return lastSeq;
}
