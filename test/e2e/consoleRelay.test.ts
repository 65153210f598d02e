/**
 * The relay through a real patient channel: a patient on Signpost's own Direct Line (botframework-directlinejs, the
 * client inside Web Chat) asks for a person; the handoff dialog queues them; a link worker claims it in the console
 * API and replies; the patient's client receives "Sam (link worker): ..."; the worker closes and the patient is told.
 * The same over SMS, through the real twilio library to the fake Twilio API, where the patient texts an answer that
 * the worker reads in the handoff's transcript.
 */
import type { Activity } from 'botframework-directlinejs';
import { smsConversationId } from '../../src/channels/sms/identity';
import { MESSAGES, say } from '../../src/services/content/messages';
import { DirectLineTestClient, generateToken, replyToId } from '../channels/directline/directLineClient';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { addUser, ConsoleClient } from '../console/consoleHarness';
import { PATIENT, startSmsHarness, type SmsHarness } from '../channels/sms/smsHarness';

jest.setTimeout(120_000);

/** "I have asked someone from our team to pick up this chat...": in or out of opening hours, urgent or not. */
const isQueued = (text: string): boolean => text.startsWith(MESSAGES['handoff.queued.soon'].split('.')[0]);
const botText = (a: Activity): string => (a.from?.role === 'bot' && a.type === 'message' && 'text' in a ? (a.text ?? '') : '');

describe('console replies reach a web chat patient', () => {
  let t: TestApp;
  let patient: DirectLineTestClient | undefined;

  beforeAll(async () => {
    t = await startTestApp();
    await addUser(t.app, 'sam@example.org', 'linkworker', 'Sam');
  });
  afterAll(async () => {
    patient?.end();
    await t.close();
  });

  it('asks for a person, gets the worker\'s reply labelled, and is told when it closes', async () => {
    const { token } = await generateToken(t.baseUrl);
    patient = new DirectLineTestClient({ domain: `${t.baseUrl}/v3/directline`, token, webSocket: true, random: () => 0 } as never);
    await patient.waitFor((a) => botText(a).length > 0);
    await patient.post('I want to talk to a person');
    await patient.waitFor((a) => isQueued(botText(a)), 20_000, 'the handoff confirmation');

    const sam = await ConsoleClient.signIn(t.baseUrl, 'sam@example.org');
    const queue = await sam.get<{ handoffs: { id: string; channel: string }[] }>('/api/console/handoffs?status=waiting');
    const queued = queue.body.handoffs.find((h) => h.channel === 'directline');
    expect(queued).toBeDefined();
    const id = queued!.id;

    expect((await sam.post(`/api/console/handoffs/${id}/claim`)).status).toBe(200);
    await patient.waitFor((a) => botText(a) === say('handoff.worker.joined', { name: 'Sam' }), 10_000, 'the joined message');

    expect((await sam.post(`/api/console/handoffs/${id}/messages`, { text: 'Hello, I am here. What is worrying you most?' })).status).toBe(201);
    const reply = await patient.waitFor((a) => botText(a) === 'Sam (link worker): Hello, I am here. What is worrying you most?', 10_000, 'the worker reply');
    // Web Chat holds an activity whose replyToId names one it has not seen (up to 5 s): a proactive message answers
    // nothing, so it carries no replyToId (or only one of an activity the patient has).
    const replyTo = replyToId(reply);
    if (replyTo !== undefined) expect(patient.received.map((a) => a.id)).toContain(replyTo);

    const closed = await sam.post<{ patientTold: boolean }>(`/api/console/handoffs/${id}/close`, { outcome: 'handed-back' });
    expect(closed.body.patientTold).toBe(true);
    await patient.waitFor((a) => botText(a) === MESSAGES['handoff.closed.handedBack'], 10_000, 'the closing message');
  });
});

describe('console replies reach an SMS patient', () => {
  let sms: SmsHarness;

  beforeAll(async () => {
    sms = await startSmsHarness();
    await addUser(sms.t.app, 'sam@example.org', 'linkworker', 'Sam');
  });
  afterAll(async () => sms.close());

  it('STOP while handed off: the worker is told at once, and a reply is refused (409), never said to be sent', async () => {
    const from = '+447700900888';
    await sms.converse('I want to talk to a person', from);
    const sam = await ConsoleClient.signIn(sms.t.baseUrl, 'sam@example.org');
    const handoff = await sms.t.app.stores.handoffs.findOpenByConversation(smsConversationId(sms.t.app.secret, from));
    expect((await sam.post(`/api/console/handoffs/${handoff!.id}/claim`)).status).toBe(200);
    await sms.drained();
    expect(await sms.converse('STOP', from)).toEqual([MESSAGES['sms.stopped']]);
    const detail = await sam.get<{ handoff: { transcript: { from: string; text: string }[] } }>(`/api/console/handoffs/${handoff!.id}`);
    expect(detail.body.handoff.transcript.at(-1)).toEqual(expect.objectContaining({ from: 'system', text: say('handoff.patientOptedOut') }));
    const before = sms.twilio.to(from).length;
    const refused = await sam.post(`/api/console/handoffs/${handoff!.id}/messages`, { text: 'Are you still there?' });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ code: 'OptedOut', message: expect.stringContaining('STOP') });
    await sms.drained();
    expect(sms.twilio.to(from)).toHaveLength(before);
  });

  it('asks for a person by text, gets the worker\'s reply as a text, answers it, and is told when it closes', async () => {
    const replies = await sms.converse('I want to talk to a person');
    // The short SMS forms, joined into one text (issue 21).
    expect(replies[0]).toBe(`${MESSAGES['welcome.hello.sms']}\n${MESSAGES['welcome.notForEmergencies.sms']}`);
    expect(replies.some(isQueued)).toBe(true);

    const sam = await ConsoleClient.signIn(sms.t.baseUrl, 'sam@example.org');
    const queue = await sam.get<{ handoffs: { id: string; channel: string }[] }>('/api/console/handoffs?status=waiting');
    const id = queue.body.handoffs.find((h) => h.channel === 'sms')?.id;
    expect(id).toBeDefined();
    expect(JSON.stringify(queue.body)).not.toContain(PATIENT);

    const before = sms.twilio.to(PATIENT).length;
    expect((await sam.post(`/api/console/handoffs/${id}/claim`)).status).toBe(200);
    expect((await sam.post(`/api/console/handoffs/${id}/messages`, { text: 'Hello, I am here. Can I call you today?' })).status).toBe(201);
    await sms.drained();

    // The patient answers by text: the bot stays quiet (a person has it), and the worker reads the answer after their own words.
    expect(await sms.converse('Yes please, any time after 3pm')).toEqual([]);
    const detail = await sam.get<{ handoff: { transcript: { from: string; text: string }[] } }>(`/api/console/handoffs/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.handoff.transcript.slice(-2)).toEqual([
      expect.objectContaining({ from: 'worker', text: 'Hello, I am here. Can I call you today?' }),
      expect.objectContaining({ from: 'patient', text: 'Yes please, any time after 3pm' }),
    ]);

    expect((await sam.post(`/api/console/handoffs/${id}/close`, { outcome: 'referred', detail: 'Citizens Advice' })).status).toBe(200);
    await sms.drained();
    const texts = sms.twilio.to(PATIENT).slice(before).map((m) => m.body);
    expect(texts.slice(0, 3)).toEqual([
      say('handoff.worker.joined', { name: 'Sam' }),
      'Sam (link worker): Hello, I am here. Can I call you today?',
      say('handoff.closed.referred', { service: 'Citizens Advice' }),
    ]);
    // Then the bot asks how it went, as a text with numbered choices.
    expect(texts.slice(3).join('\n')).toContain(MESSAGES['satisfaction.ask']);
    expect(sms.t.logs.text()).not.toContain('Can I call you today');
    expect(sms.t.logs.text()).not.toContain('after 3pm');
  });
});
