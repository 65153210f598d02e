/**
 * While a conversation is handed off, SignpostBot sends the person's words to the link worker: through the real
 * MainDialog and HandoffDialog, the real HandoffService and the embedded store, with the worker's words coming back
 * through the adapter's continueConversation.
 */
import { MESSAGES, say } from '../../src/services/content/messages';
import type { Handoff } from '../../src/services/handoff/Handoff';
import { PROACTIVE_EVENTS } from '../../src/services/outcomes/proactiveTurns';
import { QUEUED, QUEUED_URGENT } from '../dialogs/harness';
import { REFERRAL_STEPS } from '../dialogs/script';
import { BotHarness, SAM } from './botHarness';

describe('SignpostBot while handed off', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await BotHarness.start();
  });
  afterEach(async () => h.close());

  const waiting = async () => (await h.stores.handoffs.list('waiting'))[0];
  /** What the patient wrote after the handoff was queued (its transcript starts with the chat so far). */
  const patientWords = async (queued: Handoff) => {
    const transcript = (await h.stores.handoffs.get(queued.id))?.transcript ?? [];
    return transcript.slice(queued.transcript.length).filter((t) => t.from === 'patient').map((t) => t.text);
  };

  it('from the welcome: says what happens next, passes words on (saying so once), and runs no dialog', async () => {
    await h.send('hi');
    expect(await h.send('talk to a person')).toEqual([QUEUED, MESSAGES['handoff.relay']]);
    const handoff = await waiting();
    expect(await h.send('I am behind on my rent and scared')).toEqual([MESSAGES['handoff.relayed']]);
    expect(await h.send('refer myself')).toEqual([]);
    expect(await patientWords(handoff)).toEqual(expect.arrayContaining(['I am behind on my rent and scared', 'refer myself']));
    expect((await h.stores.handoffs.list('waiting')).length).toBe(1);
  });

  it('sends the initiation event with the handoff, for channels that understand it', async () => {
    await h.send('hi');
    const activities = await h.sendActivities('talk to a person');
    const event = activities.find((a) => a.type === 'event');
    expect(event).toMatchObject({ name: 'handoff.initiate', value: { handoffId: (await waiting()).id, priority: 'normal', reason: 'asked' } });
  });

  it('once a worker picks it up, the person talks to them: the worker\'s words arrive labelled, the bot stays quiet', async () => {
    await h.send('hi');
    await h.send('talk to a person');
    const handoff = await waiting();
    await h.handoffs.claim(handoff.id, SAM);
    expect(h.proactive).toEqual([say('handoff.worker.joined', { name: 'Sam' })]);
    await h.handoffs.reply(handoff.id, SAM, 'Hello, what would help most today?');
    expect(h.proactive[1]).toBe('Sam (link worker): Hello, what would help most today?');
    expect(await h.send('Help with the rent, please')).toEqual([]);
    expect(await h.send('start over')).toEqual([]);
    expect(await patientWords(handoff)).toEqual(['Help with the rent, please', 'start over']);
  });

  it('crisis words are answered at once and make a waiting handoff urgent, without asking again for a person', async () => {
    await h.send('hi');
    await h.send('talk to a person');
    const handoff = await waiting();
    const replies = await h.send('I want to end my life');
    expect(replies.slice(0, 4)).toEqual([MESSAGES['crisis.intro'], MESSAGES['crisis.999'], MESSAGES['crisis.111'], MESSAGES['crisis.talk']]);
    expect(replies).not.toContain(MESSAGES['crisis.offer']);
    const now = await h.stores.handoffs.get(handoff.id);
    expect(now?.priority).toBe('urgent');
    // The worker is told it is now urgent, and the kind of risk.
    expect(now?.transcript.some((t) => t.from === 'system' && t.text.startsWith(MESSAGES['handoff.summary.escalated']) && t.text.includes('Risk: suicide'))).toBe(true);
    // The worker sees what the person was told, not only what they wrote.
    expect(now?.transcript.filter((t) => t.from === 'bot').map((t) => t.text)).toEqual(expect.arrayContaining([MESSAGES['crisis.999'], MESSAGES['crisis.111'], MESSAGES['crisis.talk']]));
  });

  it('mid-referral: while waiting the referral carries on and the worker sees both sides; once picked up, only the worker', async () => {
    await h.send('hi');
    await h.send('refer myself');
    expect(await h.send('yes')).toContain(MESSAGES['intake.name.ask']);
    expect(await h.send('talk to a person')).toEqual([QUEUED, MESSAGES['handoff.carryOn'], MESSAGES['intake.name.ask']]);
    const handoff = await waiting();
    const next = await h.send('Sam');
    expect(next[next.length - 1]).toBe(MESSAGES['intake.dob.ask']);
    const transcript = (await h.stores.handoffs.get(handoff.id))!.transcript;
    expect(transcript.slice(-2).map((t) => [t.from, t.text])).toEqual([['patient', 'Sam'], ['bot', MESSAGES['intake.dob.ask']]]);

    await h.handoffs.claim(handoff.id, SAM);
    expect(await h.send('12/03/1961')).toEqual([]);
    expect(await patientWords(handoff)).toContain('12/03/1961');

    // Handed back: the bot carries on where it was.
    await h.handoffs.close(handoff.id, SAM, { type: 'handed-back' });
    expect(h.proactive[h.proactive.length - 1]).toBe(MESSAGES['handoff.closed.handedBack']);
    const after = await h.send('12/03/1961');
    expect(after[after.length - 1]).toBe(MESSAGES['intake.postcode.ask']);
    expect(await patientWords(handoff)).not.toContain(expect.stringContaining('postcode'));
  });

  it('a crisis handoff is urgent from the start', async () => {
    await h.send('hi');
    await h.send('I want to kill myself');
    // The welcome's question was waiting: it is asked again, and the answer goes on beside the handoff.
    expect(await h.send('yes')).toEqual([QUEUED_URGENT, MESSAGES['handoff.carryOn'], MESSAGES['welcome.question']]);
    expect((await waiting()).priority).toBe('urgent');
  });

  it('after the worker closes, asks how it went in the same conversation; an event from outside asks nothing', async () => {
    await h.send('hi');
    await h.send('talk to a person');
    const handoff = await waiting();
    await h.handoffs.claim(handoff.id, SAM);
    expect(await h.send({ type: 'event', name: PROACTIVE_EVENTS.handoffClosed, value: { handoffId: handoff.id, askSatisfaction: true } })).toEqual([]);
    await h.handoffs.close(handoff.id, SAM, { type: 'signposted' });
    expect(h.proactive.slice(-2)).toEqual([MESSAGES['handoff.closed.signposted'], MESSAGES['satisfaction.ask']]);
    expect(await h.send('5')).toEqual([MESSAGES['satisfaction.comment.ask']]);
    expect(await h.send('no')).toEqual([MESSAGES['satisfaction.thanks'], MESSAGES['afterHandoff.goodbye']]);
    expect((await h.stores.handoffs.get(handoff.id))?.satisfaction).toEqual({ score: 5, at: h.clock.now() });
  });

  it('keeps the referral in step: handed off, in progress once picked up, closed with the outcome', async () => {
    for (const step of REFERRAL_STEPS.slice(0, -1)) await h.send(step.answer);
    await h.send('hi');
    const [referral] = (await h.stores.referrals.list()).items;
    expect(referral.status).toBe('new');
    await h.send('talk to a person');
    const handoff = await waiting();
    expect(handoff.referralReference).toBe(referral.reference);
    expect((await h.stores.referrals.get(referral.reference))?.status).toBe('handed-off');
    await h.handoffs.claim(handoff.id, SAM);
    expect((await h.stores.referrals.get(referral.reference))?.status).toBe('in-progress');
    await h.handoffs.close(handoff.id, SAM, { type: 'referred', detail: 'Citizens Advice' });
    expect((await h.stores.referrals.get(referral.reference))).toMatchObject({ status: 'closed', outcome: { type: 'referred', detail: 'Citizens Advice', at: expect.any(Date) } });
  });

  it('a picture while handed off gets a word back and nothing is passed on', async () => {
    await h.send('hi');
    await h.send('talk to a person');
    const handoff = await waiting();
    expect(await h.send({ type: 'message', text: '', attachments: [{ contentType: 'image/png', contentUrl: 'https://example.org/a.png' }] })).toEqual([MESSAGES['input.attachment']]);
    expect(await patientWords(handoff)).toEqual([]);
  });
});
