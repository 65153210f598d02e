/**
 * Issue 19, item 7, without a server: the console sessions purge scenario of the conformance suite stays right on
 * MongoDB when the TTL monitor runs before every single operation (the fake driver's eagerTtl), as a real server's
 * may at any moment. Before, the scenario made a session that had already expired, which the monitor could delete
 * before the test read it back or purged it.
 */
import { FakeMongo } from '../fakes/fakeMongo';
import { storesOnConnection } from '../../src/storage/mongo/openMongoStores';
import { purgesExpiredSessionsOnly } from './consoleSessionsScenario';

describe('MongoDB console sessions with an eager TTL monitor (fake driver)', () => {
  it('purges expired sessions only, whenever the TTL monitor runs', async () => {
    const fake = new FakeMongo();
    const stores = await storesOnConnection(fake.connection, { retentionDays: 730 });
    fake.eagerTtl = true;
    try {
      await purgesExpiredSessionsOnly(stores, async () => stores);
      expect(fake.indexList('consoleSessions')).toContainEqual(expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }));
    } finally {
      await stores.close();
      await fake.connection.close();
    }
  });
});
