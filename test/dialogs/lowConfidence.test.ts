/**
 * The welcome question when the recognizer is unsure. A Recognition marked lowConfidence is only a guess, however high
 * its score looks (an adapter with a stricter NLU_MIN_SCORE, or one whose scores run high): the bot shows the numbered
 * choices instead of acting on it. The same words with the guess trusted are acted on, so the recognizer here is the
 * one the bot listens to.
 */
import type { Activity } from 'botbuilder';
import { renderActivityForSms } from '../../src/channels/sms/renderActivity';
import { MESSAGES } from '../../src/services/content/messages';
import type { IntentId, Recognition, Recognizer } from '../../src/services/nlu/Recognizer';
import { DialogHarness, QUEUED, reprompt } from './harness';
import { expectAsked } from './script';

/** Words no welcome choice names, and what the recognizer guesses they mean. */
const GUESSES: Record<string, IntentId> = {
  'the thing my doctor mentioned': 'selfReferral',
  'what is round here': 'findSupport',
  'can you put me through': 'talkToPerson',
};

/** The real recognizer, but for the words above a guess with a high score, flagged low confidence or not. */
function guessing(real: Recognizer, lowConfidence: boolean): Recognizer {
  return {
    kind: real.kind,
    recognize: async (text: string): Promise<Recognition> => {
      const intent = GUESSES[text];
      if (!intent) return real.recognize(text);
      return { intent, score: 0.95, lowConfidence, needs: [], entities: [], alternatives: [{ intent, score: 0.95 }, { intent: 'None', score: 0.05 }] };
    },
  };
}

const WELCOME_CHOICES = ['Refer myself', 'Find support, no details', 'Talk to a person'];

function choicesOf(reply: Partial<Activity>): string[] | undefined {
  return reply.suggestedActions?.actions.map((a) => a.title as string);
}

describe('the welcome question with a guess the recognizer is not sure of', () => {
  let h: DialogHarness;
  afterEach(async () => h.close());

  it.each(Object.entries(GUESSES))('%j (a guess of %s) gets the numbered choices, and nothing is done on the guess', async (words) => {
    h = await DialogHarness.start({ recognizer: (real) => guessing(real, true) });
    await h.send('hi');
    const replies = await h.send(words);
    expect(replies.map((r) => r.text)).toEqual([reprompt('welcome.invalid', 'welcome.question')]);
    expect(choicesOf(replies[0])).toEqual(WELCOME_CHOICES);
    // By SMS the choices are numbered lines, and a reply of the number picks one.
    const sms = renderActivityForSms(replies[0]).parts.map((p) => p.text).join('\n');
    expect(sms).toContain('1 Refer myself\n2 Find support, no details\n3 Talk to a person');
    expect(await h.stores.handoffs.list('waiting')).toEqual([]);
    expectAsked(await h.send('1'), 'consent.ask');
  });

  it('as the very first message, gets the whole welcome and the question, not a guess', async () => {
    h = await DialogHarness.start({ recognizer: (real) => guessing(real, true) });
    const replies = await h.send('can you put me through');
    expect(replies.map((r) => r.text)).toEqual([MESSAGES['welcome.hello'], MESSAGES['welcome.notForEmergencies'], MESSAGES['welcome.ask'], MESSAGES['welcome.question']]);
    expect(choicesOf(replies[replies.length - 1])).toEqual(WELCOME_CHOICES);
    expect(await h.stores.handoffs.list('waiting')).toEqual([]);
  });

  it('when the same guesses are trusted (not low confidence), the bot acts on them', async () => {
    h = await DialogHarness.start({ recognizer: (real) => guessing(real, false) });
    await h.send('hi');
    expectAsked(await h.send('the thing my doctor mentioned'), 'consent.ask');
    await h.send('start over');
    expectAsked(await h.send('what is round here'), 'needs.askAnonymous');
    await h.send('start over');
    expect(await h.say('can you put me through')).toEqual([QUEUED, MESSAGES['handoff.relay']]);
  });
});
