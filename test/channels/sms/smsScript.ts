/** A self-referral by text: each text sent, and the question it should bring back (picking options by number). */
import type { MessageId } from '../../../src/services/content/messages';

export const SMS_REFERRAL_STEPS: [string, MessageId][] = [
  ['Hi, my GP said to text you', 'welcome.question'],
  ['1', 'consent.ask'],
  ['1', 'intake.name.ask'],
  ['Sam', 'intake.dob.ask'],
  ['12/03/1961', 'intake.postcode.ask'],
  ['bs161qy', 'intake.contact.ask'],
  ['1', 'intake.gp.ask'],
  ['skip', 'intake.whatMatters.ask'],
  ['seeing my grandchildren', 'needs.ask'],
  ["I\u2019m lonely and behind on my rent \u{1F61E}", 'needs.confirm'],
  ['1', 'ons4.lifeSatisfaction'],
  ['7', 'ons4.worthwhile'],
  ['6', 'ons4.happiness'],
  ['skip', 'ons4.anxiety'],
  ['4', 'summary.ask'],
];
