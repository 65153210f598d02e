/** STOP, START and proactive texts over the real server: once a number opts out, nothing more reaches it. */
import { PatientOptedOutError } from '../../../src/services/handoff/PatientChannels';
import { MESSAGES } from '../../../src/services/content/messages';
import { SMS_CHANNEL_ID, smsConversationId } from '../../../src/channels/sms/identity';
import { startSmsHarness, type SmsHarness } from './smsHarness';

describe('opting out of texts', () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness();
  });
  afterAll(async () => h.close());

  /** What a link worker's reply does: continue the conversation by its reference and send. */
  const proactive = (from: string, text: string) =>
    h.t.app.patientChannels.continue({ channelId: SMS_CHANNEL_ID, conversation: { id: smsConversationId(h.t.app.secret, from), isGroup: false, conversationType: 'personal', name: '' } }, async (context) => {
      await context.sendActivity(text);
    });

  it('texts a patient proactively in their SMS conversation (the link worker path)', async () => {
    const from = '+447700900401';
    await h.converse('hi', from);
    await proactive(from, 'Hello, this is Alex from the link worker team.');
    await h.drained();
    expect(h.twilio.to(from).at(-1)?.body).toBe('Hello, this is Alex from the link worker team.');
  });

  it('STOP opts out, confirms once, and then nothing more is sent: not the bot, not proactive, not TextMessageSender', async () => {
    const from = '+447700900402';
    await h.converse('hi', from);
    const confirmation = await h.converse('STOP', from);
    expect(confirmation).toEqual([MESSAGES['sms.stopped']]);
    expect(await h.t.app.sms.contacts.byPhone(from)).toMatchObject({ optedOut: true, optOutKeyword: 'STOP' });
    const sentSoFar = h.twilio.to(from).length;

    expect(await h.converse('hello again', from)).toEqual([]);
    await expect(proactive(from, 'A reply from a link worker')).rejects.toThrow(PatientOptedOutError);
    expect(await h.t.app.textMessages.send(from, ['Here are the services you asked for'], {})).toBe('opted-out');
    await h.drained();
    expect(h.twilio.to(from)).toHaveLength(sentSoFar);
    expect(h.t.logs.text()).toContain('sms not sent on behalf: the number opted out');
  });

  it.each(['stopall', 'Unsubscribe', 'cancel', 'END', 'quit.'])('%p opts out too (carrier keywords win over chat commands)', async (keyword) => {
    const from = `+4477009004${10 + ['stopall', 'Unsubscribe', 'cancel', 'END', 'quit.'].indexOf(keyword)}`;
    await h.converse('hi', from);
    expect(await h.converse(keyword, from)).toEqual([MESSAGES['sms.stopped']]);
    expect((await h.t.app.sms.contacts.byPhone(from))?.optedOut).toBe(true);
  });

  it('START opts back in: the bot answers and proactive texts go out again', async () => {
    const from = '+447700900403';
    await h.converse('hi', from);
    await h.converse('stop', from);
    expect(await h.converse('START', from)).toEqual([MESSAGES['sms.started']]);
    expect((await h.converse('hello', from)).length).toBeGreaterThan(0);
    await proactive(from, 'Back in touch');
    await h.drained();
    expect(h.twilio.to(from).at(-1)?.body).toBe('Back in touch');
  });

  it('HELP is answered even while opted out (with the crisis numbers), and does not opt back in', async () => {
    const from = '+447700900404';
    await h.converse('hi', from);
    await h.converse('stop', from);
    const help = await h.converse('help', from);
    expect(help.join(' ')).toContain('999');
    expect((await h.t.app.sms.contacts.byPhone(from))?.optedOut).toBe(true);
  });

  it('refuses a proactive text to a conversation that never texted', async () => {
    await expect(proactive('+447700900499', 'hello')).rejects.toThrow(/No SMS contact/);
  });
});
