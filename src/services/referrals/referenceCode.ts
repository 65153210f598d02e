/**
 * Referral references people can read aloud over the phone: "SP-" and five characters from an alphabet without
 * look-alikes or sound-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V). 23^5 is about 6.4 million references; a clash is
 * caught by the repository (DuplicateReferenceError) and a new one drawn.
 */
import { randomInt } from 'node:crypto';
import type { Referral } from './Referral';
import { DuplicateReferenceError, type ReferralRepository } from './ReferralRepository';

export const REFERENCE_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';
export const REFERENCE_LENGTH = 5;
export const REFERENCE_PATTERN = new RegExp(`^SP-[${REFERENCE_ALPHABET}]{${REFERENCE_LENGTH}}$`);
const MAX_ATTEMPTS = 8;

/** Picks a random index below n (crypto by default; tests pass their own to force clashes). */
export type RandomIndex = (n: number) => number;

export function newReference(random: RandomIndex = randomInt): string {
  let code = '';
  for (let i = 0; i < REFERENCE_LENGTH; i++) code += REFERENCE_ALPHABET[random(REFERENCE_ALPHABET.length)];
  return `SP-${code}`;
}

/** "sp 7k3q9", "SP7K3Q9" -> "SP-7K3Q9", or undefined when it cannot be a reference. */
export function normaliseReference(text: string): string | undefined {
  const compact = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const code = compact.startsWith('SP') ? compact.slice(2) : compact;
  const reference = `SP-${code}`;
  return REFERENCE_PATTERN.test(reference) ? reference : undefined;
}

/**
 * Saves a referral under a fresh reference, drawing again when one is taken. `build` makes the record for a
 * reference; other errors pass through untouched.
 */
export async function createWithNewReference(
  repository: Pick<ReferralRepository, 'create'>,
  build: (reference: string) => Parameters<ReferralRepository['create']>[0],
  random: RandomIndex = randomInt,
): Promise<Referral> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await repository.create(build(newReference(random)));
    } catch (error) {
      if (!(error instanceof DuplicateReferenceError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
