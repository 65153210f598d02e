/**
 * Bad input to a port: every storage adapter throws it (with the field and the problem, never the value) before it
 * stores anything, and the console answers it with 400. Defined with the ports so callers need not know an adapter.
 */
export class InvalidRecordError extends Error {
  constructor(what: string, problems: string[]) {
    super(`Invalid ${what}: ${problems.join('; ')}`);
    this.name = 'InvalidRecordError';
  }
}
