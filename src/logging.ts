/**
 * Structured logging with pino. The rule is to log ids, channels, dialog ids and timings, never what people wrote or
 * who they are. Redaction below is a safety net for fields that must never be printed even if a caller slips.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Field names whose values are personal or secret wherever they appear (one or two levels deep). */
export const REDACTED_FIELDS = [
  'text', 'body', 'Body', 'From', 'To', 'name', 'preferredName', 'phone', 'email', 'postcode', 'dateOfBirth',
  'address', 'password', 'token', 'authorization', 'cookie', 'secret', 'value', 'whatMatters', 'transcript',
] as const;

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const paths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);
  return pino(
    {
      level,
      base: { service: 'signpost' },
      redact: { paths, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    destination,
  );
}

/** Errors are logged by type, message and stack; messages of errors thrown by our own code never carry personal data. */
function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  return { type: err.name, message: err.message, stack: err.stack };
}
