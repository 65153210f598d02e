/**
 * The local SMS simulator end to end: the real server running without Twilio, and the built `signpost sms` CLI in its
 * own process texting it through the signed webhook (PUBLIC_URL) and printing the replies.
 */
import { createServer } from 'node:net';
import { MESSAGES } from '../../../src/services/content/messages';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { runCli } from '../../nlu/runCli';
import { addUser } from '../../console/consoleHarness';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('signpost sms (the local simulator)', () => {
  let t: TestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    // The same data folder (so the same generated secret) and PUBLIC_URL as the server: what a person's shell has.
    env = { SIGNPOST_DATA_DIR: t.dataDir, PUBLIC_URL: t.app.config.publicUrl };
  });
  afterAll(async () => t.close());

  it('runs without Twilio in simulator mode', () => {
    expect(t.app.sms.mode).toBe('simulator');
  });

  it('texts the running server and prints its replies, then a numbered reply picks an option', async () => {
    const first = await runCli(['sms', '07700 900701', 'hi'], { env });
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(MESSAGES['welcome.hello.sms']);
    expect(first.stdout).toMatch(/1 Refer myself\n/);
    // (The first waited the default 3 s for later texts, as a person's would; the rest of the file need not.)
    const second = await runCli(['sms', '07700900701', '1', '--wait', '0'], { env });
    expect(second.stdout).toContain(MESSAGES['consent.ask.sms']);
  });

  it('prints JSON for programs, with each reply delivered, its segments and encoding', async () => {
    const result = await runCli(['sms', '+447700900702', '--json', '--wait', '0', 'HELP'], { env });
    expect(result.code).toBe(0);
    const exchange = JSON.parse(result.stdout) as { messageSid: string; replies: { body: string; segments: number; encoding: string; status: string; delivery?: string }[] };
    expect(exchange.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(exchange.replies.map((r) => r.body)).toEqual([MESSAGES['sms.help'], MESSAGES['sms.helpUrgent'], MESSAGES['sms.helpTalk']]);
    expect(exchange.replies.every((r) => r.status === 'sent' && r.delivery === 'delivered' && r.segments === 1 && r.encoding === 'GSM-7')).toBe(true);
  });

  it('with --wait, prints the texts sent to that number later: the link worker picking up and replying', async () => {
    const number = '07700900707';
    await runCli(['sms', number, 'hi', '--wait', '0'], { env });
    const asked = await runCli(['sms', number, 'talk to a person', '--wait', '0'], { env });
    expect(asked.stdout).toMatch(/team/);
    const [handoff] = (await t.app.stores.handoffs.list('waiting')).filter((h) => h.channel === 'sms');
    expect(handoff).toBeDefined();
    // The person texts again and listens for 10 s; meanwhile a link worker picks up and replies.
    const listening = runCli(['sms', number, 'are you there?', '--wait', '10'], { env });
    const worker = { id: await addUser(t.app, 'sam.cli@example.org', 'linkworker', 'Sam'), firstName: 'Sam', supervisor: false };
    // Wait until the CLI's own text has been recorded, so the worker's texts come after it.
    for (let i = 0; i < 200 && !(await t.app.stores.handoffs.get(handoff.id))!.transcript.some((e) => e.text === 'are you there?'); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    await t.app.handoffService.claim(handoff.id, worker);
    await t.app.handoffService.reply(handoff.id, worker, 'Yes, I am here. How can I help?');
    const result = await listening;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Sam, a link worker, has picked up your chat');
    expect(result.stdout).toContain('Sam (link worker): Yes, I am here. How can I help?');
    // In order: the reply to its own text first, then what came later.
    expect(result.stdout.indexOf(MESSAGES['handoff.relayed'].slice(0, 20))).toBeLessThan(result.stdout.indexOf('Sam, a link worker'));
    // --json carries them as `later`.
    await t.app.handoffService.reply(handoff.id, worker, 'Still here.');
    const json = JSON.parse((await runCli(['sms', number, '--json', '--wait', '1', 'ok'], { env })).stdout) as { later: { body: string }[] };
    expect(Array.isArray(json.later)).toBe(true);
  }, 60_000);

  it('refuses a --wait that is not a number of seconds', async () => {
    const result = await runCli(['sms', '07700900708', 'hi', '--wait', 'soon'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--wait takes seconds/);
  });

  it('honours STOP in the simulator too', async () => {
    const stop = await runCli(['sms', '07700900703', 'STOP'], { env });
    expect(stop.stdout.trim()).toBe(MESSAGES['sms.stopped']);
    const after = await runCli(['sms', '07700900703', 'hello'], { env });
    expect(after.stdout.trim()).toBe('(no reply)');
  });

  it('is refused (403) with another secret, and says why', async () => {
    const result = await runCli(['sms', '07700900704', 'hi'], { env: { ...env, SIGNPOST_SECRET: 'x'.repeat(40) } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refused the signature/);
    expect(await t.app.sms.contacts.byPhone('+447700900704')).toBeUndefined();
  });

  it('says clearly when no server is running, or the number is not one', async () => {
    const noServer = await runCli(['sms', '07700900705', 'hi'], { env: { ...env, PUBLIC_URL: 'http://127.0.0.1:1' } });
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toMatch(/No Signpost server answered at http:\/\/127\.0\.0\.1:1/);
    const badNumber = await runCli(['sms', 'not-a-number', 'hi'], { env });
    expect(badNumber.code).toBe(1);
    expect(badNumber.stderr).toMatch(/Not a phone number/);
  });

  it('refuses to run when Twilio is configured (it would text a real phone)', async () => {
    const result = await runCli(['sms', '07700900706', 'hi'], { env: { ...env, TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000001', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+447700900999' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/local simulator/);
  });
});
