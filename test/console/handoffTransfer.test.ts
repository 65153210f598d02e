/**
 * Passing a conversation to a colleague over HTTP (issue 18 item 7): POST /api/console/handoffs/{id}/transfer {to},
 * by the holder or an admin, with the CSRF token, audited; the person is told who is with them now; the colleague's
 * live page hears it; the colleagues a worker may choose from (GET /api/console/colleagues).
 */
import { say } from '../../src/services/content/messages';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, ConsoleClient, enqueue, RecordingChannel } from './consoleHarness';

describe('passing a conversation to a colleague', () => {
  let t: TestApp;
  let channel: RecordingChannel;
  let sam: ConsoleClient;
  let alex: ConsoleClient;
  let admin: ConsoleClient;
  let samId: string;
  let alexId: string;
  let adminId: string;
  let goneId: string;

  beforeAll(async () => {
    t = await startTestApp({}, { console: { loginLimits: { perAddress: 1000 } } });
    channel = RecordingChannel.registerOn(t.app);
    samId = await addUser(t.app, 'sam.t@example.org', 'linkworker', 'Sam');
    alexId = await addUser(t.app, 'alex.t@example.org', 'linkworker', 'Alex');
    adminId = await addUser(t.app, 'priya.t@example.org', 'admin', 'Priya');
    goneId = await addUser(t.app, 'gone.t@example.org', 'linkworker', 'Gone');
    await t.app.stores.consoleUsers.update(goneId, { disabled: true });
    [sam, alex, admin] = await Promise.all([ConsoleClient.signIn(t.baseUrl, 'sam.t@example.org'), ConsoleClient.signIn(t.baseUrl, 'alex.t@example.org'), ConsoleClient.signIn(t.baseUrl, 'priya.t@example.org')]);
  });
  afterAll(async () => t.close());

  it('lists the colleagues one may pass to: the others, enabled, first names only', async () => {
    const answer = await sam.get<{ colleagues: { id: string; firstName: string }[] }>('/api/console/colleagues');
    expect(answer.status).toBe(200);
    expect(answer.body.colleagues).toEqual([{ id: alexId, firstName: 'Alex' }, { id: adminId, firstName: 'Priya' }]);
    expect((await new ConsoleClient(t.baseUrl).get('/api/console/colleagues')).status).toBe(401);
  });

  it('the holder passes it on: the colleague holds it, the person is told, the live page hears it, audited', async () => {
    const h = await enqueue(t.app);
    await sam.post(`/api/console/handoffs/${h.id}/claim`);
    const watch = await alex.events(`?handoff=${h.id}`);
    await watch.next((e) => e.event === 'ready');
    const moved = await sam.post<{ handoff: { status: string; claimedBy: { id: string; firstName: string } } }>(`/api/console/handoffs/${h.id}/transfer`, { to: alexId });
    expect(moved.status).toBe(200);
    expect(moved.body.handoff).toMatchObject({ status: 'active', claimedBy: { id: alexId, firstName: 'Alex' } });
    expect(channel.to(h.conversationId).at(-1)).toBe(say('handoff.worker.transferred', { name: 'Alex' }));
    expect((await watch.next((e) => e.event === 'status' && e.data.change === 'transferred')).data).toMatchObject({ status: 'active', claimedBy: { id: alexId, firstName: 'Alex' } });
    watch.close();
    // Now Alex replies; Sam may not.
    expect((await sam.post(`/api/console/handoffs/${h.id}/messages`, { text: 'still me' })).status).toBe(409);
    expect((await alex.post(`/api/console/handoffs/${h.id}/messages`, { text: 'Hello, I am Alex' })).status).toBe(201);
    expect((await t.app.stores.audit.listByRecord('handoff', h.id)).map((a) => `${a.actor} ${a.action}`)).toContain(`${samId} transfer:${alexId}`);
  });

  it('an admin may pass on someone else\'s conversation; another link worker may not', async () => {
    const h = await enqueue(t.app);
    await sam.post(`/api/console/handoffs/${h.id}/claim`);
    const refused = await alex.post(`/api/console/handoffs/${h.id}/transfer`, { to: alexId });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('NotClaimed');
    expect((await admin.post(`/api/console/handoffs/${h.id}/transfer`, { to: alexId })).status).toBe(200);
    expect((await t.app.stores.handoffs.get(h.id))?.claimedBy).toBe(alexId);
  });

  it('refuses clearly: no CSRF token, an unknown or disabled colleague, a waiting or closed conversation; nothing changes', async () => {
    const h = await enqueue(t.app);
    expect((await sam.post(`/api/console/handoffs/${h.id}/transfer`, { to: alexId })).status).toBe(409);
    await sam.post(`/api/console/handoffs/${h.id}/claim`);
    expect((await sam.post(`/api/console/handoffs/${h.id}/transfer`, { to: alexId }, { csrf: false })).status).toBe(403);
    for (const to of ['no-such-user', goneId]) {
      const bad = await sam.post(`/api/console/handoffs/${h.id}/transfer`, { to });
      expect([to, bad.status]).toEqual([to, 400]);
    }
    expect((await sam.post(`/api/console/handoffs/${h.id}/transfer`, {})).status).toBe(400);
    expect((await t.app.stores.handoffs.get(h.id))?.claimedBy).toBe(samId);
    await sam.post(`/api/console/handoffs/${h.id}/close`, { outcome: 'signposted' });
    expect((await sam.post(`/api/console/handoffs/${h.id}/transfer`, { to: alexId })).status).toBe(409);
  });
});
