/**
 * Every word the bot says, keyed by message id, so a clinical safety officer can review them and translators can work
 * without touching code. Plain English (reading age 9-11); see ../shared/CONTENT.md. Use `say(id, values)`.
 */
export const MESSAGES = {
  'welcome.hello': "Hello, I'm Signpost. I can help you find local support for things like feeling lonely, money worries, housing or caring for someone.",
  'welcome.notForEmergencies': 'I am not for emergencies. If your life is at risk, call 999. For urgent mental health help, call NHS 111 and choose the mental health option.',
  'error.apology': "Sorry, something went wrong on our side. Please try again in a few minutes. If you need help now, call NHS 111, or 999 if your life is at risk.",
  'error.listening': 'Thank you. I have your message.',
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
