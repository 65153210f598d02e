/**
 * The `memory` bench works end to end in a small run (40 web chats): both servers start, the chats open over
 * Signpost's own Direct Line, and the preloaded heap report (bench/servers/heapOnSignal.ts) answers, so every figure
 * is measured. What the figures are is the bench's business, not a test's.
 */
import { memoryBench } from '../../bench/memory';
import type { BenchFigure } from '../../bench/types';

jest.setTimeout(180_000);

describe('npm run bench -- memory (40 web chats)', () => {
  it('measures RSS and the heap a chat keeps', async () => {
    const before = process.env.BENCH_MEMORY_CONVERSATIONS;
    process.env.BENCH_MEMORY_CONVERSATIONS = '40';
    let figures: BenchFigure[];
    try {
      figures = await memoryBench.run();
    } finally {
      if (before === undefined) delete process.env.BENCH_MEMORY_CONVERSATIONS;
      else process.env.BENCH_MEMORY_CONVERSATIONS = before;
    }
    expect(figures.map((f) => f.key)).toEqual(['memoryRssLiveMb', 'memoryPerConversationKb', 'memoryHeapPerConversationKb', 'memoryHeapPerClosedConversationKb', 'memoryRssStreamsClosedMb']);
    for (const f of figures) expect({ key: f.key, finite: Number.isFinite(f.value) }).toEqual({ key: f.key, finite: true });
    const value = (key: string): number => figures.find((f) => f.key === key)!.value;
    // The servers hold something: RSS above nothing, and a heap that grew with the chats.
    expect(value('memoryRssLiveMb')).toBeGreaterThan(50);
    expect(value('memoryHeapPerConversationKb')).toBeGreaterThan(0);
  });
});
