/**
 * The composition root builds its graph without replacing parts in place: the stores handed to `wrapStores` stay as
 * they were, and every part given the handoff queue (the bot's dialogs, the console, the outcomes) holds the one that
 * reaches live listeners.
 */
import type { Stores } from '../../src/storage/Stores';
import { startTestApp, type TestApp } from '../helpers/testApp';
import type { QueueEvent } from '../../src/services/handoff/HandoffEvents';

describe('app wiring', () => {
  let t: TestApp;
  let given: Stores | undefined;
  let raw: Stores['handoffs'] | undefined;
  beforeAll(async () => {
    t = await startTestApp({}, {
      wrapStores: (stores) => {
        given = stores;
        raw = stores.handoffs;
        return stores;
      },
    });
  });
  afterAll(async () => t.close());

  it('leaves the stores it was given as they were', () => {
    expect(given?.handoffs).toBe(raw);
    expect(t.app.stores.handoffs).not.toBe(raw);
  });

  it('gives every part the handoff queue whose changes reach live listeners', async () => {
    const heard: QueueEvent[] = [];
    const stop = t.app.handoffEvents.onQueue((event) => heard.push(event));
    try {
      await t.app.stores.handoffs.enqueue({ personId: 'p', channel: 'test', conversationId: 'wiring', conversationReference: {}, priority: 'normal', summary: 's' });
      expect(heard.length).toBeGreaterThan(0);
    } finally {
      stop();
    }
  });
});
