/**
 * While the embedded store's folder is gone (moved away, a file in its place), operations fail instead of writing to a
 * database file no longer in the folder (SQLite would carry on with the open file, and the writes would be lost with
 * it); once it is back they work again, and what failed is not there.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { tempDataDir } from '../helpers/tempDir';
import { newReferral } from './records';


describe('embedded store after a failed write', () => {
  let dataDir: string;
  let stores: Stores | undefined;
  beforeEach(async () => {
    dataDir = tempDataDir('signpost-failed-write-');
    stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await stores?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails while its folder is gone instead of answering from memory, and works again once it is back', async () => {
    await stores!.referrals.create(newReferral({ reference: 'SP-KEPT2' }));
    const away = `${dataDir}.away`;
    renameSync(dataDir, away);
    writeFileSync(dataDir, 'not a folder');
    try {
      await expect(stores!.referrals.create(newReferral({ reference: 'SP-LOST2' }))).rejects.toThrow();
      await expect(stores!.referrals.get('SP-LOST2')).rejects.toThrow();
    } finally {
      rmSync(dataDir);
      renameSync(away, dataDir);
    }
    expect(await stores!.referrals.get('SP-LOST2')).toBeNull();
    expect(await stores!.referrals.get('SP-KEPT2')).not.toBeNull();
    await stores!.referrals.create(newReferral({ reference: 'SP-AFTR2' }));
    await stores!.close();
    stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    const { items } = await stores.referrals.list();
    expect(items.map((r) => r.reference).sort()).toEqual(['SP-AFTR2', 'SP-KEPT2']);
  });
});
