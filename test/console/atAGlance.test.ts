/**
 * Issue 18 item 4: what the queue and a conversation show a link worker at a glance, from real conversations by text
 * (the real Twilio library against the local fake, the real store on disk): first name, age, channel in words, why it
 * is urgent (kinds of risk and the person's words) as fields, needs even without a referral, wellbeing scores, the
 * whole transcript from the first message, and the wait against the first-reply target.
 */
import { smsConversationId } from '../../src/channels/sms/identity';
import { ageOn } from '../../src/dialogs/prompts/dateOfBirth';
import { startSmsHarness, type SmsHarness } from '../channels/sms/smsHarness';
import { SMS_REFERRAL_STEPS } from '../channels/sms/smsScript';
import { addUser, ConsoleClient } from './consoleHarness';

interface Item { id: string; channel: string; channelName: string; person: { firstName: string | null; age: number | null } | null; risk: { kinds: string[]; words: string | null } | null; needs: { id: string }[]; summary: string; priority: string; overTarget: boolean; firstReplyTargetMs: number; replyWaitMs: number; firstReplyAt: string | null }
interface Detail { handoff: Item & { transcript: { from: string; text: string }[] }; needs: { id: string; label: string }[]; referral: { wellbeingAtIntake: Record<string, number> } | null }

describe('the console at a glance, from conversations by text', () => {
  let h: SmsHarness;
  let sam: ConsoleClient;
  beforeAll(async () => {
    h = await startSmsHarness({ HANDOFF_FIRST_REPLY_TARGET_MINUTES: '15' });
    await addUser(h.t.app, 'sam@example.org', 'linkworker', 'Sam');
    sam = await ConsoleClient.signIn(h.t.baseUrl, 'sam@example.org');
  });
  afterAll(async () => h.close());

  const handoffOf = async (from: string) => (await h.t.app.stores.handoffs.findOpenByConversation(smsConversationId(h.t.app.secret, from)))!;
  const queueItem = async (id: string) => (await sam.get<{ handoffs: Item[] }>('/api/console/handoffs?status=waiting')).body.handoffs.find((x) => x.id === id)!;

  it('a handoff without a referral shows the needs its summary lists (not "None recorded")', async () => {
    const from = '+447700900611';
    for (const text of ['Hi', '2', "I'm lonely", '1', 'DONE', '1']) await h.converse(text, from);
    const handoff = await handoffOf(from);
    const detail = (await sam.get<Detail>(`/api/console/handoffs/${handoff.id}`)).body;
    expect(detail.handoff.summary).toContain('Loneliness and isolation');
    expect(detail.needs).toEqual([{ id: 'loneliness', label: 'Loneliness and isolation' }]);
    expect((await queueItem(handoff.id)).needs).toEqual([{ id: 'loneliness', label: 'Loneliness and isolation' }]);
  });

  it('a self-referral by text: first name, age, "text message", wellbeing, and the transcript from the first text', async () => {
    const from = '+447700900612';
    for (const [text] of SMS_REFERRAL_STEPS) await h.converse(text, from);
    for (const text of ['1', 'DONE', '1']) await h.converse(text, from);
    const handoff = await handoffOf(from);
    const item = await queueItem(handoff.id);
    expect(item).toMatchObject({ channel: 'sms', channelName: 'text message', person: { firstName: 'Sam', age: ageOn('1961-03-12', new Date()) }, risk: null, firstReplyTargetMs: 15 * 60_000, overTarget: false, firstReplyAt: null });
    expect(JSON.stringify(item)).not.toContain('+447700900612');
    const detail = (await sam.get<Detail>(`/api/console/handoffs/${handoff.id}`)).body;
    expect(detail.handoff.transcript[0]).toEqual(expect.objectContaining({ from: 'patient', text: SMS_REFERRAL_STEPS[0][0] }));
    expect(detail.handoff.transcript.length).toBeGreaterThan(30);
    expect(detail.referral?.wellbeingAtIntake).toEqual({ lifeSatisfaction: 7, worthwhile: 6, anxiety: 4 });

    // The first reply by a person is kept (time to first reply).
    expect((await sam.post(`/api/console/handoffs/${handoff.id}/claim`)).status).toBe(200);
    expect((await sam.post(`/api/console/handoffs/${handoff.id}/messages`, { text: 'Hello Sam, this is Sam too.' })).status).toBe(201);
    const after = (await sam.get<Detail>(`/api/console/handoffs/${handoff.id}`)).body;
    expect(after.handoff.firstReplyAt).toEqual(expect.any(String));
    expect(after.handoff.overTarget).toBe(false);
  });

  it('after crisis words: urgent, with the kind of risk and the person\'s own words as fields', async () => {
    const from = '+447700900613';
    const words = 'I want to end my life';
    for (const text of ['Hi', words, '1']) await h.converse(text, from);
    const handoff = await handoffOf(from);
    const item = await queueItem(handoff.id);
    expect(item.priority).toBe('urgent');
    expect(item.risk).toEqual({ kinds: [expect.stringMatching(/suicid/)], words });
  });
});
