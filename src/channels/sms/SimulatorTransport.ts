/**
 * The local SMS simulator's transport: without Twilio credentials, texts are "sent" by keeping them in the outbox
 * (marked sent and delivered) where `signpost sms` reads them back through the simulator route. Nothing leaves the
 * machine.
 */
import { randomBytes } from 'node:crypto';
import type { SmsTransport } from './SmsTransport';

export class SimulatorTransport implements SmsTransport {
  readonly name = 'simulator' as const;

  async send(): Promise<string> {
    return `SM${randomBytes(16).toString('hex')}`;
  }
}
