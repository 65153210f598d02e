import fc from 'fast-check';
import { matchServices } from '../../src/services/directory/matching/matchServices';
import { isGsm7, septets as gsm7Length, toGsm7 } from '../../src/services/sms/gsm7';
import { firstAddress, shortUrl, telUri } from '../../src/services/directory/present/contact';
import { serviceAsText, shortDescription } from '../../src/services/directory/present/serviceCards';
import { packMessages, servicesInShort, smsLine } from '../../src/services/directory/present/smsList';
import { parseSignpostReply } from '../../src/services/directory/replies';
import { sendTexts } from '../../src/services/directory/textServices';
import { bundledGeography } from '../../src/services/geography/Geography';
import { bundledServices, madeUpService } from './directoryKit';

describe('GSM-7', () => {
  it('swaps the look-alikes directories are full of, drops emoji and writes "?" for what has no GSM-7 form, as every text does', () => {
    expect(toGsm7('St Cuthbert\u2019s Church \u2013 \u201cfree\u201d\u2026 caf\u00e9 \u{1F600}')).toBe('St Cuthbert\'s Church - "free"... caf\u00e9');
    expect(toGsm7('\u4e2d\u6587 Club')).toBe('?? Club');
    expect(toGsm7('Cr\u00e8che na\u00efve')).toBe('Cr\u00e8che naive');
    expect(isGsm7('\u00e8\u00e9 \u00a3 \u20ac')).toBe(true);
    expect(gsm7Length('a\u20ac[')).toBe(5);
  });

  it('always gives GSM-7', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      expect(isGsm7(toGsm7(text))).toBe(true);
    }));
  });
});

describe('text message lists', () => {
  const g = bundledGeography();
  const results = matchServices(bundledServices(), { needs: ['loneliness'], origin: g.district('G15') }, g);

  it('makes one compact line per service, within budget, GSM-7 only', () => {
    const line = smsLine(results[0], 1);
    expect(line).toBe('1. Growchapel Community Growing Space: facebook.com/groups/growchapel. 0.4 miles from G15');
    for (const [i, r] of results.entries()) {
      const l = smsLine(r, i + 1, 100);
      expect(gsm7Length(l)).toBeLessThanOrEqual(100);
      expect(isGsm7(l)).toBe(true);
      expect(l.startsWith(`${i + 1}. `)).toBe(true);
    }
  });

  it('starts each part after the contact as a sentence, so a web address never runs into the words after it', () => {
    const byPhone = madeUpService({ id: 't:2', name: 'Call companions', needs: ['loneliness'], url: 'https://www.reengage.org.uk', delivery: ['phone'], coverage: 'national' });
    const [r] = matchServices([byPhone], { needs: ['loneliness'] });
    expect(smsLine(r, 2)).toBe('2. Call companions: reengage.org.uk. By phone');
    expect(smsLine(results[0], 1)).toBe('1. Growchapel Community Growing Space: facebook.com/groups/growchapel. 0.4 miles from G15');
  });

  it('drops the least important parts first, and cuts a name that alone is too long', () => {
    const long = madeUpService({ id: 't:1', name: 'A'.repeat(200), needs: ['food'], phone: '0114 496 0000' });
    const [r] = matchServices([long], { needs: ['food'] });
    expect(smsLine(r, 1)).toHaveLength(160);
    expect(smsLine(r, 1).endsWith('...')).toBe(true);
  });

  it('keeps a service\'s "only for some people" line in the same text as the service it is about', () => {
    const open = madeUpService({ id: 't:3', name: 'Lunch club', needs: ['loneliness'], phone: '0114 496 0001', description: 'x'.repeat(10) });
    const limited = madeUpService({ id: 't:4', name: 'Call companions', needs: ['loneliness'], url: 'https://www.reengage.org.uk', delivery: ['phone'], coverage: 'national', eligibility: { description: 'For older people', restrictions: ['For older people'] } });
    const ranked = matchServices([open, limited], { needs: ['loneliness'] });
    // A heading that leaves room for both services' lines in the first text, but not for the limit's line too.
    const lines = ranked.map((r, i) => smsLine(r, i + 1)).join('\n');
    const header = `${'x'.repeat(150 - gsm7Length(lines) - 2)}:`;
    const texts = servicesInShort(header, ranked);
    const withLimit = texts.find((t) => t.includes('Only for some people'));
    expect(withLimit).toBeDefined();
    expect(withLimit).toContain('Call companions');
    for (const t of texts) expect(gsm7Length(t)).toBeLessThanOrEqual(160);
  });

  it('packs lines into as few one-segment messages as possible', () => {
    const lines = Array.from({ length: 5 }, (_, i) => `${i + 1}. ${'x'.repeat(60)}`);
    const messages = packMessages('Header:', lines);
    expect(messages.every((m) => gsm7Length(m) <= 160)).toBe(true);
    expect(messages.join('\n')).toBe(['Header:', ...lines].join('\n'));
    expect(messages).toHaveLength(3);
    expect(servicesInShort('Services:', results.slice(0, 3), 4).join('\n')).toMatch(/^Services:\n4\. .*\n5\. .*\n6\. /);
  });
});

describe('what a directory says about who it is for and cost, shown (issue 17)', () => {
  const g = bundledGeography();
  const results = matchServices(bundledServices(), { needs: ['loneliness'], origin: g.district('S10'), age: 67 }, g);
  const bens = results.find((r) => r.service.name === "Ben's Centre");

  it('a card says the limit in the directory\'s own words, and the notes without repeating it', () => {
    const text = serviceAsText(bens!, 1);
    // Ending in the directory's own full stop or exclamation mark inside the quotes: no second full stop after them.
    expect(text).toContain('May only be for some people: "For people having alcohol/drug issues only!" Open');
    expect(text).not.toMatch(/[.!?]"\./);
    expect(text).toContain('Notes: Free hot meal and access to clothing at the Day Centre.');
    expect(text.match(/alcohol\/drug/g)).toHaveLength(1);
  });

  it('a text says it too, GSM-7, each message one segment', () => {
    const messages = servicesInShort('Services:', [bens!]);
    expect(messages.join('\n')).toContain('Only for some people: "For people having alcohol/drug issues only!"');
    for (const m of messages) {
      expect(gsm7Length(m)).toBeLessThanOrEqual(160);
      expect(isGsm7(m)).toBe(true);
    }
  });

  it('shows cost, referral rules, languages and access where the directory has them', () => {
    const service = madeUpService({ id: 't:9', name: 'Made-up Club', needs: ['loneliness'], phone: '0114 496 0000', fees: '\u00a31 donation if possible', referral: 'Self-referral or a referral from a supporting organisation', languages: ['English', 'Urdu'], accessibility: ['Wheelchair accessible'] });
    const [r] = matchServices([service], { needs: ['loneliness'] });
    const text = serviceAsText(r, 1);
    expect(text).toContain('Cost: \u00a31 donation if possible.');
    expect(text).toContain('How to get it: Self-referral or a referral from a supporting organisation.');
    expect(text).toContain('Languages: English, Urdu.');
    expect(text).toContain('Access: Wheelchair accessible.');
  });
});

describe('services as words', () => {
  it('reads well as plain text: name, what it is, why, how to reach it', () => {
    const g = bundledGeography();
    const [first] = matchServices(bundledServices(), { needs: ['food'], origin: g.district('S6') }, g);
    expect(serviceAsText(first, 1)).toBe([
      '1. Stannington',
      'Helps with food. 0.9 miles from S6. Open Monday, midday to 1pm.',
      'Notes: No referral needed, but need proof of address (Stannington area and close by) and evidence of how many people are living in the household if more than one person. \u00a31 donation per ready frozen meal.',
      'Phone 07706 285280. Website facebook.com/Stannington-Foodbank-112968863665554. Email jane_wall@hotmail.co.uk. Address Stanwood Methodist Church, S6 5HZ.',
    ].join('\n'));
  });

  it('shortens long descriptions at a sentence or a word', () => {
    expect(shortDescription('Short one.')).toBe('Short one.');
    expect(shortDescription(`${'Word '.repeat(30)}end. ${'More '.repeat(40)}`, 200)).toMatch(/end\.$/);
    expect(shortDescription('x '.repeat(200), 50)).toMatch(/\.\.\.$/);
  });

  it('makes call links and short web addresses', () => {
    expect(telUri('0114 321 0733')).toBe('tel:+441143210733');
    expect(telUri('12345')).toBeUndefined();
    expect(shortUrl('https://www.example.org/path/')).toBe('example.org/path');
    expect(firstAddress(madeUpService({ id: 't', name: 't', needs: [], locations: [{ name: 'Hall', address: '1 High St, Sheffield', postcode: 'S6 3BS' }] }))).toBe('Hall, 1 High St, Sheffield, S6 3BS');
  });
});

describe('replies', () => {
  it.each([
    ['More', 'more'], ['more please', 'more'], ['MORE', 'more'], ['next', 'more'],
    ['Near me', 'near'], ['anything closer?', 'near'], ['NEAR', 'near'],
    ['Online or phone only', 'online'], ['online', 'online'], ['from home', 'online'],
    ['Free only', 'free'], ['FREE', 'free'], ['Show all', 'all'], ['all', 'all'],
    ['Text me these', 'text'], ['text them to me', 'text'], ['send me these', 'text'],
    ['Done', 'done'], ['no thanks', 'done'], ['thank you!', 'done'],
  ])('%j means %s', (text, action) => {
    expect(parseSignpostReply(text)).toBe(action);
  });

  it.each(['banana', '', '   ', 'what?'])('%j means nothing', (text) => {
    expect(parseSignpostReply(text)).toBeUndefined();
  });
});

describe('text me these', () => {
  it('sends the messages as one request and says what became of it', async () => {
    const sent: string[][] = [];
    const sender = { send: async (_to: string, bodies: string[]) => (sent.push(bodies), 'limited' as const) };
    expect(await sendTexts(sender, '+447911123456', ['a', 'b', 'c'], 'c-1')).toBe('limited');
    expect(sent).toEqual([['a', 'b', 'c']]);
  });
});
