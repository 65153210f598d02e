/** Which SMS the app runs: Twilio when TWILIO_* is set; else the local simulator; in production without Twilio, none. */
import type { Config } from '../../config';

export type SmsMode = 'twilio' | 'simulator' | 'off';

/** The simulator's own number (Ofcom's range for drama, never a real phone). */
export const SIMULATOR_NUMBER = '+447700900000';

export function smsMode(config: Config): SmsMode {
  if (config.twilio) return 'twilio';
  return config.env === 'production' ? 'off' : 'simulator';
}

/** The number texts come from, as the bot's id on activities: TWILIO_FROM, the Messaging Service, or the simulator's. */
export function smsBotNumber(config: Config): string {
  return config.twilio?.from ?? config.twilio?.messagingServiceSid ?? SIMULATOR_NUMBER;
}
