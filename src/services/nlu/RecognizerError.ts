/** A cloud recognizer could not answer (network, status, bad body). The message never holds what the person wrote. */
export class RecognizerUnavailableError extends Error {
  constructor(kind: string, reason: string) {
    super(`${kind} recognizer unavailable: ${reason}`);
    this.name = 'RecognizerUnavailableError';
  }
}

/** Azure list entities carry the need id as their canonical form; keep only the ones the taxonomy knows. */
export function uniqueNeeds(values: string[], known: (id: string) => boolean): string[] {
  return [...new Set(values.filter(known))];
}
