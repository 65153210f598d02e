/**
 * Nobody left waiting on a worker, over HTTP (issue 18 item 8): signing out returns one's conversations to the queue
 * with a note, audited; the queue shows whether a held conversation is past the reply target (HANDOFF_REPLY_MINUTES).
 * The flagging and returning by time are tested with an injectable clock in test/services/handoff/replyWatch.test.ts.
 */
import { loadConfig } from '../../src/config';
import { say } from '../../src/services/content/messages';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, ConsoleClient, enqueue, RecordingChannel } from './consoleHarness';

describe('conversations go back to the queue', () => {
  let t: TestApp;
  let samId: string;

  beforeAll(async () => {
    t = await startTestApp({ HANDOFF_REPLY_MINUTES: '15' }, { console: { loginLimits: { perAddress: 1000 } } });
    RecordingChannel.registerOn(t.app);
    samId = await addUser(t.app, 'sam.r@example.org', 'linkworker', 'Sam');
  });
  afterAll(async () => t.close());

  it('when their worker signs out, with a note, audited; others\' conversations stay held', async () => {
    await addUser(t.app, 'alex.r@example.org', 'linkworker', 'Alex');
    const sam = await ConsoleClient.signIn(t.baseUrl, 'sam.r@example.org');
    const alex = await ConsoleClient.signIn(t.baseUrl, 'alex.r@example.org');
    const [one, two, alexs] = [await enqueue(t.app), await enqueue(t.app), await enqueue(t.app)];
    await sam.post(`/api/console/handoffs/${one.id}/claim`);
    await sam.post(`/api/console/handoffs/${two.id}/claim`);
    await alex.post(`/api/console/handoffs/${alexs.id}/claim`);
    const listed = await sam.get<{ handoffs: { id: string; replyOverdue: boolean; waitingOnWorkerSince: string | null }[] }>('/api/console/handoffs?status=active');
    // Just claimed: waiting on Sam since the claim, not yet overdue.
    expect(listed.body.handoffs.find((h) => h.id === one.id)).toMatchObject({ replyOverdue: false, waitingOnWorkerSince: expect.any(String) });

    expect((await sam.post('/api/console/logout')).status).toBe(204);
    for (const h of [one, two]) {
      const now = (await t.app.stores.handoffs.get(h.id))!;
      expect(now.status).toBe('waiting');
      expect(now.transcript.at(-1)).toMatchObject({ from: 'system', text: say('handoff.signedOut.returned', { name: 'Sam' }) });
      expect((await t.app.stores.audit.listByRecord('handoff', h.id)).map((a) => `${a.actor} ${a.action}`)).toContain(`${samId} release:signed-out`);
    }
    expect((await t.app.stores.handoffs.get(alexs.id))?.status).toBe('active');
  });

  it('reads HANDOFF_REPLY_MINUTES, and refuses a bad one clearly', async () => {
    expect(t.app.config.handoff.replyMinutes).toBe(15);
    expect(() => loadConfig({ HANDOFF_REPLY_MINUTES: 'ten' })).toThrow(/HANDOFF_REPLY_MINUTES/);
    expect(() => loadConfig({ HANDOFF_REPLY_MINUTES: '0' })).toThrow(/HANDOFF_REPLY_MINUTES/);
    expect(loadConfig({}).handoff.replyMinutes).toBe(10);
  });
});
