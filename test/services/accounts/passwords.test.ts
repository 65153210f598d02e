/** Console passwords: scrypt with salt and parameters stored, constant-time checks, one-time passwords. */
import { DEFAULT_PARAMETERS, generatePassword, hashPassword, needsRehash, passwordProblem, verifyPassword, WeakPasswordError } from '../../../src/services/accounts/passwords';
import { firstNameFromEmail } from '../../../src/services/accounts/AccountService';

jest.setTimeout(60_000);

describe('passwords', () => {
  it('stores the algorithm, parameters, a random salt and the hash; the same password hashes differently each time', async () => {
    const a = await hashPassword('a long enough password');
    const b = await hashPassword('a long enough password');
    expect(a).toMatch(new RegExp(`^scrypt\\$${DEFAULT_PARAMETERS.N}\\$${DEFAULT_PARAMETERS.r}\\$${DEFAULT_PARAMETERS.p}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(a).not.toBe(b);
    expect(a).not.toContain('long enough');
  });

  it('verifies the right password only', async () => {
    const stored = await hashPassword('a long enough password');
    expect(await verifyPassword('a long enough password', stored)).toBe(true);
    expect(await verifyPassword('a long enough passworD', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats the same words in another Unicode form as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait please');
    expect(await verifyPassword('cafe\u0301 au lait please', stored)).toBe(true);
  });

  it('says no (after the same work) for a missing, malformed or tampered hash', async () => {
    expect(await verifyPassword('a long enough password', undefined)).toBe(false);
    expect(await verifyPassword('a long enough password', 'plain text')).toBe(false);
    expect(await verifyPassword('a long enough password', 'scrypt$1073741824$8$1$c2FsdHNhbHQ$aGFzaA')).toBe(false);
    expect(await verifyPassword('x'.repeat(10_000), await hashPassword('a long enough password'))).toBe(false);
  });

  it('checks older, weaker parameters and says they need rehashing', async () => {
    const old = await hashPassword('a long enough password', { N: 2 ** 14, r: 8, p: 1 });
    expect(await verifyPassword('a long enough password', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('a long enough password'))).toBe(false);
  });

  it('refuses short passwords and spaces at either end', async () => {
    expect(passwordProblem('short')).toMatch(/12 characters/);
    expect(passwordProblem(' leading space here')).toMatch(/space/);
    await expect(hashPassword('short')).rejects.toBeInstanceOf(WeakPasswordError);
  });

  it('generates one-time passwords of 20 characters without look-alikes, all different', () => {
    const many = Array.from({ length: 200 }, generatePassword);
    expect(new Set(many).size).toBe(200);
    for (const p of many) expect(p).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{20}$/);
  });

  it('takes a first name from an email address when it starts with one', () => {
    expect(firstNameFromEmail('sam.jones@example.org')).toBe('Sam');
    expect(firstNameFromEmail('PRIYA_patel@nhs.net')).toBe('Priya');
    expect(firstNameFromEmail('j.smith@example.org')).toBeUndefined();
    expect(firstNameFromEmail('123@example.org')).toBeUndefined();
  });
});
