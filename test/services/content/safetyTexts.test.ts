/**
 * Safety words by text message: each crisis or safety message fits two SMS segments in GSM-7 (one non-GSM character
 * would double the cost and halve the room), so it is never cut or split across more, and every number in them comes
 * from the helplines module, where its source and the date checked stand beside it.
 */
import { segmentCount } from '../../../src/services/sms/gsm7';
import { HELPLINES } from '../../../src/services/content/helplines';
import { MESSAGES, type MessageId } from '../../../src/services/content/messages';

const SAFETY_IDS = (Object.keys(MESSAGES) as MessageId[]).filter((id) => id.startsWith('crisis.') || id.startsWith('safety.'));

describe('safety messages', () => {
  it('are all there', () => {
    expect(SAFETY_IDS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(SAFETY_IDS)('%s fits two GSM-7 segments', (id) => {
    expect(segmentCount(MESSAGES[id])).toMatchObject({ encoding: 'GSM-7' });
    expect(segmentCount(MESSAGES[id]).segments).toBeLessThanOrEqual(2);
  });

  it('give only numbers that are in the helplines module, each with a source and the date it was checked', () => {
    const known = new Set(Object.values(HELPLINES).map((h) => h.number.replace(/\s/g, '')));
    for (const id of SAFETY_IDS) {
      for (const number of MESSAGES[id].match(/\b\d[\d ]{1,12}\d\b|\b\d{2,3}\b/g) ?? []) {
        if (/^(24|10)$/.test(number)) continue; // "24 hours", "10 minutes"
        expect([id, number, known.has(number.replace(/\s/g, ''))]).toEqual([id, number, true]);
      }
    }
    for (const helpline of Object.values(HELPLINES)) {
      expect(helpline.source).toMatch(/^https?:\/\//);
      expect(helpline.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
