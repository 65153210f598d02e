/** Every message in the content module, rendered for SMS: GSM-7 only, and within the SMS budget. */
import { MESSAGES, say, type MessageId } from '../../../src/services/content/messages';
import { isGsm7, septets } from '../../../src/services/sms/gsm7';
import { renderSmsText } from '../../../src/channels/sms/renderText';

/** Realistic values for placeholders; anything else gets 12 characters, about a first name or a reference. */
const SAMPLES: Record<string, string> = {
  name: 'Samantha', reference: 'SP-7K3Q9', postcode: 'BS16 1QY', numbers: '1, 2 or 3', days: '730', phone: '07700 900123',
  email: 'sam.jones@example.org', service: 'Befriending Bristol', worker: 'Alex', count: '3', wait: '20 minutes',
};
/** Messages longer than one text must still fit this many. */
const MAX_PARTS = 4;

const filled = (id: MessageId): string => say(id, new Proxy({}, { get: (_t, key: string) => SAMPLES[key] ?? 'Xxxxxxxxxxxx' }) as Record<string, string>);

describe('the content module on SMS', () => {
  const ids = Object.keys(MESSAGES) as MessageId[];

  it.each(ids)('%s is GSM-7 as written (no curly quotes, dashes or emoji to replace)', (id) => {
    const problems = [...filled(id)].filter((c) => !isGsm7(c));
    expect(problems).toEqual([]);
  });

  // An empty SMS form means "not sent by text" (welcome.ask: the question says it), so it renders as no text at all.
  it.each(ids.filter((id) => MESSAGES[id] !== ''))('%s renders as GSM-7 texts of one segment each, at most %s texts', (id) => {
    const parts = renderSmsText(filled(id));
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.length).toBeLessThanOrEqual(MAX_PARTS);
    for (const part of parts) {
      expect(part.encoding).toBe('GSM-7');
      expect(part.segments).toBe(1);
      expect(septets(part.text)).toBeLessThanOrEqual(160);
    }
  });

  it('keeps every sms.* message to one text', () => {
    for (const id of ids.filter((i) => i.startsWith('sms.'))) expect(renderSmsText(filled(id))).toHaveLength(1);
  });
});
