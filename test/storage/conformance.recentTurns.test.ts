/**
 * Conformance: the recent turns kept for link workers (RecentTurns), on every adapter.
 * Adapters, and a fresh store for each test, come from storeHarness.ts, which says how to add your own port.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_LINE_CHARS, RECENT_LINES, type RecentLine } from '../../src/services/transcript/RecentTurns';
import { describeEachAdapter } from './storeHarness';

const KEY = 'directline/conversations/conv-1/';
const OTHER = 'sms/conversations/conv-2/';

function line(text: string, from: RecentLine['from'] = 'patient'): RecentLine {
  return { from, text, at: '2025-06-02T10:00:00.000Z' };
}

const texts = (lines: RecentLine[]) => lines.map((l) => l.text);

describeEachAdapter('recent turns', (h) => {
  it('gives back the lines in the order appended, across appends, and the last `limit` of them', async () => {
    const s = h.stores().recentTurns;
    await s.append(KEY, [line('hi'), line('Hello, I am Signpost.', 'bot')]);
    await s.append(KEY, [line('refer myself')]);
    expect(await s.recent(KEY)).toEqual([line('hi'), line('Hello, I am Signpost.', 'bot'), line('refer myself')]);
    expect(texts(await s.recent(KEY, 2))).toEqual(['Hello, I am Signpost.', 'refer myself']);
    expect(await s.recent(KEY, 0)).toEqual([]);
    expect(await s.recent('directline/conversations/nobody/')).toEqual([]);
  });

  it(`keeps only the last ${RECENT_LINES} lines of a conversation, whether added one at a time or all at once`, async () => {
    const s = h.stores().recentTurns;
    for (let i = 0; i < RECENT_LINES + 5; i += 1) await s.append(KEY, [line(`line ${i}`)]);
    const kept = await s.recent(KEY, 100);
    expect(kept).toHaveLength(RECENT_LINES);
    expect(kept[0].text).toBe('line 5');
    expect(kept[RECENT_LINES - 1].text).toBe(`line ${RECENT_LINES + 4}`);

    await s.append(OTHER, Array.from({ length: RECENT_LINES + 3 }, (_, i) => line(`at once ${i}`)));
    expect(texts(await s.recent(OTHER))).toEqual(Array.from({ length: RECENT_LINES }, (_, i) => `at once ${i + 3}`));
  });

  it(`keeps ${MAX_LINE_CHARS} characters of a line, whole, and cuts a longer one there`, async () => {
    const s = h.stores().recentTurns;
    const full = 'ä'.repeat(MAX_LINE_CHARS);
    await s.append(KEY, [line(full), line(`${'b'.repeat(MAX_LINE_CHARS)}cut off`, 'bot')]);
    const [first, second] = await s.recent(KEY);
    expect(first.text).toBe(full);
    expect(second.text).toBe('b'.repeat(MAX_LINE_CHARS));
  });

  it('erases the lines of the conversations named and no others, and a conversation starts again afterwards', async () => {
    const s = h.stores().recentTurns;
    await s.append(KEY, [line('mine')]);
    await s.append(OTHER, [line('theirs')]);
    expect(await s.erase([KEY, 'test/conversations/never-seen/'])).toBe(1);
    expect(await s.recent(KEY)).toEqual([]);
    expect(texts(await s.recent(OTHER))).toEqual(['theirs']);
    expect(await s.erase([])).toBe(0);
    await s.append(KEY, [line('after')]);
    expect(texts(await s.recent(KEY))).toEqual(['after']);
  });

  it('purges conversations with nothing added since the cutoff and keeps the others', async () => {
    const s = h.stores().recentTurns;
    await s.append(KEY, [line('old')]);
    await sleep(25);
    const cutoff = new Date();
    await sleep(25);
    await s.append(OTHER, [line('new')]);
    expect(await s.purgeOlderThan(new Date(cutoff.getTime() - 60_000))).toBe(0);
    expect(await s.purgeOlderThan(cutoff)).toBe(1);
    expect(await s.recent(KEY)).toEqual([]);
    expect(texts(await s.recent(OTHER))).toEqual(['new']);
  });

  it('keeps lines, and erasures, across close and reopen', async () => {
    const s = h.stores().recentTurns;
    await s.append(KEY, [line('kept'), line('Thank you.', 'bot')]);
    await s.append(OTHER, [line('erased')]);
    await s.erase([OTHER]);
    const reopened = await h.reopen();
    expect(await reopened.recentTurns.recent(KEY)).toEqual([line('kept'), line('Thank you.', 'bot')]);
    expect(await reopened.recentTurns.recent(OTHER)).toEqual([]);
    await reopened.recentTurns.append(KEY, [line('more')]);
    expect(texts(await reopened.recentTurns.recent(KEY))).toEqual(['kept', 'Thank you.', 'more']);
  });
});
