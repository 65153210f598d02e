/** Shared by the directory tests: a real embedded store in a temp folder, and the bundled directory as services. */
import { rmSync } from 'node:fs';
import { loadConfig } from '../../src/config';
import type { DirectoryService } from '../../src/services/directory/DirectoryService';
import { readBundledServices } from '../../src/services/directory/defaultDirectory';
import { openStores } from '../../src/storage';
import type { Stores } from '../../src/storage/Stores';
import { tempDataDir } from '../helpers/tempDir';

export interface TempStores {
  stores: Stores;
  dataDir: string;
  close(): Promise<void>;
}

export async function openTempStores(): Promise<TempStores> {
  const dataDir = tempDataDir('signpost-directory-');
  const stores = await openStores(loadConfig({ NODE_ENV: 'test', SIGNPOST_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
  return {
    stores,
    dataDir,
    close: async () => {
      await stores.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let bundled: DirectoryService[] | undefined;

/** The bundled real directory, read the way the importer reads it (no store), for matching tests. */
export function bundledServices(): DirectoryService[] {
  bundled ??= readBundledServices({ now: new Date('2025-01-01T00:00:00Z') });
  return bundled;
}

/** A service made up for a test (clearly not real data): the bundled data has no national, online or phone services. */
export function madeUpService(overrides: Partial<DirectoryService> & Pick<DirectoryService, 'id' | 'name' | 'needs'>): DirectoryService {
  return {
    description: 'A made-up service for a test.',
    taxonomyTerms: [],
    locations: [],
    coverage: 'local',
    delivery: [],
    openingTimes: [],
    eligibility: {},
    source: { dataset: 'test', licence: 'test' },
    updatedAt: new Date('2025-01-01T00:00:00Z'),
    ...overrides,
  };
}
