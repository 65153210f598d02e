import { MESSAGES, say, type MessageId } from '../../../src/services/content/messages';
import { joinWords, sayShort, words } from '../../../src/services/content/shortForm';
import { listInWords, periodInWords } from '../../../src/services/content/plainWords';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|html)$/.test(name) && !path.endsWith(join('content', 'messages.ts')) ? [path] : [];
  });
}

/** GSM 03.38 basic set and extension table: anything else turns a text into UCS-2 (70 characters, double cost). */
const GSM7 = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà\f^{}\\[~]|€');

function filled(id: MessageId): string {
  const values = Object.fromEntries([...MESSAGES[id].matchAll(/\{(\w+)\}/g)].map((m) => [m[1], 'x']));
  return say(id, values);
}

describe('every message', () => {
  const ids = Object.keys(MESSAGES) as MessageId[];

  it.each(ids)('%s is GSM-7 only (straight quotes, no emoji, no curly apostrophes or long dashes)', (id) => {
    const bad = [...filled(id)].filter((c) => !GSM7.has(c));
    expect(bad).toEqual([]);
  });

  it('fits one text message (160 characters) once filled in, for the conversation and safety words', () => {
    const ours = ids.filter((id) => /^(welcome|consent|answer|intake|needs|ons4|summary\.(ask|choice|invalid|which|back)|field|referral|services|offerPerson|goodbye|anonymous|crisis|safety|help|command|privacy|resume|stuck|input|handoff\.(queued|already|failed|carryOn|relay|outOfHours)|satisfaction|followUp|afterHandoff)/.test(id));
    expect(ours.length).toBeGreaterThan(80);
    const tooLong = ours.filter((id) => filled(id).length > 160);
    expect(tooLong).toEqual([]);
  });

  it('gives the crisis numbers in the order the content guide sets', () => {
    const crisis = ['crisis.999', 'crisis.111', 'crisis.talk'].map((id) => MESSAGES[id as MessageId]).join(' ');
    expect(crisis.indexOf('999')).toBeLessThan(crisis.indexOf('NHS 111'));
    expect(crisis.indexOf('NHS 111')).toBeLessThan(crisis.indexOf('116 123'));
    expect(crisis.indexOf('116 123')).toBeLessThan(crisis.indexOf('85258'));
    expect(MESSAGES['crisis.111']).toContain('mental health option');
  });

  it('are all said somewhere: named in src or web, chosen by a template (`satisfaction.choice.${n}`) or as the .sms form of one', () => {
    const root = join(__dirname, '../../..');
    const code = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'web'))].map((f) => readFileSync(f, 'utf8')).join('\n');
    const templates = [...code.matchAll(/`([a-zA-Z.]+\.)\$\{/g)].map((m) => m[1]);
    const said = (id: string): boolean =>
      code.includes(`'${id}'`) || code.includes(`"${id}"`) || templates.some((prefix) => id.startsWith(prefix)) || (id.endsWith('.sms') && said(id.slice(0, -'.sms'.length)));
    expect(ids.filter((id) => !said(id))).toEqual([]);
  });

  it('refuses to leave a placeholder blank', () => {
    expect(() => say('referral.saved')).toThrow(/reference/);
  });
});

describe('words and their short form', () => {
  const variants = (Object.keys(MESSAGES) as MessageId[]).filter((id) => id.endsWith('.sms'));

  it('holds the .sms variant as the short form beside the words, and none where there is no variant', () => {
    expect(words('consent.given')).toEqual({ text: MESSAGES['consent.given'], short: MESSAGES['consent.given.sms'] });
    expect(words('goodbye')).toEqual({ text: MESSAGES['goodbye'] });
    expect(sayShort('goodbye')).toBe(MESSAGES['goodbye']);
    expect(sayShort('referral.saved', { reference: 'SP-ABCDE' })).toBe(say('referral.saved.sms', { reference: 'SP-ABCDE' }));
  });

  it('joins words in both forms, leaving out what is empty in each', () => {
    expect(joinWords([{ text: 'a' }, { text: 'b' }])).toEqual({ text: 'a\nb' });
    expect(joinWords([{ text: 'a', short: '' }, { text: 'b', short: 'B' }, { text: 'c' }])).toEqual({ text: 'a\nb\nc', short: 'B\nc' });
  });

  it('never offers STOP or CANCEL by text as a way out of a question (they end all texts)', () => {
    for (const id of variants) expect({ id, text: MESSAGES[id].replace(/Texting STOP ends all texts from us\./, '') }).toEqual({ id, text: expect.not.stringMatching(/\b(stop|cancel)\b/i) });
    for (const id of ['consent.given', 'help.text'] as MessageId[]) expect(variants).toContain(`${id}.sms`);
  });
});

describe('plain words', () => {
  it('says retention periods as people would', () => {
    expect(periodInWords(730)).toBe('2 years');
    expect(periodInWords(365)).toBe('1 year');
    expect(periodInWords(180)).toBe('6 months');
    expect(periodInWords(30)).toBe('1 month');
    expect(periodInWords(45)).toBe('45 days');
    expect(periodInWords(1)).toBe('1 day');
  });

  it('joins lists with "and"', () => {
    expect(listInWords([])).toBe('');
    expect(listInWords(['a'])).toBe('a');
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
