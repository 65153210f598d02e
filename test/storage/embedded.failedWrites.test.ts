/**
 * A write the embedded store could not append to its file is not kept in memory: reads do not see it, compaction does
 * not write it, and after a restart it is not there. While the file cannot be read at all, operations fail instead of
 * answering from memory; once it is back they work again.
 */
import fs, { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_FILES, openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { tempDataDir } from '../helpers/testApp';
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

  it('forgets a write whose append failed part way: not read, not compacted, not there after a restart', async () => {
    const kept = await stores!.referrals.create(newReferral({ reference: 'SP-KEPT1' }));
    const realAppend = fs.appendFileSync;
    jest.spyOn(fs, 'appendFileSync').mockImplementationOnce((file, data) => {
      realAppend(file, String(data).slice(0, 15)); // part of the line reached the disk
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    });
    await expect(stores!.referrals.create(newReferral({ reference: 'SP-LOST1' }))).rejects.toThrow(/no space/);
    expect(await stores!.referrals.get('SP-LOST1')).toBeNull();
    const after = await stores!.referrals.create(newReferral({ reference: 'SP-AFTR1' }));
    expect(readFileSync(path.join(dataDir, DATA_FILES.referrals), 'utf8')).not.toContain('SP-LOST1');

    await stores!.close(); // compacts
    stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    expect(await stores.referrals.get('SP-LOST1')).toBeNull();
    expect(await stores.referrals.get(kept.reference)).toEqual(kept);
    expect(await stores.referrals.get(after.reference)).toEqual(after);
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
