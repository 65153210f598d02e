/**
 * The answer prompt on its own, through botbuilder-testing's DialogTestClient: what the services menu needed from it
 * (giving up to its caller), and that intake questions keep their way on (the stuck choices).
 */
import type { Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { AnswerPrompt, type AnswerPromptOptions } from '../../../src/dialogs/prompts/AnswerPrompt';
import { say } from '../../../src/services/content/messages';

async function reply(client: DialogTestClient, text: string): Promise<Partial<Activity>[]> {
  const replies: Partial<Activity>[] = [];
  let next: Partial<Activity> | undefined = await client.sendActivity(text);
  while (next) {
    replies.push(next);
    next = client.getNextReply();
  }
  return replies;
}

const prompt = (options: AnswerPromptOptions) => new DialogTestClient('test', new AnswerPrompt(), options);

describe('the answer prompt', () => {
  it('a question that gives up ends with gaveUp after its tries, saying nothing more; its caller carries on', async () => {
    const client = prompt({ question: 'servicesMenu', offer: ['more', 'done'] });
    await reply(client, 'hello');
    const [again] = await reply(client, 'banana');
    expect(again.text).toBe(`${say('signpost.notUnderstood')}\n${say('signpost.choices')}`);
    expect(await reply(client, 'purple')).toEqual([]);
    expect(client.dialogTurnResult.result).toEqual({ kind: 'gaveUp' });
  });

  it('an intake question still offers the stuck choices after two tries, never gives up', async () => {
    const client = prompt({ question: 'dateOfBirth' });
    await reply(client, 'hello');
    await reply(client, 'banana');
    const [stuck] = await reply(client, 'purple');
    expect(stuck.text).toBe(say('stuck.ask'));
    expect(client.dialogTurnResult.status).toBe('waiting');
  });

  it('"back" where it is not allowed re-asks the question with its values (it failed the turn before: a value was missing)', async () => {
    const client = prompt({ question: 'textBackKnown', values: { ending: '123' } });
    const [asked] = await reply(client, 'hello');
    expect(asked.text).toBe(say('handoff.textBack.askKnown', { ending: '123' }));
    const [back] = await reply(client, 'back');
    expect(back.text).toBe(`${say('answer.back.none')}\n${say('handoff.textBack.askKnown', { ending: '123' })}`);
  });
});
