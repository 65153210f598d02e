/**
 * PendingTexts, the embedded outbox's unsent texts in memory (the conformance suite runs it through the outbox; here,
 * what the outbox rarely does: texts put out of order, replaced, finished, and numbers erased).
 */
import { PendingTexts } from '../../src/storage/embedded/pendingTexts';
import type { OutgoingSms } from '../../src/services/sms/SmsOutbox';

const NOW = new Date('2025-06-01T10:00:00Z');
const at = (ms: number): Date => new Date(NOW.getTime() + ms);
const text = (id: string, conversationId: string, seq: number, extra: Partial<OutgoingSms> = {}) => ({ id, conversationId, seq, status: 'queued' as const, nextAttemptAt: NOW, ...extra });

describe('PendingTexts', () => {
  it("claims each number's oldest text by seq, however the texts were put", () => {
    const pending = new PendingTexts();
    pending.put(text('b2', 'b', 5));
    pending.put(text('a2', 'a', 4));
    pending.put(text('b1', 'b', 2));
    pending.put(text('a1', 'a', 3));
    pending.put(text('a0', 'a', 1));
    expect(pending.due(NOW, 10).map((t) => t.id)).toEqual(['a0', 'b1']);
    expect(pending.due(NOW, 1).map((t) => t.id)).toEqual(['a0']);
    expect(pending.size).toBe(5);
  });

  it('keeps a number waiting behind a text not yet due or still leased, and frees it when the lease runs out', () => {
    const pending = new PendingTexts();
    pending.put(text('a1', 'a', 1, { nextAttemptAt: at(1000) }));
    pending.put(text('a2', 'a', 2));
    pending.put(text('b1', 'b', 3));
    expect(pending.due(NOW, 10).map((t) => t.id)).toEqual(['b1']);
    pending.put(text('b1', 'b', 3, { status: 'sending', leaseUntil: at(500) }));
    expect(pending.due(NOW, 10)).toEqual([]);
    expect(pending.due(at(1000), 10).map((t) => t.id)).toEqual(['a1', 'b1']);
  });

  it('drops a text put again as finished, and a number when it is erased', () => {
    const pending = new PendingTexts();
    pending.put(text('a1', 'a', 1));
    pending.put(text('a2', 'a', 2));
    pending.put(text('b1', 'b', 3));
    pending.put({ ...text('a1', 'a', 1), status: 'sent' });
    expect(pending.due(NOW, 10).map((t) => t.id)).toEqual(['a2', 'b1']);
    pending.put(text('a2', 'a', 2, { nextAttemptAt: at(60_000) }));
    expect(pending.due(NOW, 10).map((t) => t.id)).toEqual(['b1']);
    pending.removeConversation('b');
    pending.remove('nope');
    expect(pending.size).toBe(1);
    expect(pending.due(at(60_000), 10).map((t) => t.id)).toEqual(['a2']);
  });
});
