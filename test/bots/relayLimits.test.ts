/**
 * One chat cannot fill the disk (issue 16, item 1): while handed off, a conversation's messages are rows (each costs
 * its own size), and what one conversation may add to its handoff is capped per hour, in messages and in bytes, with a
 * kind answer instead; crisis words are always passed on (and escalate). 2,000 messages keep the data files within a
 * few MB.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { MESSAGES } from '../../src/services/content/messages';
import { MAX_PATIENT_BYTES_PER_HOUR, MAX_PATIENT_MESSAGES_PER_HOUR } from '../../src/services/handoff/HandoffService';
import { DATABASE_FILE } from '../../src/storage/embedded/database';
import { BotHarness } from './botHarness';

jest.setTimeout(120_000);

const HOUR = 60 * 60 * 1000;
const size = (dir: string, name: string): number => {
  try {
    return statSync(path.join(dir, name)).size;
  } catch {
    return 0;
  }
};

describe('a handed-off chat sending a great deal', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await BotHarness.start();
    await h.send('hi');
    await h.send('talk to a person');
  });
  afterEach(async () => h.close());

  const patientMessages = async () => {
    const [handoff] = await h.stores.handoffs.list('waiting');
    return handoff.transcript.filter((t) => t.from === 'patient');
  };

  it('passes on the first messages of the hour, then answers kindly instead, and passes them on again the next hour', async () => {
    for (let i = 0; i < MAX_PATIENT_MESSAGES_PER_HOUR; i += 1) await h.send(`message ${i}`);
    expect(await patientMessages()).toHaveLength(MAX_PATIENT_MESSAGES_PER_HOUR);
    expect(await h.send('and another thing')).toEqual([MESSAGES['handoff.slowDown']]);
    expect(await patientMessages()).toHaveLength(MAX_PATIENT_MESSAGES_PER_HOUR);
    expect(MESSAGES['handoff.slowDown']).toMatch(/999/);

    // Crisis words always reach the worker, and make the handoff urgent.
    const crisis = await h.send('I want to end my life');
    expect(crisis).toContain(MESSAGES['crisis.999']);
    const [urgent] = await h.stores.handoffs.list('waiting');
    expect(urgent.priority).toBe('urgent');
    expect(urgent.transcript.map((t) => t.text)).toContain('I want to end my life');

    h.clock.advance(HOUR + 1000);
    expect(await h.send('an hour later')).not.toContain(MESSAGES['handoff.slowDown']);
    expect((await patientMessages()).map((t) => t.text)).toContain('an hour later');
  });

  it('caps the bytes an hour too: a few long messages are passed on, then a kind answer', async () => {
    const long = 'x'.repeat(19_000);
    let passed = 0;
    for (let i = 0; i < 20; i += 1) {
      const replies = await h.send(long);
      if (!replies.includes(MESSAGES['handoff.slowDown'])) passed += 1;
    }
    expect(passed).toBeGreaterThan(0);
    expect(passed).toBeLessThanOrEqual(Math.ceil(MAX_PATIENT_BYTES_PER_HOUR / 19_000));
    const stored = (await patientMessages()).reduce((n, t) => n + t.text.length, 0);
    expect(stored).toBeLessThanOrEqual(MAX_PATIENT_BYTES_PER_HOUR + 19_000);
  });

  it('2,000 messages in a few minutes keep the data files within a few MB', async () => {
    for (let i = 0; i < 2000; i += 1) {
      await h.send(`message number ${i} of a great many, written to fill the disk`);
      if (i % 100 === 99) h.clock.advance(HOUR / 10);
    }
    const bytes = size(h.dir, DATABASE_FILE) + size(h.dir, `${DATABASE_FILE}-wal`);
    expect(bytes).toBeLessThan(8 * 1024 * 1024);
  });
});

describe('the handoff store itself', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await BotHarness.start();
  });
  afterEach(async () => h.close());

  it('grows by about each message\'s own size: 2,000 appended messages, a few hundred KB once checkpointed', async () => {
    const handoff = await h.stores.handoffs.enqueue({ personId: 'p', channel: 'test', conversationId: 'c', conversationReference: {}, priority: 'normal', summary: 's' });
    const text = 'y'.repeat(100);
    for (let i = 0; i < 2000; i += 1) await h.stores.handoffs.appendMessage(handoff.id, { from: 'patient', text, at: new Date() });
    expect((await h.stores.handoffs.get(handoff.id))?.transcript).toHaveLength(2000);
    const before = size(h.dir, DATABASE_FILE) + size(h.dir, `${DATABASE_FILE}-wal`);
    expect(before).toBeLessThan(8 * 1024 * 1024);
    await h.stores.close();
    // Checkpointed into the database: 2,000 messages of about 150 bytes as stored, with their index.
    expect(size(h.dir, DATABASE_FILE)).toBeLessThan(1024 * 1024);
  });
});
