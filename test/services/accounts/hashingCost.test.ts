/**
 * The scrypt cost is a parameter of the account service (the console's `passwordHashing` option): production keeps the
 * default (N=2^15, r=8, p=3); the tests that sign in many times pass a cheap one. Whatever is chosen is used for every
 * hash the service makes (new users, changed and reset passwords, the decoy for an unknown email) and is what
 * "needs rehashing" is measured against, so a cheap test hash is not rehashed at the default cost at each sign-in.
 */
import { rmSync } from 'node:fs';
import { AccountService } from '../../../src/services/accounts/AccountService';
import { DEFAULT_PARAMETERS, hashPassword, needsRehash } from '../../../src/services/accounts/passwords';
import { openEmbeddedStores } from '../../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../../src/storage/Stores';
import { startTestApp, tempDataDir } from '../../helpers/testApp';
import { ConsoleClient, PASSWORD } from '../../console/consoleHarness';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
const parametersOf = (hash: string) => hash.split('$').slice(1, 4).map(Number);

describe('the account service hashes at the cost it is given', () => {
  let stores: Stores;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = tempDataDir('signpost-hashing-');
    stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uses the given parameters for new, changed and reset passwords, and does not rehash them at sign-in', async () => {
    const accounts = new AccountService(stores.consoleUsers, stores.consoleSessions, { hashing: CHEAP });
    const { user } = await accounts.addUser({ email: 'sam@example.org', role: 'linkworker', password: PASSWORD });
    const stored = async () => (await stores.consoleUsers.get(user.id))!.passwordHash;
    expect(parametersOf(await stored())).toEqual([CHEAP.N, CHEAP.r, CHEAP.p]);
    const first = await stored();
    expect(await accounts.authenticate('sam@example.org', PASSWORD)).not.toBeNull();
    expect(await stored()).toBe(first); // not rehashed: the cheap hash is what this service asks for
    expect(await accounts.authenticate('sam@example.org', 'a wrong password')).toBeNull();
    expect(await accounts.authenticate('nobody@example.org', PASSWORD)).toBeNull();
    await accounts.changePassword(user.id, PASSWORD, 'another long password');
    expect(parametersOf(await stored())).toEqual([CHEAP.N, CHEAP.r, CHEAP.p]);
    await accounts.resetPassword('sam@example.org');
    expect(parametersOf(await stored())).toEqual([CHEAP.N, CHEAP.r, CHEAP.p]);
  });

  it('keeps the default cost when given none, and rehashes a weaker stored hash at the next sign-in', async () => {
    const accounts = new AccountService(stores.consoleUsers, stores.consoleSessions);
    const user = await stores.consoleUsers.create({ email: 'sam@example.org', firstName: 'Sam', role: 'linkworker', passwordHash: await hashPassword(PASSWORD, CHEAP), mustChangePassword: false });
    expect(needsRehash((await stores.consoleUsers.get(user.id))!.passwordHash)).toBe(true);
    expect(await accounts.authenticate('sam@example.org', PASSWORD)).not.toBeNull();
    expect(parametersOf((await stores.consoleUsers.get(user.id))!.passwordHash)).toEqual([DEFAULT_PARAMETERS.N, DEFAULT_PARAMETERS.r, DEFAULT_PARAMETERS.p]);
  });

  it('is set through the console option: the app signs in at that cost and leaves such a hash as it is', async () => {
    const t = await startTestApp({}, { console: { passwordHashing: CHEAP } });
    try {
      await new AccountService(t.app.stores.consoleUsers, t.app.stores.consoleSessions, { hashing: CHEAP }).addUser({ email: 'sam@example.org', role: 'linkworker', password: PASSWORD });
      expect((await new ConsoleClient(t.baseUrl).login('sam@example.org', PASSWORD)).status).toBe(200);
      // At the default cost the app would have rehashed it at this sign-in.
      const hash = (await t.app.stores.consoleUsers.getByEmail('sam@example.org'))!.passwordHash;
      expect(parametersOf(hash)).toEqual([CHEAP.N, CHEAP.r, CHEAP.p]);
    } finally {
      await t.close();
    }
  });
});
