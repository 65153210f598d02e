/**
 * The services list's menu as a question of the answer prompt (issue 22 item 3): the choices a dialog offers at each
 * asking, a short form that says the keywords instead of numbering the buttons, and a parser that hears which
 * choices were offered.
 */
import { questionActivity } from '../../../src/dialogs/prompts/render';
import { understand } from '../../../src/dialogs/prompts/questions';
import { say } from '../../../src/services/content/messages';
import { SHORT_FORM } from '../../../src/services/content/shortForm';
import { bundledGeography } from '../../../src/services/geography/Geography';

const NOW = new Date('2026-06-02T10:00:00Z');
const titles = (activity: ReturnType<typeof questionActivity>) => (activity.suggestedActions?.actions ?? []).map((a) => a.title);

describe('the services menu question', () => {
  it('offers only the choices the dialog gives, in the menu order; in short, the keywords of those choices and no numbered buttons', () => {
    const asked = questionActivity('servicesMenu', { offer: ['done', 'more', 'all'] });
    expect(asked.text).toBe(say('signpost.choices'));
    expect(titles(asked)).toEqual(['More', 'Show all', 'Done']);
    expect((asked.channelData as Record<string, unknown>)[SHORT_FORM]).toEqual({ blocks: ['Reply MORE for more, ALL or DONE.'], saysChoices: true });
    // Every choice when the dialog gives no list.
    expect(titles(questionActivity('servicesMenu'))).toHaveLength(7);
  });

  it('re-asks as every question does: what was wrong, then the question, with the same choices', () => {
    const again = questionActivity('servicesMenu', { offer: ['more', 'done'], instead: 'signpost.notUnderstood' });
    expect(again.text).toBe(`${say('signpost.notUnderstood')}\n${say('signpost.choices')}`);
    expect(titles(again)).toEqual(['More', 'Done']);
    expect((again.channelData as Record<string, unknown>)[SHORT_FORM]).toEqual({ blocks: [`${say('signpost.notUnderstood')}\nReply MORE for more or DONE.`], saysChoices: true });
  });

  it('hears which choices were offered: texting only where it was offered; keywords whether or not their button shows', () => {
    expect(understand('servicesMenu', { text: 'text me these', now: NOW, offered: ['more', 'done'] })).toMatchObject({ kind: 'retry', error: 'signpost.notUnderstood', countsAsTry: true });
    expect(understand('servicesMenu', { text: 'text me these', now: NOW, offered: ['text', 'done'] })).toEqual({ kind: 'answer', value: { action: 'text' } });
    expect(understand('servicesMenu', { text: 'more', now: NOW, offered: ['done'] })).toEqual({ kind: 'answer', value: { action: 'more' } });
  });

  it('takes a postcode as near it only where the place is known', () => {
    const geography = bundledGeography();
    expect(understand('servicesMenu', { text: 'G15 8AA.', now: NOW, geography })).toEqual({ kind: 'answer', value: { action: 'near', district: 'G15' } });
    expect(understand('servicesMenu', { text: 'ZZ9 9ZZ', now: NOW, geography })).toMatchObject({ kind: 'retry', error: 'signpost.notUnderstood' });
    // Without a geography the prompt cannot know the place, so it is not taken as one.
    expect(understand('servicesMenu', { text: 'G15 8AA', now: NOW })).toMatchObject({ kind: 'retry' });
  });
});
