/**
 * What a turn asks of botbuilder's libraries (issue 22, turn CPU), on the real app over /api/messages: the whole
 * self-referral the `turn` bench walks. botbuilder-dialogs sends an `activityReceived` event down the dialog stack and
 * back up at the start of each turn; no Signpost dialog hears it, so it is not sent (src/dialogs/activityReceivedOnce.ts),
 * unless a dialog that hears events is in the tree. And the conversation's state properties are read and written without
 * botbuilder-core's accessor (src/dialogs/stateProperty.ts), whose every call is a generator of its own; and a message
 * goes to the dialogs without ActivityHandler's dispatch (thirteen such calls a turn).
 */
import { ActivityHandler, BotStatePropertyAccessor, CloudAdapter } from 'botbuilder';
import { ComponentDialog, Dialog, DialogContext, TextPrompt, WaterfallDialog, type DialogEvent } from 'botbuilder-dialogs';
import { REFERRAL_SCRIPT } from '../../bench/turn';
import { activityReceivedMark, hearsNoEvents } from '../../src/dialogs/activityReceivedOnce';
import { SignpostDialogContext, SignpostStepContext } from '../../src/dialogs/nativeAsync';
import { MESSAGES } from '../../src/services/content/messages';
import { ExpectRepliesClient } from '../helpers/botClient';
import { startTestApp, type TestApp } from '../helpers/testApp';

jest.setTimeout(60_000);

describe("botbuilder-dialogs' activityReceived event", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.sms.stop();
  });

  afterAll(async () => t.close());

  it('is not sent down and up the stack in any turn of a self-referral, and the referral is made as before', async () => {
    const client = new ExpectRepliesClient(t.baseUrl);
    await activityReceivedMark(); // found once by sending the event in a context of its own
    // The library's contexts, and Signpost's (src/dialogs/nativeAsync.ts), which send events themselves.
    const emits = [DialogContext.prototype, SignpostDialogContext.prototype, SignpostStepContext.prototype].map((proto) => jest.spyOn(proto, 'emitEvent'));
    try {
      const replies: string[][] = [];
      for (const text of REFERRAL_SCRIPT) replies.push(await client.say(text));
      const sent = REFERRAL_SCRIPT.lastIndexOf('yes');
      expect(replies[sent].join('\n')).toContain('I have sent your referral');
      expect(replies.at(-1)?.join('\n')).toContain(MESSAGES['command.startOver']);
      expect(emits.flatMap((spy) => spy.mock.calls).filter(([name]) => name === 'activityReceived')).toEqual([]);
      expect(emits.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBeLessThan(REFERRAL_SCRIPT.length);
    } finally {
      emits.forEach((spy) => spy.mockRestore());
    }
  });

  it("finds the library's own mark of a turn whose event was sent", async () => {
    const mark = await activityReceivedMark();
    expect(typeof mark).toBe('symbol');
    expect(mark?.description).toBe('ActivityReceivedEmitted');
  });

  it("is still sent when a dialog in the tree hears events (one that overrides an event method, or botbuilder's prompts)", () => {
    class Quiet extends ComponentDialog {
      constructor(inner: Dialog) {
        super('quiet');
        this.addDialog(new WaterfallDialog('steps', [async (step) => step.endDialog()]));
        this.addDialog(inner);
      }
    }
    class Listening extends Dialog {
      override async beginDialog() {
        return Dialog.EndOfTurn;
      }
      protected override async onPreBubbleEvent(_dc: DialogContext, e: DialogEvent): Promise<boolean> {
        return e.name === 'activityReceived';
      }
    }
    expect(hearsNoEvents(new Quiet(new WaterfallDialog('more', [async (step) => step.endDialog()])))).toBe(true);
    expect(hearsNoEvents(new Quiet(new Listening('listening')))).toBe(false);
    expect(hearsNoEvents(new Quiet(new TextPrompt('text')))).toBe(false);
    expect(hearsNoEvents(new ComponentDialog('nested').addDialog(new Quiet(new TextPrompt('text'))))).toBe(false);
  });
});

describe("a turn's state properties", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.sms.stop();
  });

  afterAll(async () => t.close());

  it("are read and written without botbuilder-core's accessor in every turn of a self-referral", async () => {
    const client = new ExpectRepliesClient(t.baseUrl);
    const calls = (['get', 'set', 'delete'] as const).map((method) => jest.spyOn(BotStatePropertyAccessor.prototype, method));
    try {
      const replies: string[][] = [];
      for (const text of REFERRAL_SCRIPT) replies.push(await client.say(text));
      expect(replies[REFERRAL_SCRIPT.lastIndexOf('yes')].join('\n')).toContain('I have sent your referral');
      expect(calls.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0]);
    } finally {
      calls.forEach((spy) => spy.mockRestore());
    }
  });
});

describe('a message turn', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.sms.stop();
  });

  afterAll(async () => t.close());

  it("goes to the dialogs without ActivityHandler's dispatch; a join still goes through it and is welcomed", async () => {
    const client = new ExpectRepliesClient(t.baseUrl);
    const dispatch = jest.spyOn(ActivityHandler.prototype, 'run');
    try {
      const replies: string[][] = [];
      for (const text of REFERRAL_SCRIPT) replies.push(await client.say(text));
      expect(replies[REFERRAL_SCRIPT.lastIndexOf('yes')].join('\n')).toContain('I have sent your referral');
      expect(dispatch).not.toHaveBeenCalled();
      expect((await new ExpectRepliesClient(t.baseUrl).join()).join('\n')).toContain(MESSAGES['welcome.hello']);
      expect(dispatch).toHaveBeenCalledTimes(1);
    } finally {
      dispatch.mockRestore();
    }
  });
});

describe("botbuilder-dialogs' generator-based async calls", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.sms.stop();
  });

  afterAll(async () => t.close());

  /**
   * Counts the generators started (their first `next`) by botbuilder-dialogs' compiled async methods (`__awaiter`
   * over a `function*` made afresh on every call) while `run` runs.
   */
  async function dialogGenerators(run: () => Promise<void>): Promise<string[]> {
    const proto = Object.getPrototypeOf(function* () {}).prototype as Generator;
    const next = proto.next;
    const started = new WeakSet<object>();
    const found: string[] = [];
    proto.next = function (this: Generator, ...args: [] | [unknown]) {
      if (!started.has(this)) {
        started.add(this);
        const frame = (new Error().stack ?? '').split('\n').find((line) => line.includes('/botbuilder-dialogs/lib/') && / at \w/.test(line) && !line.includes('__awaiter'));
        if (frame) found.push(frame.trim().replace(/ \(.*/, ''));
      }
      return next.apply(this, args);
    };
    try {
      await run();
    } finally {
      proto.next = next;
    }
    return found;
  }

  it('are not made in the turns of a self-referral: the contexts, waterfalls and components run native async methods (src/dialogs/nativeAsync.ts)', async () => {
    await new ExpectRepliesClient(t.baseUrl).say('hi'); // the first turn of the server: modules and marks found once
    const client = new ExpectRepliesClient(t.baseUrl);
    const replies: string[][] = [];
    // Before: about 37 a turn (dialog contexts 21, waterfalls 8, components and containers 7, the prompt's end 1).
    const calls = await dialogGenerators(async () => {
      for (const text of REFERRAL_SCRIPT) replies.push(await client.say(text));
    });
    expect(replies[REFERRAL_SCRIPT.lastIndexOf('yes')].join('\n')).toContain('I have sent your referral');
    // "start over" cancels the referral: the library's default event methods of the dialogs it ends (three a level).
    expect(calls.filter((call) => !/\.(onDialogEvent|onPreBubbleEvent|onPostBubbleEvent)$/.test(call))).toEqual([]);
    expect(calls.length).toBeLessThanOrEqual(12);
  });
});

describe("an activity over /api/messages", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.sms.stop();
  });

  afterAll(async () => t.close());

  it("is processed without CloudAdapter.process's checks of what the route has checked, and answered as it would be", async () => {
    const process = jest.spyOn(CloudAdapter.prototype, 'process');
    try {
      const client = new ExpectRepliesClient(t.baseUrl);
      const replies: string[][] = [];
      for (const text of REFERRAL_SCRIPT) replies.push(await client.say(text));
      expect(replies[REFERRAL_SCRIPT.lastIndexOf('yes')].join('\n')).toContain('I have sent your referral');
      // Before: once a turn (its zod parses of the response, the logic, the body twice and the header).
      expect(process).not.toHaveBeenCalled();
    } finally {
      process.mockRestore();
    }
  });

  it('is refused with 401 when the bot has an identity and the request no valid token, as CloudAdapter.process refuses it', async () => {
    const secured = await startTestApp({ MicrosoftAppId: '00000000-0000-4000-8000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' });
    try {
      await secured.app.sms.stop();
      const res = await fetch(`${secured.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
        body: JSON.stringify({ type: 'message', channelId: 'webchat', serviceUrl: 'https://example.org/', conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'bot' }, text: 'hi' }),
      });
      expect(res.status).toBe(401);
      const none = await fetch(`${secured.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', channelId: 'webchat', serviceUrl: 'https://example.org/', conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'bot' }, text: 'hi' }),
      });
      expect(none.status).toBe(401);
    } finally {
      await secured.close();
    }
  });
});
