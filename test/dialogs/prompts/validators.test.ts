import fc from 'fast-check';
import { isBack, isSkip, matchChoice, parseNumberList, parseWholeNumber, parseYesNo } from '../../../src/dialogs/prompts/answers';
import { detectCommand, exactCommand } from '../../../src/dialogs/prompts/commands';
import { parseEmail } from '../../../src/services/contact/email';
import { ageOn, parseDateOfBirth, ukDate } from '../../../src/dialogs/prompts/dateOfBirth';
import { fieldNamed, parseChange } from '../../../src/dialogs/prompts/fields';
import { parseName } from '../../../src/dialogs/prompts/names';
import { QUESTIONS } from '../../../src/dialogs/prompts/questions';
import { emptyRecognition, type Recognition } from '../../../src/services/nlu/Recognizer';

const NOW = new Date('2025-06-02T10:00:00Z');

describe('dates of birth', () => {
  it.each([
    ['12/03/1961', '1961-03-12'],
    ['12/3/1961', '1961-03-12'],
    ['12-03-1961', '1961-03-12'],
    ['12.03.1961', '1961-03-12'],
    ['12 03 1961', '1961-03-12'],
    ['12031961', '1961-03-12'],
    ['1961-03-12', '1961-03-12'],
    ['12/03/61', '1961-03-12'],
    ['01/02/05', '2005-02-01'],
    ['12 March 1961', '1961-03-12'],
    ['12th March 1961', '1961-03-12'],
    ['12th of March, 1961', '1961-03-12'],
    ['12 mar 61', '1961-03-12'],
    ['12-Mar-1961', '1961-03-12'],
    ['March 12 1961', '1961-03-12'],
    ['March 12th, 1961', '1961-03-12'],
    ['1 Sept 1990', '1990-09-01'],
    ['29/02/2000', '2000-02-29'],
  ])('reads %s as %s (UK order: day first)', (text, iso) => {
    const parsed = parseDateOfBirth(text, NOW);
    expect(parsed).toMatchObject({ ok: true, iso });
  });

  it.each([
    ['31/02/1961', 'format'],
    ['29/02/2001', 'format'],
    ['13/13/1961', 'format'],
    ['yesterday', 'format'],
    ['12 Smarch 1961', 'format'],
    ['12/03', 'noYear'],
    ['12 March', 'noYear'],
    ['12/03/2030', 'future'],
    ['12/03/1880', 'tooOld'],
  ])('explains what is wrong with %s (%s)', (text, problem) => {
    expect(parseDateOfBirth(text, NOW)).toEqual({ ok: false, problem });
  });

  it('works out ages on and around birthdays', () => {
    expect(ageOn('2009-06-02', NOW)).toBe(16);
    expect(ageOn('2009-06-03', NOW)).toBe(15);
    expect(ageOn('1961-03-12', NOW)).toBe(64);
    expect(ukDate('1961-03-12')).toBe('12/03/1961');
  });

  it('never throws and only ever answers with a real past date, whatever is typed', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (text) => {
      const parsed = parseDateOfBirth(text, NOW);
      if (parsed.ok) {
        expect(parsed.iso).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(new Date(`${parsed.iso}T00:00:00Z`).getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
    }));
  });
});

describe('postcodes', () => {
  const postcode = QUESTIONS.postcode;
  it.each([
    ['bs161qy', 'BS16 1QY'],
    ['BS16 1QY', 'BS16 1QY'],
    [' bs16   1qy ', 'BS16 1QY'],
    ['sw1a1aa', 'SW1A 1AA'],
    ['m1 1ae', 'M1 1AE'],
    ['My postcode is EC1A 1BB.', 'EC1A 1BB'],
  ])('normalises %j to %j', (text, expected) => {
    expect(postcode.parse({ text, now: NOW })).toEqual({ ok: true, value: expected });
  });

  it('asks for the whole postcode when given only the first part, and explains anything else', () => {
    expect(postcode.parse({ text: 'BS16', now: NOW })).toEqual({ ok: false, error: 'intake.postcode.partial' });
    expect(postcode.parse({ text: 'Bristol', now: NOW })).toEqual({ ok: false, error: 'intake.postcode.invalid' });
    expect(postcode.parse({ text: '12345', now: NOW })).toEqual({ ok: false, error: 'intake.postcode.invalid' });
  });
});

describe('email', () => {
  it('validates email addresses', () => {
    expect(parseEmail('sam@example.com')).toBe('sam@example.com');
    expect(parseEmail(' Sam.Smith+sp@Example.CO.UK. ')).toBe('Sam.Smith+sp@example.co.uk');
    expect(parseEmail('my email is sam@example.org')).toBe('sam@example.org');
    for (const bad of ['sam', 'sam@', 'sam@example', '@example.com', 'sam@@example.com', 'sam smith@example.com', 'sam..x@example.com']) expect(parseEmail(bad)).toBeUndefined();
  });
});

describe('names', () => {
  it('takes names in any script, without the lead-in', () => {
    expect(parseName('Sam')).toBe('Sam');
    expect(parseName("my name is Mary-Jane O'Neil")).toBe("Mary-Jane O'Neil");
    expect(parseName('call me Mo.')).toBe('Mo');
    expect(parseName('محمد')).toBe('محمد');
    expect(parseName('Zoë')).toBe('Zoë');
    expect(parseName('I\u2019m Siobhán')).toBe('Siobhán');
  });

  it('refuses what is not a name', () => {
    for (const bad of ['', '07700 900123', '\u{1F600}', 'x'.repeat(51), 'I would really like to talk to someone about this please']) expect(parseName(bad)).toBeUndefined();
  });
});

describe('short answers', () => {
  it('reads yes, no, skip and back', () => {
    expect(parseYesNo('Yes please!')).toBe(true);
    expect(parseYesNo('yeah')).toBe(true);
    expect(parseYesNo('Nope.')).toBe(false);
    expect(parseYesNo('maybe later')).toBeUndefined();
    expect(isSkip('Skip')).toBe(true);
    expect(isSkip("I don\u2019t know")).toBe(true);
    expect(isSkip('prefer not to say')).toBe(true);
    expect(isSkip('Sam')).toBe(false);
    // One reading of a skip, for the intake's optional questions and for declining to give a postcode or mobile.
    for (const skip of ['skip', 'No thanks', 'never mind', 'leave it', 'not now']) expect(isSkip(skip)).toBe(true);
    for (const answer of ['07911 123456', 'BS1 4DJ', 'no I want them texted']) expect(isSkip(answer)).toBe(false);
    expect(isBack('go back')).toBe(true);
    expect(isBack('back to the start')).toBe(false);
  });

  it('reads numbers as digits or words, and lists of numbers', () => {
    expect(parseWholeNumber('7')).toBe(7);
    expect(parseWholeNumber('seven')).toBe(7);
    expect(parseWholeNumber('7/10')).toBe(7);
    expect(parseWholeNumber('7.5')).toBeUndefined();
    expect(parseNumberList('1 and 3')).toEqual([1, 3]);
    expect(parseNumberList('1, 3, 5')).toEqual([1, 3, 5]);
    expect(parseNumberList('two four')).toEqual([2, 4]);
    expect(parseNumberList('1 and housing')).toBeUndefined();
  });

  it('matches choices by number, by label and by synonym, and refuses what is ambiguous', () => {
    const choices = [{ label: 'Text message', synonyms: ['text', 'sms'] }, { label: 'Phone call', synonyms: ['phone', 'call'] }];
    expect(matchChoice('2', choices)).toBe(1);
    expect(matchChoice('text message', choices)).toBe(0);
    expect(matchChoice('please call me', choices)).toBe(1);
    expect(matchChoice('text or call', choices)).toBeUndefined();
    expect(matchChoice('3', choices)).toBeUndefined();
  });

  it('reads the ONS4 scores 0 to 10 only', () => {
    expect(QUESTIONS.lifeSatisfaction.parse({ text: '0', now: NOW })).toEqual({ ok: true, value: 0 });
    expect(QUESTIONS.anxiety.parse({ text: 'ten', now: NOW })).toEqual({ ok: true, value: 10 });
    expect(QUESTIONS.happiness.parse({ text: '11', now: NOW })).toEqual({ ok: false, error: 'ons4.range', values: { number: 11 } });
    expect(QUESTIONS.worthwhile.parse({ text: 'quite', now: NOW })).toEqual({ ok: false, error: 'ons4.invalid' });
  });

  it('reads needs from the numbered list', () => {
    expect(QUESTIONS.needsList.parse({ text: '1 and 2', now: NOW })).toEqual({ ok: true, value: ['loneliness', 'money'] });
    expect(QUESTIONS.needsList.parse({ text: 'Housing', now: NOW })).toEqual({ ok: true, value: ['housing'] });
    expect(QUESTIONS.needsList.parse({ text: '99', now: NOW })).toMatchObject({ ok: false });
  });
});

describe('changing an answer from the summary', () => {
  it.each([
    ['change postcode', 'postcode'],
    ['Change my postcode please', 'postcode'],
    ['edit the GP', 'gpPractice'],
    ['my phone number is wrong', 'contact'],
    ['change date of birth', 'dateOfBirth'],
    ['wellbeing scores', 'wellbeing'],
    ['change what matters', 'whatMatters'],
    ['update my name', 'name'],
  ])('%j changes %s', (text, field) => {
    expect(parseChange(text)).toEqual({ field });
  });

  it('"change" alone asks which; other words are not a change', () => {
    expect(parseChange('change')).toEqual({});
    expect(parseChange('change something')).toEqual({});
    expect(parseChange('I like cheese')).toBeUndefined();
    expect(fieldNamed('number')).toBe('contact');
  });

  it('reads the summary answer: send, change, change a field', () => {
    expect(QUESTIONS.summary.parse({ text: 'yes', now: NOW })).toEqual({ ok: true, value: { action: 'send' } });
    expect(QUESTIONS.summary.parse({ text: 'Yes, send it', now: NOW })).toEqual({ ok: true, value: { action: 'send' } });
    expect(QUESTIONS.summary.parse({ text: 'no', now: NOW })).toEqual({ ok: true, value: { action: 'change' } });
    expect(QUESTIONS.summary.parse({ text: 'change postcode', now: NOW })).toEqual({ ok: true, value: { action: 'change', field: 'postcode' } });
    expect(QUESTIONS.summary.parse({ text: 'purple', now: NOW })).toEqual({ ok: false, error: 'summary.invalid' });
  });
});

describe('commands people can say at any time', () => {
  const guess = (intent: Recognition['intent'], score = 1): Recognition => ({ ...emptyRecognition(), intent, score, lowConfidence: false });

  it('knows the exact words of the command intents in cognitiveModels', () => {
    expect(exactCommand('Help')).toBe('help');
    expect(exactCommand('start over')).toBe('startOver');
    expect(exactCommand('STOP')).toBe('cancel');
    expect(exactCommand('cancel')).toBe('cancel');
    expect(exactCommand('talk to a person')).toBe('talkToPerson');
    expect(exactCommand('delete my data please')).toBe('deleteMyData');
    expect(exactCommand('Sam')).toBeUndefined();
  });

  it('acts on exact words at once, and only checks first on what the recognizer guessed', () => {
    expect(detectCommand('talk to a person', undefined, 'none')).toEqual({ id: 'talkToPerson', exact: true });
    expect(detectCommand('get me someone real', guess('talkToPerson'), 'any')).toEqual({ id: 'talkToPerson', exact: false });
  });

  it('does not trust guesses that are unsure, long, short answers, or not allowed here', () => {
    expect(detectCommand('get me someone real', guess('talkToPerson', 0.7), 'any')).toBeUndefined();
    expect(detectCommand('get me someone real', { ...guess('talkToPerson'), lowConfidence: true }, 'any')).toBeUndefined();
    expect(detectCommand('no', guess('cancel'), 'any')).toBeUndefined();
    expect(detectCommand('skip', guess('cancel'), 'any')).toBeUndefined();
    expect(detectCommand('more', guess('cancel'), 'none')).toBeUndefined();
    expect(detectCommand('one two three four five six seven eight nine', guess('cancel'), 'any')).toBeUndefined();
    expect(detectCommand('back', guess('startOver'), 'any')).toBeUndefined();
    expect(detectCommand('I feel lonely', guess('selfReferral'), 'any')).toBeUndefined();
  });

  it('at a free text question takes only gentle guesses (help, a person, stop), never delete my data or start over', () => {
    expect(detectCommand('getting back to my allotment', guess('deleteMyData'), 'gentle')).toBeUndefined();
    expect(detectCommand('a fresh start with my family', guess('startOver'), 'gentle')).toBeUndefined();
    expect(detectCommand('I would rather stop now', guess('cancel'), 'gentle')).toEqual({ id: 'cancel', exact: false });
    expect(detectCommand('get me someone real', guess('talkToPerson'), 'gentle')).toEqual({ id: 'talkToPerson', exact: false });
    expect(detectCommand('delete my data', undefined, 'gentle')).toEqual({ id: 'deleteMyData', exact: true });
  });
});
