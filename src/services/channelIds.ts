/**
 * The Bot Framework channel ids Signpost treats specially, one definition for every layer: text messages (Signpost's
 * Twilio channel, and Azure's) and web chat over Direct Line (Signpost's own, and Azure's). The same ids Azure Bot
 * Service uses, so conversations look alike whichever carries them.
 */
export const CHANNEL_IDS = {
  sms: 'sms',
  directLine: 'directline',
} as const;
