import fc from 'fast-check';
import { MessageFactory, type Activity } from 'botbuilder';
import { withShortForm } from '../../../src/services/content/shortForm';
import { isGsm7, segmentCount, septets, toGsm7 } from '../../../src/services/sms/gsm7';
import { renderSmsText } from '../../../src/channels/sms/renderText';
import { numberList, plainText, renderActivityForSms } from '../../../src/channels/sms/renderActivity';
import { withChosenOption } from '../../../src/channels/sms/SmsAdapter';

describe('GSM-7 for every outgoing text', () => {
  it('replaces curly quotes, dashes, ellipses and odd spaces with plain ones', () => {
    expect(toGsm7('\u2018It\u2019s \u201Cfine\u201D \u2013 really\u2014ok\u2026')).toBe('\'It\'s "fine" - really-ok...');
    expect(toGsm7('a\u00A0b\u2009c\td')).toBe('a b c d');
    expect(toGsm7('`tick`')).toBe("'tick'");
  });

  it('drops emoji (with their modifiers and joiners) and tidies the spaces they leave', () => {
    expect(toGsm7('Thanks \u{1F44D}\u{1F3FD} see you \u{1F468}\u200D\u{1F469}\u200D\u{1F467} soon \u2764\uFE0F')).toBe('Thanks see you soon');
    expect(toGsm7('\u{1F600}')).toBe('');
  });

  it('keeps letters GSM-7 has and takes the accent off those it lacks', () => {
    expect(toGsm7('café è ü Ñ Ø')).toBe('café è ü Ñ Ø');
    expect(toGsm7('façade naïve Zoë señor crème brûlée œuvre')).toBe('facade naive Zoe señor crème brulée oeuvre');
    expect(toGsm7('Łódź')).toBe('Lodz');
  });

  it('puts "?" for characters with no plain form, so nothing becomes UCS-2', () => {
    expect(toGsm7('中文')).toBe('??');
    expect(isGsm7(toGsm7('Привет'))).toBe(true);
  });

  it('makes any text at all GSM-7 (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => isGsm7(toGsm7(text))), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => isGsm7(toGsm7(text))), { numRuns: 2000 });
  });

  it('leaves plain GSM-7 text as it is', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9 .,!?'"()@£$%&*+\-/:;<=>]{0,120}$/), (text) => toGsm7(text) === text.replace(/ {2,}/g, ' ').trim()));
  });

  it('counts segments: 160 septets in one, 153 per part after; extension characters count two; UCS-2 70/67', () => {
    expect(segmentCount('a'.repeat(160))).toEqual({ segments: 1, encoding: 'GSM-7' });
    expect(segmentCount('a'.repeat(161))).toEqual({ segments: 2, encoding: 'GSM-7' });
    expect(segmentCount('a'.repeat(306))).toEqual({ segments: 2, encoding: 'GSM-7' });
    expect(segmentCount('a'.repeat(307))).toEqual({ segments: 3, encoding: 'GSM-7' });
    expect(septets('[€]')).toBe(6);
    expect(segmentCount('€'.repeat(80))).toEqual({ segments: 1, encoding: 'GSM-7' });
    expect(segmentCount('€'.repeat(81))).toEqual({ segments: 2, encoding: 'GSM-7' });
    expect(segmentCount('\u2019'.repeat(70))).toEqual({ segments: 1, encoding: 'UCS-2' });
    expect(segmentCount('\u2019'.repeat(71))).toEqual({ segments: 2, encoding: 'UCS-2' });
  });
});

describe('splitting long text into texts', () => {
  const long = 'We will pass your details to a link worker at your surgery. They will call you within five working days. ' +
    'If you miss the call, they will text you to find a better time. You can ask us to delete your details at any time by texting DELETE. ' +
    'In an emergency, always call 999.';

  it('keeps a text that fits one segment whole', () => {
    expect(renderSmsText('Hello there.')).toEqual([{ text: 'Hello there.', segments: 1, encoding: 'GSM-7' }]);
  });

  it('splits at sentence boundaries, each part one GSM-7 segment, nothing lost', () => {
    const parts = renderSmsText(long);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(septets(part.text)).toBeLessThanOrEqual(160);
      expect(part).toMatchObject({ segments: 1, encoding: 'GSM-7' });
      expect(part.text).toMatch(/[.!?]$/);
    }
    expect(parts.map((p) => p.text).join(' ')).toBe(long.trim());
  });

  it('splits a sentence longer than a segment at words, and a word longer than a segment inside it', () => {
    const sentence = `${'word '.repeat(50)}end`;
    const parts = renderSmsText(sentence);
    expect(parts.every((p) => septets(p.text) <= 160)).toBe(true);
    expect(parts.map((p) => p.text).join(' ')).toBe(sentence);
    const url = `https://example.org/${'x'.repeat(300)}`;
    const urlParts = renderSmsText(url);
    expect(urlParts.map((p) => p.text).join('')).toBe(url);
    expect(urlParts.every((p) => p.segments === 1)).toBe(true);
  });

  it('keeps a block (a list of choices) together when it fits one segment', () => {
    const question = 'So a link worker can reach you, how would you like them to get in touch? We will only use it for this referral.';
    const choices = '1 Text me\n2 Phone call\n3 Email\n4 No contact\nReply 1, 2, 3 or 4.';
    const parts = renderSmsText([question, choices]);
    expect(parts.map((p) => p.text)).toEqual([question, choices]);
  });

  it('never loses words and keeps every part within one segment (property)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9,'-]{1,12}[.!?]?$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 120 }), (words) => {
        const text = words.join(' ');
        const parts = renderSmsText(text);
        return parts.every((p) => septets(p.text) <= 160) && parts.map((p) => p.text).join(' ').split(/\s+/).join(' ') === text;
      }),
    );
  });
});

describe('activities as texts', () => {
  it('numbers suggested actions, adds "Reply 1 or 2" and remembers what each number stands for', () => {
    const rendered = renderActivityForSms({
      type: 'message',
      text: 'How should a link worker contact you?',
      suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Text me', value: 'text' }, { type: 'imBack', title: 'Phone call', value: 'phone' }] },
    });
    expect(rendered.parts.map((p) => p.text)).toEqual(['How should a link worker contact you?\n1 Text me\n2 Phone call\nReply 1 or 2.']);
    expect(rendered.choices).toEqual([{ text: 'text' }, { text: 'phone' }]);
  });

  it('turns a hero card into compact lines, its buttons into numbered choices and links into addresses', () => {
    const activity: Partial<Activity> = {
      type: 'message',
      attachments: [{
        contentType: 'application/vnd.microsoft.card.hero',
        content: {
          title: 'Befriending Bristol',
          subtitle: 'Weekly phone calls \u2013 free',
          text: '**Why**: you said you feel lonely',
          buttons: [
            { type: 'openUrl', title: 'Website', value: 'https://example.org/befriend' },
            { type: 'call', title: 'Call', value: 'tel:01179000000' },
            { type: 'postBack', title: 'Text me this', value: { action: 'text', id: 's1' } },
          ],
        },
      }],
    };
    const rendered = renderActivityForSms(activity);
    expect(rendered.parts.map((p) => p.text).join('\n')).toBe(
      'Befriending Bristol\nWeekly phone calls - free\nWhy: you said you feel lonely\nWebsite: https://example.org/befriend\nCall: 01179000000\n1 Text me this\nReply 1.',
    );
    expect(rendered.choices).toEqual([{ text: 'Text me this', value: { action: 'text', id: 's1' } }]);
  });

  it('reads an Adaptive Card: text blocks, fact sets, containers and submit actions', () => {
    const rendered = renderActivityForSms({
      type: 'message',
      attachments: [{
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          body: [
            { type: 'TextBlock', text: 'Your details' },
            { type: 'FactSet', facts: [{ title: 'Name:', value: 'Sam' }, { title: 'Postcode', value: 'BS16 1QY' }] },
            { type: 'Container', items: [{ type: 'TextBlock', text: 'Is this right?' }, { type: 'TextBlock', text: 'hidden', isVisible: false }] },
          ],
          actions: [{ type: 'Action.Submit', title: 'Yes', data: { confirm: true } }, { type: 'Action.Submit', title: 'Change something' }],
        },
      }],
    });
    expect(rendered.parts.map((p) => p.text).join('\n')).toBe('Your details\nName: Sam\nPostcode: BS16 1QY\nIs this right?\n1 Yes\n2 Change something\nReply 1 or 2.');
    expect(rendered.choices).toEqual([{ text: 'Yes', value: { confirm: true } }, { text: 'Change something' }]);
  });

  it('offers no choices for a plain message', () => {
    expect(renderActivityForSms({ type: 'message', text: 'Thanks.' }).choices).toEqual([]);
  });

  it('writes markdown as plain text', () => {
    expect(plainText('**Bold** and *soft* and [NHS 111](https://111.nhs.uk) and [call](tel:111)\n# Title')).toBe('Bold and soft and NHS 111 (https://111.nhs.uk) and call (111)\nTitle');
  });

  it('lists numbers the way people say them', () => {
    expect([1, 2, 3, 4].map(numberList)).toEqual(['1', '1 or 2', '1, 2 or 3', '1, 2, 3 or 4']);
  });

  it('takes a reply of a number as the option it names, and leaves anything else alone', () => {
    const choices = [{ text: 'text' }, { text: 'Yes', value: { confirm: true } }];
    expect(withChosenOption({ type: 'message', text: ' 1 ' }, choices)).toMatchObject({ text: 'text' });
    expect(withChosenOption({ type: 'message', text: '2.' }, choices)).toMatchObject({ text: 'Yes', value: { confirm: true } });
    expect(withChosenOption({ type: 'message', text: '3' }, choices)).toMatchObject({ text: '3' });
    expect(withChosenOption({ type: 'message', text: '1 please' }, choices)).toMatchObject({ text: '1 please' });
    expect(withChosenOption({ type: 'message', text: '1' }, [])).toMatchObject({ text: '1' });
  });
});

describe('the short form a message carries (dialogs say both forms, the SMS channel chooses)', () => {
  const card = { contentType: 'application/vnd.microsoft.card.hero', content: { title: '1. Stannington', text: 'A long description for the web.' } };

  it('texts the short form instead of the words and the cards', () => {
    const activity = withShortForm({ type: 'message', text: 'Here are 3 services that may help.', attachments: [card] } as Partial<Activity>, { blocks: ['3 that may help:\n1. Stannington: 07706 285280'] });
    expect(renderActivityForSms(activity).parts.map((p) => p.text)).toEqual(['3 that may help:\n1. Stannington: 07706 285280']);
  });

  it('numbers the choices in their short words, each still picking the choice it stands for', () => {
    const activity = withShortForm(MessageFactory.suggestedActions(['Text me on this number', 'Phone call'], 'How shall we contact you?'), { blocks: ['How?'], choices: ['Text me here', 'Phone call'] });
    const rendered = renderActivityForSms(activity);
    expect(rendered.parts.map((p) => p.text).join('\n')).toBe('How?\n1 Text me here\n2 Phone call\nReply 1 or 2.');
    expect(rendered.choices).toEqual([{ text: 'Text me on this number' }, { text: 'Phone call' }]);
  });

  it('lists no numbered choices when the short form says how to reply, and sends nothing for an empty one', () => {
    const keywords = withShortForm(MessageFactory.suggestedActions(['More', 'Done'], 'What next?'), { blocks: ['Reply MORE or DONE.'], saysChoices: true });
    expect(renderActivityForSms(keywords)).toEqual({ parts: [expect.objectContaining({ text: 'Reply MORE or DONE.' })], choices: [] });
    expect(renderActivityForSms(withShortForm(MessageFactory.text('While you wait, I will look.'), { blocks: [] })).parts).toEqual([]);
  });

  it('ignores a malformed short form and texts the words', () => {
    const activity = { type: 'message', text: 'The words.', channelData: { shortForm: { blocks: 'not a list' } } } as Partial<Activity>;
    expect(renderActivityForSms(activity).parts.map((p) => p.text)).toEqual(['The words.']);
  });
});
