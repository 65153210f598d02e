/**
 * Crisis and safety texts go as they are: never shortened, never joined with other words (issue 21). Known by their
 * words: any message whose id starts with crisis. or safety. (the safety work owns those words and when they are said).
 */
import { MESSAGES, type MessageId } from '../../services/content/messages';
import { toGsm7 } from '../../services/sms/gsm7';

let texts: Set<string> | undefined;

function safetyTexts(): Set<string> {
  if (!texts) {
    texts = new Set();
    for (const id of Object.keys(MESSAGES) as MessageId[]) {
      if ((id.startsWith('crisis.') || id.startsWith('safety.')) && !MESSAGES[id].includes('{')) texts.add(toGsm7(MESSAGES[id]).trim());
    }
  }
  return texts;
}

/** True when a message's text is a crisis or safety message (or begins with one, as a question with its choices). */
export function mustGoAlone(text: string | undefined): boolean {
  if (!text) return false;
  const t = toGsm7(text).trim();
  if (safetyTexts().has(t)) return true;
  const firstLine = t.split('\n')[0];
  return safetyTexts().has(firstLine);
}
