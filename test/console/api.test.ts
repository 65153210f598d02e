/** The console JSON API over HTTP on the real server: sessions, CSRF, roles, the queue, replies, closing, audit. */
import { startTestApp, type TestApp } from '../helpers/testApp';
import { MESSAGES, say } from '../../src/services/content/messages';
import { matchServices } from '../../src/services/directory/matching/matchServices';
import { addUser, ConsoleClient, enqueue, PASSWORD, RecordingChannel } from './consoleHarness';

const PATIENT_WORDS = 'I feel so alone since my wife died';

// Signing in hashes passwords with scrypt (deliberately slow): generous time on a busy machine.
jest.setTimeout(120_000);

describe('link worker console API', () => {
  let t: TestApp;
  let channel: RecordingChannel;
  let sam: ConsoleClient;
  let alex: ConsoleClient;
  let admin: ConsoleClient;
  let samId: string;
  let adminId: string;

  beforeAll(async () => {
    // Many sign-ins from one address here (127.0.0.1): the per-address limit is tested in loginLimits.test.ts.
    t = await startTestApp({}, { console: { loginLimits: { perAddress: 1000 } } });
    channel = RecordingChannel.registerOn(t.app);
    samId = await addUser(t.app, 'sam.jones@example.org', 'linkworker');
    await addUser(t.app, 'alex@example.org', 'linkworker', 'Alex');
    adminId = await addUser(t.app, 'priya.admin@example.org', 'admin', 'Priya');
    [sam, alex, admin] = await Promise.all([
      ConsoleClient.signIn(t.baseUrl, 'sam.jones@example.org'),
      ConsoleClient.signIn(t.baseUrl, 'ALEX@example.org'),
      ConsoleClient.signIn(t.baseUrl, 'priya.admin@example.org'),
    ]);
  });
  afterAll(async () => t.close());

  describe('without a session', () => {
    /** Console API routes anyone may call: signing in. Every other route under /api/console needs a session. */
    const PUBLIC = ['POST /api/console/login'];

    /**
     * Every console API route as the server registered it (restify's router lists them), with each :param filled in:
     * a route added later is checked here without a list to keep up to date.
     */
    function registeredConsoleRoutes(): string[] {
      const routes = Object.values(t.app.http.server.router.getRoutes() as unknown as Record<string, { method: string; path: string | RegExp }>);
      return routes
        .filter((r) => typeof r.path === 'string' && (r.path === '/api/console' || r.path.startsWith('/api/console/')))
        .map((r) => `${r.method.toUpperCase()} ${(r.path as string).replace(/:[A-Za-z]+/g, 'abc')}`)
        .sort();
    }

    async function answerWithoutSession(route: string): Promise<string | undefined> {
      const [method, path] = route.split(' ');
      const res = await new ConsoleClient(t.baseUrl).request(method, path, method === 'GET' ? undefined : { text: 'hi' });
      const ok = res.status === 401 && res.body.code === 'NotSignedIn' && typeof res.body.message === 'string' && res.headers.get('cache-control') === 'no-store';
      return ok ? undefined : `${route}: ${res.status} ${JSON.stringify(res.body)} cache-control ${res.headers.get('cache-control')}`;
    }

    it('every registered console API route but signing in answers 401 NotSignedIn, never cached', async () => {
      const routes = registeredConsoleRoutes();
      // The listing itself works: it holds routes of every part of the console (sessions, queue, directory, users,
      // reports, FHIR, live updates), and the public ones are really registered.
      for (const known of ['GET /api/console/session', 'POST /api/console/handoffs/abc/messages', 'PATCH /api/console/directory/abc', 'POST /api/console/users', 'GET /api/console/reports/referrals.csv', 'GET /api/console/referrals/abc/fhir', 'GET /api/console/events']) expect(routes).toContain(known);
      for (const open of PUBLIC) expect(routes).toContain(open);
      const guarded = [...routes.filter((r) => !PUBLIC.includes(r)), 'GET /api/console/handoffs?status=closed'];
      const failures: string[] = [];
      for (const route of guarded) {
        const failure = await answerWithoutSession(route);
        if (failure) failures.push(failure);
      }
      expect(failures).toEqual([]);
    });

    it('refuses a forged or unknown session cookie', async () => {
      const forged = new ConsoleClient(t.baseUrl);
      forged.cookie = 'signpost_console=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      expect((await forged.get('/api/console/handoffs')).status).toBe(401);
    });
  });

  describe('signing in', () => {
    it('sets an HttpOnly, SameSite=Strict session cookie (not Secure outside production) and answers with the CSRF token', async () => {
      const client = new ConsoleClient(t.baseUrl);
      const res = await client.login('sam.jones@example.org', PASSWORD);
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^signpost_console=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
      expect(cookie).not.toMatch(/Secure/);
      expect(res.body).toEqual({ user: expect.objectContaining({ id: samId, email: 'sam.jones@example.org', firstName: 'Sam', role: 'linkworker' }), csrfToken: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toMatch(/scrypt|passwordHash/);
      const session = await client.get('/api/console/session');
      expect(session.status).toBe(200);
      expect(session.body.csrfToken).toBe(res.body.csrfToken);
    });

    it('says the same thing for a wrong password and an unknown email', async () => {
      const wrong = await new ConsoleClient(t.baseUrl).login('alex@example.org', 'not the password');
      const unknown = await new ConsoleClient(t.baseUrl).login('nobody@example.org', PASSWORD);
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.headers.get('set-cookie')).toBeNull();
    });

    it('refuses a body that is not JSON, or is missing fields', async () => {
      const form = await fetch(`${t.baseUrl}/api/console/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a&password=b' });
      expect(form.status).toBe(415);
      const missing = await new ConsoleClient(t.baseUrl).request('POST', '/api/console/login', { email: 'sam.jones@example.org' });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toMatch(/password/);
    });

    it('signs out: the cookie is cleared and the session no longer works', async () => {
      const client = await ConsoleClient.signIn(t.baseUrl, 'alex@example.org');
      const out = await client.post('/api/console/logout');
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
      expect((await client.get('/api/console/session')).status).toBe(401);
    });
  });

  describe('CSRF', () => {
    it.each([
      ['POST', '/api/console/handoffs/claim-next', undefined],
      ['POST', '/api/console/logout', undefined],
      ['POST', '/api/console/password', { currentPassword: PASSWORD, newPassword: 'another long password' }],
      ['PATCH', '/api/console/directory/x', { phone: '0117 000 0000' }],
    ])('%s %s needs the session CSRF token: missing or wrong answers 403', async (method, path, body) => {
      const missing = await sam.request(method, path, body, { csrf: false });
      expect(missing.status).toBe(403);
      expect(missing.body.code).toBe('BadCsrfToken');
      const wrong = await sam.request(method, path, body, { csrf: 'x'.repeat(43) });
      expect(wrong.status).toBe(403);
      // Another user's token is wrong too.
      const others = await sam.request(method, path, body, { csrf: alex.csrf });
      expect(others.status).toBe(403);
      expect((await sam.get('/api/console/session')).status).toBe(200);
    });

    it('checks the token on every handoff action', async () => {
      const h = await enqueue(t.app);
      for (const [path, body] of [['claim', undefined], ['messages', { text: 'hi' }], ['notes', { text: 'n' }], ['close', { outcome: 'signposted' }], ['release', undefined]] as const) {
        const res = await sam.post(`/api/console/handoffs/${h.id}/${path}`, body, { csrf: false });
        expect([path, res.status]).toEqual([path, 403]);
      }
      expect((await t.app.stores.handoffs.get(h.id))?.status).toBe('waiting');
    });
  });

  describe('roles', () => {
    it('lets only admins manage users', async () => {
      expect((await sam.get('/api/console/users')).status).toBe(403);
      expect((await sam.post('/api/console/users', { email: 'new@example.org', role: 'linkworker' })).status).toBe(403);
      const list = await admin.get<{ users: { email: string }[] }>('/api/console/users');
      expect(list.status).toBe(200);
      expect(list.body.users.map((u) => u.email)).toEqual(expect.arrayContaining(['sam.jones@example.org', 'priya.admin@example.org']));
      expect(JSON.stringify(list.body)).not.toMatch(/scrypt/);
    });

    it('an admin adds a user with a one-time password, which must be changed before anything else', async () => {
      const created = await admin.post<{ user: { id: string; mustChangePassword: boolean; firstName: string }; oneTimePassword: string }>('/api/console/users', { email: 'jo.bloggs@example.org', role: 'linkworker' });
      expect(created.status).toBe(201);
      expect(created.body.user).toMatchObject({ firstName: 'Jo', mustChangePassword: true });
      expect(created.body.oneTimePassword).toMatch(/^[A-Za-z0-9]{20}$/);
      const jo = await ConsoleClient.signIn(t.baseUrl, 'jo.bloggs@example.org', created.body.oneTimePassword);
      expect((await jo.get('/api/console/session')).body.user).toMatchObject({ mustChangePassword: true });
      const blocked = await jo.get('/api/console/handoffs');
      expect(blocked.status).toBe(403);
      expect(blocked.body.code).toBe('PasswordChangeRequired');
      expect((await jo.post('/api/console/password', { currentPassword: 'wrong', newPassword: 'a brand new password' })).status).toBe(403);
      expect((await jo.post('/api/console/password', { currentPassword: created.body.oneTimePassword, newPassword: 'short' })).status).toBe(400);
      const changed = await jo.post('/api/console/password', { currentPassword: created.body.oneTimePassword, newPassword: 'a brand new password' });
      expect(changed.status).toBe(200);
      expect((await jo.get('/api/console/handoffs')).status).toBe(200);
      expect((await new ConsoleClient(t.baseUrl).login('jo.bloggs@example.org', created.body.oneTimePassword)).status).toBe(401);
      // Disabling signs them out at once.
      expect((await admin.patch(`/api/console/users/${created.body.user.id}`, { disabled: true })).status).toBe(200);
      expect((await jo.get('/api/console/session')).status).toBe(401);
      expect((await new ConsoleClient(t.baseUrl).login('jo.bloggs@example.org', 'a brand new password')).status).toBe(401);
    });

    it('an admin cannot lock themselves out', async () => {
      expect((await admin.patch(`/api/console/users/${adminId}`, { disabled: true })).status).toBe(409);
    });
  });

  describe('the queue', () => {
    it('lists waiting handoffs urgent first, then oldest, with waiting time and no conversation reference', async () => {
      const normalOld = await enqueue(t.app, { summary: 'old normal' });
      await new Promise((r) => setTimeout(r, 5));
      const urgent = await enqueue(t.app, { priority: 'urgent', summary: 'urgent one' });
      const res = await sam.get<{ now: string; handoffs: { id: string; priority: string; waitingMs: number; summary: string }[] }>('/api/console/handoffs?status=waiting');
      expect(res.status).toBe(200);
      const ids = res.body.handoffs.map((h) => h.id);
      expect(ids.indexOf(urgent.id)).toBeLessThan(ids.indexOf(normalOld.id));
      expect(res.body.handoffs.filter((h) => h.priority === 'urgent').every((u) => ids.indexOf(u.id) < ids.indexOf(normalOld.id))).toBe(true);
      expect(res.body.handoffs.find((h) => h.id === normalOld.id)?.waitingMs).toBeGreaterThanOrEqual(5);
      expect(JSON.stringify(res.body)).not.toMatch(/serviceUrl|conversationReference|alone since/);
      expect((await sam.get('/api/console/handoffs?status=everything')).status).toBe(400);
    });

    describe('20 link workers at once', () => {
      let workers: ConsoleClient[];
      // 40 password hashes (scrypt, deliberately slow): generous time on a busy machine.
      beforeAll(async () => {
        const emails = Array.from({ length: 20 }, (_, i) => `worker${i}@example.org`);
        await Promise.all(emails.map((e, i) => addUser(t.app, e, 'linkworker', `Worker${String.fromCharCode(65 + i)}`)));
        workers = await Promise.all(emails.map((e) => ConsoleClient.signIn(t.baseUrl, e)));
      }, 180_000);

      it('get 20 different handoffs when they all claim the next at once', async () => {
        // Clear the queue first, so exactly these 20 wait.
        for (const h of await t.app.stores.handoffs.list('waiting')) await t.app.stores.handoffs.close(h.id, { type: 'no-contact' });
        const queued = await Promise.all(Array.from({ length: 20 }, (_, i) => enqueue(t.app, { summary: `burst ${i}` })));
        const answers = await Promise.all(workers.map((w) => w.post<{ handoff: { id: string; status: string } }>('/api/console/handoffs/claim-next')));
        expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
        const claimed = answers.map((a) => a.body.handoff.id);
        expect(new Set(claimed).size).toBe(20);
        expect([...claimed].sort()).toEqual(queued.map((h) => h.id).sort());
        // Nobody else is waiting: the next claim finds nothing.
        expect((await workers[0].post('/api/console/handoffs/claim-next')).status).toBe(204);
        // Each handoff is held by the worker who claimed it.
        for (const [i, a] of answers.entries()) expect((await t.app.stores.handoffs.get(a.body.handoff.id))?.claimedBy).toBe((await workers[i].get<{ user: { id: string } }>('/api/console/session')).body.user.id);
      });

      it('claiming the same handoff: exactly one gets it, the others 409', async () => {
        const h = await enqueue(t.app);
        const answers = await Promise.all(workers.map((w) => w.post(`/api/console/handoffs/${h.id}/claim`)));
        expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
        expect(answers.filter((a) => a.status === 409)).toHaveLength(19);
        expect(answers.find((a) => a.status === 409)?.body.code).toBe('Conflict');
      });
    });
  });

  describe('a conversation', () => {
    it('claim, reply (delivered to the patient, labelled), note, close (the patient is told), all audited', async () => {
      const referral = await t.app.stores.referrals.create({
        reference: `SP-T${Date.now().toString(36).toUpperCase()}`,
        personId: 'person-r',
        channel: 'test-recorder',
        conversationId: 'conv-r',
        status: 'handed-off',
        urgent: false,
        consent: { given: true, at: new Date() },
        person: { preferredName: 'Maggie', postcode: 'BS5 6XX', contactMethod: 'text', contactValue: '+447700900123' },
        whatMatters: 'Getting out of the house',
        needs: ['loneliness'],
        servicesOffered: [(await t.app.stores.directory.search({ limit: 1 }))[0].id, 'gone:123'],
      });
      const h = await enqueue(t.app, { referralReference: referral.reference, conversationId: 'conv-r' });

      // Someone else cannot reply before claiming.
      expect((await alex.post(`/api/console/handoffs/${h.id}/messages`, { text: 'hello' })).body.code).toBe('NotClaimed');

      const claim = await sam.post<{ handoff: { status: string; claimedBy: { firstName: string } } }>(`/api/console/handoffs/${h.id}/claim`);
      expect(claim.status).toBe(200);
      expect(claim.body.handoff).toMatchObject({ status: 'active', claimedBy: { firstName: 'Sam' } });
      expect(channel.to('conv-r')).toEqual([say('handoff.worker.joined', { name: 'Sam' })]);
      // Claiming again is fine for the holder, a conflict for anyone else.
      expect((await sam.post(`/api/console/handoffs/${h.id}/claim`)).status).toBe(200);
      expect((await alex.post(`/api/console/handoffs/${h.id}/claim`)).status).toBe(409);

      const reply = await sam.post(`/api/console/handoffs/${h.id}/messages`, { text: 'Hello Maggie, I am here to help.' });
      expect(reply.status).toBe(201);
      expect(channel.to('conv-r').at(-1)).toBe('Sam (link worker): Hello Maggie, I am here to help.');
      expect((await alex.post(`/api/console/handoffs/${h.id}/messages`, { text: 'me too' })).status).toBe(409);

      expect((await sam.post(`/api/console/handoffs/${h.id}/messages`, { text: '   ' })).status).toBe(400);
      expect((await sam.post(`/api/console/handoffs/${h.id}/messages`, { text: 'x'.repeat(2001) })).status).toBe(400);
      expect((await sam.post(`/api/console/handoffs/${h.id}/messages`, { words: 'hi' })).status).toBe(400);
      expect((await sam.post(`/api/console/handoffs/${h.id}/messages`, { text: 'ring \u0007 bell' })).status).toBe(400);

      // A channel that fails: 502, nothing recorded, the worker can try again.
      channel.failing = true;
      const failed = await sam.post(`/api/console/handoffs/${h.id}/messages`, { text: 'Are you still there?' });
      channel.failing = false;
      expect(failed.status).toBe(502);
      expect(failed.body.code).toBe('DeliveryFailed');

      expect((await alex.post(`/api/console/handoffs/${h.id}/notes`, { text: 'Knows the lunch club already' })).status).toBe(201);

      // The patient writes while handed off (what the bot does through the service).
      expect(await t.app.handoffService.recordPatientMessage('conv-r', 'Thank you so much')).toMatchObject({ id: h.id });

      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer, checked field by field below
      const view = await sam.get<Record<string, any>>(`/api/console/handoffs/${h.id}`);
      expect(view.status).toBe(200);
      expect(view.body.handoff.transcript.map((e: { from: string; text: string }) => [e.from, e.text])).toEqual([
        ['patient', PATIENT_WORDS],
        ['bot', say('handoff.worker.joined', { name: 'Sam' })],
        ['worker', 'Hello Maggie, I am here to help.'],
        ['patient', 'Thank you so much'],
      ]);
      expect(view.body.handoff.notes).toEqual([{ text: 'Knows the lunch club already', at: expect.any(String), worker: { id: expect.any(String), firstName: 'Alex' } }]);
      expect(view.body.referral).toMatchObject({ reference: referral.reference, person: { preferredName: 'Maggie', postcode: 'BS5 6XX' }, whatMatters: 'Getting out of the house' });
      expect(view.body.needs).toEqual([{ id: 'loneliness', label: expect.any(String) }]);
      expect(view.body.services).toHaveLength(2);
      expect(view.body.services[0]).toMatchObject({ id: referral.servicesOffered[0], name: expect.any(String) });
      expect(view.body.services[1]).toEqual({ id: 'gone:123', missing: true });
      expect(JSON.stringify(view.body)).not.toMatch(/serviceUrl/);

      // Closing: "referred" needs the service's name; the outcome must be one we know.
      expect((await sam.post(`/api/console/handoffs/${h.id}/close`, { outcome: 'referred' })).status).toBe(400);
      expect((await sam.post(`/api/console/handoffs/${h.id}/close`, { outcome: 'cured' })).status).toBe(400);
      expect((await alex.post(`/api/console/handoffs/${h.id}/close`, { outcome: 'signposted' })).status).toBe(409);
      const closed = await sam.post<{ handoff: { status: string; outcome: unknown }; patientTold: boolean }>(`/api/console/handoffs/${h.id}/close`, { outcome: 'referred', detail: 'Barton Hill Lunch Club' });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ handoff: { status: 'closed', outcome: { type: 'referred', detail: 'Barton Hill Lunch Club' } }, patientTold: true });
      expect(channel.to('conv-r')).toContain(say('handoff.closed.referred', { service: 'Barton Hill Lunch Club' }));
      expect((await sam.post(`/api/console/handoffs/${h.id}/close`, { outcome: 'signposted' })).status).toBe(409);
      expect(await t.app.handoffService.recordPatientMessage('conv-r', 'hello?')).toBeNull();

      const closedList = await sam.get<{ handoffs: { id: string }[] }>('/api/console/handoffs?status=closed');
      expect(closedList.body.handoffs.map((x) => x.id)).toContain(h.id);

      const audit = await t.app.stores.audit.listByRecord('handoff', h.id);
      const actions = audit.map((a) => `${a.actor === samId ? 'sam' : 'other'}:${a.action}`);
      expect(actions).toEqual(expect.arrayContaining(['sam:claim', 'sam:reply', 'other:note', 'sam:view-handoff', 'sam:close:referred']));
      // Opening it, and (issue 18) reading the first name and age for the queue.
      expect((await t.app.stores.audit.listByRecord('referral', referral.reference)).map((a) => `${a.actor === samId ? 'sam' : 'other'}:${a.action}`).sort()).toEqual(['sam:view-referral', 'sam:view-referral-summary']);
      expect((await t.app.stores.audit.listByRecord('handoff-queue', 'closed')).map((a) => a.actor)).toContain(samId);
    });

    it('releases back to the queue (holder or admin only), and hands back to the bot', async () => {
      const h = await enqueue(t.app);
      await sam.post(`/api/console/handoffs/${h.id}/claim`);
      expect((await alex.post(`/api/console/handoffs/${h.id}/release`)).status).toBe(409);
      const released = await sam.post<{ handoff: { status: string; claimedBy: unknown } }>(`/api/console/handoffs/${h.id}/release`);
      expect(released.body.handoff).toMatchObject({ status: 'waiting', claimedBy: null });
      await alex.post(`/api/console/handoffs/${h.id}/claim`);
      expect((await admin.post(`/api/console/handoffs/${h.id}/release`)).status).toBe(200);
      await sam.post(`/api/console/handoffs/${h.id}/claim`);
      const back = await sam.post(`/api/console/handoffs/${h.id}/close`, { outcome: 'handed-back' });
      expect(back.status).toBe(200);
      expect(channel.to(h.conversationId).at(-1)).toBe(MESSAGES['handoff.closed.handedBack']);
      expect(await t.app.handoffService.openHandoffFor(h.conversationId)).toBeNull();
    });

    it('answers 404 for an unknown or malformed id, without echoing it', async () => {
      const unknown = await sam.get('/api/console/handoffs/00000000-0000-0000-0000-000000000000');
      expect(unknown.status).toBe(404);
      const odd = await sam.get('/api/console/handoffs/%3Cscript%3E');
      expect(odd.status).toBe(404);
      expect(JSON.stringify(odd.body)).not.toMatch(/script/);
    });
  });

  describe('live updates', () => {
    it('streams queue changes to every signed-in worker, and one handoff\'s messages to those watching it', async () => {
      const queue = await alex.events();
      await queue.next((e) => e.event === 'ready');
      expect(queue.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const h = await enqueue(t.app, { priority: 'urgent' });
      expect((await queue.next((e) => e.event === 'queue' && e.data.handoffId === h.id)).data).toEqual({ change: 'enqueued', handoffId: h.id, status: 'waiting', priority: 'urgent' });

      const watch = await sam.events(`?handoff=${h.id}`);
      await watch.next((e) => e.event === 'ready');
      await sam.post(`/api/console/handoffs/${h.id}/claim`);
      expect((await queue.next((e) => e.event === 'queue' && e.data.change === 'claimed' && e.data.handoffId === h.id)).data).toMatchObject({ status: 'active', claimedBy: samId });
      expect((await watch.next((e) => e.event === 'status')).data).toMatchObject({ change: 'claimed', claimedBy: { id: samId, firstName: 'Sam' } });

      await t.app.handoffService.recordPatientMessage(h.conversationId, 'Is anyone there?');
      expect((await watch.next((e) => e.event === 'message' && e.data.entry !== undefined && (e.data.entry as { text: string }).text === 'Is anyone there?')).data).toMatchObject({ handoffId: h.id, entry: { from: 'patient' } });
      await sam.post(`/api/console/handoffs/${h.id}/notes`, { text: 'Check in tomorrow' });
      expect((await watch.next((e) => e.event === 'note')).data).toMatchObject({ note: { text: 'Check in tomorrow', worker: { firstName: 'Sam' } } });
      // Queue events carry ids and statuses only.
      expect(JSON.stringify(queue.received)).not.toMatch(/anyone there|Check in/);
      expect((await t.app.stores.audit.listByRecord('handoff', h.id)).map((a) => a.action)).toContain('watch-handoff');

      // Signing out ends the stream.
      const leaving = await ConsoleClient.signIn(t.baseUrl, 'alex@example.org');
      const stream = await leaving.events();
      await stream.next((e) => e.event === 'ready');
      await leaving.post('/api/console/logout');
      await stream.done;
      queue.close();
      watch.close();
    });
  });

  describe('directory', () => {
    it('searches, shows and corrects a service (audited); refuses bad corrections', async () => {
      const list = await sam.get<{ total: number; services: { id: string; name: string }[] }>('/api/console/directory?limit=5');
      expect(list.status).toBe(200);
      expect(list.body.services.length).toBeGreaterThan(0);
      const first = list.body.services[0];
      const word = first.name.split(/\s+/)[0];
      const found = await sam.get<{ services: { id: string }[] }>(`/api/console/directory?q=${encodeURIComponent(word)}&limit=100`);
      expect(found.body.services.map((s) => s.id)).toContain(first.id);
      const path = `/api/console/directory/${encodeURIComponent(first.id)}`;
      expect((await sam.get<{ service: { id: string } }>(path)).body.service.id).toBe(first.id);

      const fixed = await sam.patch<{ service: { phone: string } }>(path, { phone: '0117 496 0000', eligibility: { minAge: 18 } });
      expect(fixed.status).toBe(200);
      expect(fixed.body.service.phone).toBe('0117 496 0000');
      expect((await t.app.stores.directory.get(first.id))?.eligibility.minAge).toBe(18);
      expect((await t.app.stores.audit.listByRecord('directory-service', first.id)).map((a) => a.action)).toEqual(['update-service:eligibility,phone']);

      expect((await sam.patch(path, { needs: ['not-a-need'] })).status).toBe(400);
      expect((await sam.patch(path, { url: 'javascript:alert(1)' })).status).toBe(400);
      expect((await sam.patch(path, { id: 'other' })).status).toBe(400);
      expect((await sam.patch(path, {})).status).toBe(400);
      expect((await sam.patch('/api/console/directory/nope', { phone: '1' })).status).toBe(404);
      expect((await sam.get('/api/console/directory?need=unknown')).status).toBe(400);
    });

    it('shows who a service is for, its notes and costs, in the directory\'s own words', async () => {
      const path = `/api/console/directory/${encodeURIComponent('sheffield_food:31')}`;
      const { body } = await sam.get<{ service: Record<string, unknown> }>(path);
      expect(body.service).toMatchObject({
        name: "Ben's Centre",
        notes: 'Free hot meal and access to clothing at the Day Centre.\nFor people having alcohol/drug issues only!',
        eligibility: { restrictions: ['For people having alcohol/drug issues only!'] },
        active: true,
        mark: null,
      });
      // A link worker's correction of who it is for is judged again.
      const corrected = await sam.patch<{ service: { eligibility: { restrictions?: string[] } } }>(path, { notes: 'Free hot meal and access to clothing at the Day Centre. Members only.' });
      expect(corrected.body.service.eligibility.restrictions).toEqual(['Members only.']);
    });

    it('a link worker marks a service not suitable, closed or wrong number: lowered or left out of matching, with who and when, audited; and clears it', async () => {
      const id = 'sheffield_food:29';
      const path = `/api/console/directory/${encodeURIComponent(id)}/mark`;
      const closed = await sam.post<{ service: { mark: { kind: string; by: string; byName: string; at: string } } }>(path, { kind: 'closed', note: 'Rang them: closed since October.' });
      expect(closed.status).toBe(200);
      expect(closed.body.service.mark).toMatchObject({ kind: 'closed', by: samId, byName: 'Sam', note: 'Rang them: closed since October.' });
      expect(Date.parse(closed.body.service.mark.at)).not.toBeNaN();
      const stored = await t.app.stores.directory.get(id);
      expect(matchServices([stored!], { needs: stored!.needs })).toEqual([]);

      await sam.post(path, { kind: 'not-suitable' });
      const lowered = matchServices([(await t.app.stores.directory.get(id))!], { needs: stored!.needs });
      expect(lowered[0]).toMatchObject({ mayNotFit: true });
      expect(lowered[0].reasons).toContain('a link worker has said it may not be suitable');

      const cleared = await sam.request<{ service: { mark: unknown } }>('DELETE', path);
      expect(cleared.status).toBe(200);
      expect(cleared.body.service.mark).toBeNull();
      expect(matchServices([(await t.app.stores.directory.get(id))!], { needs: stored!.needs })[0].mayNotFit).toBe(false);
      expect((await t.app.stores.audit.listByRecord('directory-service', id)).map((a) => a.action)).toEqual(['mark-service:closed', 'mark-service:not-suitable', 'clear-service-mark']);

      expect((await sam.post(path, { kind: 'gone fishing' })).status).toBe(400);
      expect((await sam.post('/api/console/directory/nope/mark', { kind: 'closed' })).status).toBe(404);
    });
  });

  it('serves the console pages with the patient page\'s security headers', async () => {
    for (const path of ['/console', '/console/login', '/console/handoff', '/console/directory', '/console/js/api.js', '/console/console.css']) {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect([path, res.status]).toEqual([path, 200]);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('never logs personal data: no message text, emails, names or notes', () => {
    const logs = t.logs.text();
    for (const secret of [PATIENT_WORDS, 'Hello Maggie', 'Thank you so much', 'Knows the lunch club', 'sam.jones@example.org', 'Barton Hill', 'Maggie', '+447700900123', 'BS5 6XX', PASSWORD]) {
      expect([secret, logs.includes(secret)]).toEqual([secret, false]);
    }
    expect(logs).toMatch(/handoff-delivered/);
  });
});
