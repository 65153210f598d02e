/** Conformance: a conversation's recent turns (RecentTurns), appended a turn at a time, on every adapter. */
import type { TranscriptLine } from '../../src/services/transcript/RecentTurns';
import { describeEachAdapter } from './storeHarness';

const chat = { channel: 'directline', conversationId: 'conv-1' };
const line = (from: TranscriptLine['from'], text: string, at = '2026-12-07T10:00:00.000Z'): TranscriptLine => ({ from, text, at });

describeEachAdapter('recent turns', (h) => {
  it('reads back the lines of a conversation in the order they were appended, turn after turn, and keeps them when reopened', async () => {
    const turns = h.stores().recentTurns;
    await turns.append(chat, [line('patient', 'hi'), line('bot', 'Hello'), line('bot', 'Shall we start?')], 400);
    await turns.append(chat, [line('patient', 'yes', '2026-12-07T10:00:05.000Z'), line('bot', 'Your name?', '2026-12-07T10:00:05.000Z')], 400);
    await turns.append(chat, [], 400);
    const expected = ['hi', 'Hello', 'Shall we start?', 'yes', 'Your name?'];
    expect((await turns.read(chat, 400)).map((l) => l.text)).toEqual(expected);
    expect(await turns.read(chat, 400)).toContainEqual(line('patient', 'yes', '2026-12-07T10:00:05.000Z'));
    expect((await (await h.reopen()).recentTurns.read(chat, 400)).map((l) => l.text)).toEqual(expected);
  });

  it('keeps each conversation apart, by channel and id', async () => {
    const turns = h.stores().recentTurns;
    await turns.append(chat, [line('patient', 'web')], 400);
    await turns.append({ channel: 'sms', conversationId: 'conv-1' }, [line('patient', 'text')], 400);
    await turns.append({ channel: 'directline', conversationId: 'conv-2' }, [line('patient', 'other')], 400);
    expect((await turns.read(chat, 400)).map((l) => l.text)).toEqual(['web']);
    expect(await turns.read({ channel: 'sms', conversationId: 'nobody' }, 400)).toEqual([]);
  });

  it('reads only the latest lines asked for, and keeps only the latest `keep` of a conversation', async () => {
    const turns = h.stores().recentTurns;
    for (let i = 0; i < 6; i += 1) await turns.append(chat, [line('patient', `p${i}`), line('bot', `b${i}`)], 5);
    expect((await turns.read(chat, 400)).map((l) => l.text)).toEqual(['b3', 'p4', 'b4', 'p5', 'b5']);
    expect((await turns.read(chat, 2)).map((l) => l.text)).toEqual(['p5', 'b5']);
  });

  it('clears a conversation (saying how many lines went) and purges lines older than a cutoff', async () => {
    const turns = h.stores().recentTurns;
    await turns.append(chat, [line('patient', 'old', '2024-01-01T00:00:00.000Z'), line('patient', 'new', '2026-12-07T10:00:00.000Z')], 400);
    await turns.append({ channel: 'sms', conversationId: 'c2' }, [line('patient', 'a'), line('bot', 'b')], 400);
    expect(await turns.purgeOlderThan(new Date('2025-01-01T00:00:00.000Z'))).toBe(1);
    expect((await turns.read(chat, 400)).map((l) => l.text)).toEqual(['new']);
    expect(await turns.clear({ channel: 'sms', conversationId: 'c2' })).toBe(2);
    expect(await turns.read({ channel: 'sms', conversationId: 'c2' }, 400)).toEqual([]);
    expect((await turns.read(chat, 400)).map((l) => l.text)).toEqual(['new']);
  });
});
