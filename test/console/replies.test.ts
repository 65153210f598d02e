/**
 * Issue 18 item 6: canned replies over HTTP on the real server and store. Shared by the team (any worker lists, uses
 * and adds), changed or deleted only by the author or an admin, CSRF on every change, audited; placeholders filled in
 * for the person being answered, unknown ones refused.
 */
import { startTestApp, type TestApp } from '../helpers/testApp';
import { newReferral } from '../storage/records';
import { addUser, ConsoleClient, enqueue, RecordingChannel } from './consoleHarness';

jest.setTimeout(120_000);

interface ReplyView { id: string; title: string; text: string; filled?: string; canChange: boolean; createdBy: { firstName: string } }

describe('canned replies API', () => {
  let t: TestApp;
  let sam: ConsoleClient;
  let alex: ConsoleClient;
  let admin: ConsoleClient;
  let adminId: string;

  beforeAll(async () => {
    t = await startTestApp({}, { console: { loginLimits: { perAddress: 1000 } } });
    RecordingChannel.registerOn(t.app);
    await addUser(t.app, 'sam.jones@example.org', 'linkworker', 'Sam');
    await addUser(t.app, 'alex@example.org', 'linkworker', 'Alex');
    adminId = await addUser(t.app, 'priya@example.org', 'admin', 'Priya');
    [sam, alex, admin] = await Promise.all([
      ConsoleClient.signIn(t.baseUrl, 'sam.jones@example.org'),
      ConsoleClient.signIn(t.baseUrl, 'alex@example.org'),
      ConsoleClient.signIn(t.baseUrl, 'priya@example.org'),
    ]);
  });
  afterAll(async () => t.close());

  it('a worker adds one; everyone sees it; it is filled in for the person answered; audited', async () => {
    const added = await sam.post<{ reply: ReplyView }>('/api/console/replies', { title: 'Welcome', text: 'Hello {firstName}, I am {workerName}. Your reference is {reference}.' });
    expect(added.status).toBe(201);
    expect(added.body.reply).toMatchObject({ title: 'Welcome', canChange: true, createdBy: { firstName: 'Sam' } });
    const seen = await alex.get<{ replies: ReplyView[]; placeholders: { name: string }[] }>('/api/console/replies');
    expect(seen.body.replies.find((r) => r.id === added.body.reply.id)).toMatchObject({ title: 'Welcome', canChange: false });
    expect(seen.body.placeholders.map((p) => p.name)).toEqual(['{firstName}', '{workerName}', '{reference}']);

    const referral = await t.app.stores.referrals.create(newReferral({ person: { preferredName: 'Margaret Ann', postcode: 'BS5 6XX', contactMethod: 'none' } }));
    const handoff = await enqueue(t.app, { referralReference: referral.reference });
    const filled = await alex.get<{ replies: ReplyView[] }>(`/api/console/replies?handoff=${handoff.id}`);
    expect(filled.body.replies.find((r) => r.id === added.body.reply.id)?.filled).toBe(`Hello Margaret, I am Alex. Your reference is ${referral.reference}.`);
    // Without a referral, no blanks: "there", "your reference".
    const anonymous = await enqueue(t.app);
    const plain = await alex.get<{ replies: ReplyView[] }>(`/api/console/replies?handoff=${anonymous.id}`);
    expect(plain.body.replies.find((r) => r.id === added.body.reply.id)?.filled).toBe('Hello there, I am Alex. Your reference is your reference.');
    expect((await alex.get('/api/console/replies?handoff=no-such-handoff')).status).toBe(404);

    const audit = await t.app.stores.audit.listByRecord('canned-reply', added.body.reply.id);
    expect(audit.map((e) => e.action)).toEqual(['add-reply']);
    expect((await t.app.stores.audit.listByRecord('referral', referral.reference)).map((e) => e.action)).toContain('fill-replies');
  });

  it('only the author or an admin changes or deletes one; others get 403, audited as refused', async () => {
    const { body } = await sam.post<{ reply: ReplyView }>('/api/console/replies', { title: 'Call back', text: 'Can I call you today?' });
    const id = body.reply.id;
    expect((await alex.patch(`/api/console/replies/${id}`, { text: 'Mine now' })).status).toBe(403);
    expect((await alex.request('DELETE', `/api/console/replies/${id}`)).status).toBe(403);
    const changed = await sam.patch<{ reply: ReplyView }>(`/api/console/replies/${id}`, { text: 'Can I call you today, {firstName}?' });
    expect(changed.status).toBe(200);
    expect(changed.body.reply.text).toBe('Can I call you today, {firstName}?');
    const byAdmin = await admin.patch<{ reply: ReplyView }>(`/api/console/replies/${id}`, { title: 'Call back today' });
    expect(byAdmin.body.reply).toMatchObject({ title: 'Call back today', canChange: true });
    expect((await admin.request('DELETE', `/api/console/replies/${id}`)).status).toBe(204);
    expect((await sam.request('DELETE', `/api/console/replies/${id}`)).status).toBe(404);
    const actions = (await t.app.stores.audit.listByRecord('canned-reply', id)).map((e) => `${e.actor === adminId ? 'admin' : 'sam'}:${e.action}`);
    expect(actions).toEqual(['sam:add-reply', 'sam:change-reply:text', 'admin:change-reply:title', 'admin:delete-reply']);
  });

  it('refuses changes without the CSRF token, unknown placeholders, empty or over-long words, and other fields', async () => {
    expect((await sam.post('/api/console/replies', { title: 'X', text: 'y' }, { csrf: false })).status).toBe(403);
    const typo = await sam.post<{ message: string }>('/api/console/replies', { title: 'Typo', text: 'Hello {fristName}' });
    expect(typo.status).toBe(400);
    expect(typo.body.message).toBe('Unknown placeholder {fristName}. Use {firstName}, {workerName}, {reference}.');
    expect((await sam.post('/api/console/replies', { title: ' ', text: 'y' })).status).toBe(400);
    expect((await sam.post('/api/console/replies', { title: 'X', text: 'y'.repeat(2001) })).status).toBe(400);
    expect((await sam.post('/api/console/replies', { title: 'X', text: 'y', createdBy: 'someone-else' })).status).toBe(400);
    expect((await sam.patch('/api/console/replies/whatever', {})).status).toBe(400);
    expect((await t.app.stores.cannedReplies.list()).map((r) => r.title)).not.toContain('Typo');
  });
});
