/**
 * What a turn asks of botbuilder's libraries (issue 22, turn CPU), on the real app over /api/messages: the whole
 * self-referral the `turn` bench walks. botbuilder-dialogs sends an `activityReceived` event down the dialog stack and
 * back up at the start of each turn; no Signpost dialog hears it, so it is not sent (src/dialogs/activityReceivedOnce.ts),
 * unless a dialog that hears events is in the tree. And the conversation's state properties are read and written without
 * botbuilder-core's accessor (src/dialogs/stateProperty.ts), whose every call is a generator of its own; and a message
 * goes to the dialogs without ActivityHandler's dispatch (thirteen such calls a turn).
 */
import { ActivityHandler, BotStatePropertyAccessor } from 'botbuilder';
import { ComponentDialog, Dialog, DialogContext, TextPrompt, WaterfallDialog, type DialogEvent } from 'botbuilder-dialogs';
import { REFERRAL_SCRIPT } from '../../bench/turn';
import { activityReceivedMark, hearsNoEvents } from '../../src/dialogs/activityReceivedOnce';
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
    const emit = jest.spyOn(DialogContext.prototype, 'emitEvent');
    try {
      const replies: string[][] = [];
      for (const text of REFERRAL_SCRIPT) replies.push(await client.say(text));
      const sent = REFERRAL_SCRIPT.lastIndexOf('yes');
      expect(replies[sent].join('\n')).toContain('I have sent your referral');
      expect(replies.at(-1)?.join('\n')).toContain(MESSAGES['command.startOver']);
      expect(emit.mock.calls.filter(([name]) => name === 'activityReceived')).toEqual([]);
    } finally {
      emit.mockRestore();
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
