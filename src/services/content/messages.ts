/**
 * Every word the bot says, keyed by message id, so a clinical safety officer can review them and translators can work
 * without touching code. Plain English (reading age 9-11); see ../shared/CONTENT.md. Use `say(id, values)`.
 */
export const MESSAGES = {
  'welcome.hello': "Hello, I'm Signpost. I can help you find local support for things like feeling lonely, money worries, housing or caring for someone.",
  'welcome.notForEmergencies': 'I am not for emergencies. If your life is at risk, call 999. For urgent mental health help, call NHS 111 and choose the mental health option.',
  'error.apology': "Sorry, something went wrong on our side. Please try again in a few minutes. If you need help now, call NHS 111, or 999 if your life is at risk.",
  'error.listening': 'Thank you. I have your message.',

  // Signposting: matching services and why each was suggested (src/services/directory, src/dialogs/SignpostDialog).
  'signpost.reason.need': 'helps with {need}',
  'signpost.reason.distance': '{distance} from {place}',
  'signpost.distance.miles': '{miles} miles',
  'signpost.distance.oneMile': '1 mile',
  'signpost.distance.under': 'less than 0.1 miles',
  'signpost.reason.national': 'open to people anywhere in the UK',
  'signpost.reason.online': 'online, so you can use it from home',
  'signpost.reason.phone': 'by phone, so you can use it from home',
  'signpost.reason.locatedIn': 'in {place}',
  'signpost.reason.whereUnknown': 'my list does not say where it is',
  'signpost.reason.agesBetween': 'for ages {min} to {max}',
  'signpost.reason.agesFrom': 'for ages {min} and over',
  'signpost.reason.agesUpTo': 'for ages up to {max}',
  'signpost.reason.whoFor': 'who it is for: {text}',
  'signpost.reason.open': 'open {when}',
  'signpost.reason.openNow': 'open now',
  'signpost.reason.openingText': 'opening times: {text}',
  'signpost.reason.free': 'free',
  'signpost.reason.howToAccess': '{text}',
  'signpost.access.referralNeeded': 'you need a referral first',
  'signpost.intro': 'Here are {count} services that may help. I chose them from what you told me.',
  'signpost.introOne': 'Here is a service that may help. I chose it from what you told me.',
  'signpost.intro.more': 'Here are {count} more.',
  'signpost.none': 'I could not find a service for that on my list. A link worker may know of others.',
  'signpost.none.filtered': 'None of them fit that choice, so here are all of them again.',
  'signpost.none.more': 'That is all the services I have for this.',
  'signpost.postcode.unknown': 'I could not find {district} on my list of postcode areas, so I cannot work out how far away things are.',
  'signpost.postcode.malformed': 'That does not look like a UK postcode, so I cannot work out how far away things are.',
  'signpost.askDistrict': 'To find services near you, what is the first part of your postcode? For example BS16. I only use it to work out distances.',
  'signpost.choices': 'What would you like to do next?',
  'signpost.choices.sms': 'Reply MORE to see more, NEAR, ONLINE or FREE to narrow them down, or DONE.',
  'signpost.notUnderstood': 'Sorry, I did not understand that. Please choose one of these.',
  'signpost.done': 'I hope they help. You can come back to this list at any time.',
  'signpost.action.more': 'More',
  'signpost.action.online': 'Online or phone only',
  'signpost.action.near': 'Near me',
  'signpost.action.free': 'Free only',
  'signpost.action.all': 'Show all',
  'signpost.action.text': 'Text me these',
  'signpost.action.done': 'Done',
  'signpost.card.call': 'Call {phone}',
  'signpost.card.website': 'Website',
  'signpost.card.email': 'Email',
  'signpost.contact.phone': 'Phone {phone}.',
  'signpost.contact.website': 'Website {url}.',
  'signpost.contact.email': 'Email {email}.',
  'signpost.contact.address': 'Address {address}.',
  'signpost.sms.header': 'Services that may help:',
  'signpost.textMe.header': 'From Signpost, services that may help:',
  'signpost.askMobile': 'What is your mobile number? I will text these services to it. I do not keep the number. Or say skip.',
  'signpost.mobile.invalid': 'That does not look like a UK mobile number. It should start with 07, like 07911 123456. Or say skip.',
  'signpost.mobile.sent': 'Done. I have texted them to your mobile ending {ending}.',
  'signpost.mobile.optedOut': 'That number has asked not to get texts from us. To allow them again, text START to us from that phone.',
  'signpost.mobile.gaveUp': 'I could not send them this time. You can copy them from the list above.',
  'signpost.mobile.skipped': 'OK, I will not text them.',
} as const;

export type MessageId = keyof typeof MESSAGES;

/** The text of a message with {placeholders} filled in. A missing value is an error, never a blank. */
export function say(id: MessageId, values: Record<string, string | number> = {}): string {
  return MESSAGES[id].replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`Message ${id} needs a value for {${key}}`);
    return String(value);
  });
}
