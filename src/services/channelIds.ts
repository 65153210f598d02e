/**
 * The Bot Framework channel ids Signpost treats specially, one definition for every layer: text messages (Signpost's
 * Twilio channel, and Azure's) and web chat over Direct Line (Signpost's own, and Azure's). The same ids Azure Bot
 * Service uses, so conversations look alike whichever carries them.
 */
export const CHANNEL_IDS = {
  sms: 'sms',
  directLine: 'directline',
} as const;

/** A channel in words for people (the console): "web chat", "text message", never "directline". */
const CHANNEL_NAMES: Record<string, string> = {
  [CHANNEL_IDS.sms]: 'text message',
  [CHANNEL_IDS.directLine]: 'web chat',
  webchat: 'web chat',
  emulator: 'Bot Framework Emulator',
  msteams: 'Microsoft Teams',
  test: 'test',
};

export function channelName(channelId: string): string {
  return CHANNEL_NAMES[channelId] ?? channelId;
}
