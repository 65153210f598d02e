import type { ScryptParameters } from '../../src/services/accounts/passwords';

/**
 * The scrypt cost the test apps hash console passwords at: cheap (about 1 ms instead of 0.2 s a hash; the suite signs
 * in hundreds of times). The default cost itself is tested in test/services/accounts/passwords.test.ts, and
 * hashingCost.test.ts that a cost given is the one used.
 */
export const TEST_PASSWORD_HASHING: ScryptParameters = { N: 2 ** 10, r: 8, p: 1 };
